/**
 * Where things sit on the 1280×720 canvas. Pure numbers, shared by the scenes (to draw) and the
 * DOM layer (which puts each button's canvas centre in data-canvas-x / data-canvas-y for tests
 * that click the canvas).
 */

export const WIDTH = 1280;
export const HEIGHT = 720;

/**
 * How many device pixels the canvas has per logical pixel (1 or 2), chosen once at start from the
 * space the canvas gets and the device pixel ratio, so big and high-DPI screens stay sharp. Scenes
 * draw in logical 1280×720 coordinates and zoom their camera by this factor.
 */
export const RENDER_SCALE = (() => {
  try {
    const stage = document.getElementById('game')?.getBoundingClientRect();
    const fit = stage && stage.width > 0 ? Math.min(stage.width / WIDTH, stage.height / HEIGHT) : 1;
    return Math.min(2, Math.max(1, Math.ceil((globalThis.devicePixelRatio || 1) * fit - 0.25)));
  } catch {
    return 1;
  }
})();

/** Point a scene's main camera at the logical 1280×720 world, zoomed by RENDER_SCALE. */
export function fitCamera(camera: { setZoom(z: number): unknown; centerOn(x: number, y: number): unknown }): void {
  camera.setZoom(RENDER_SCALE);
  camera.centerOn(WIDTH / 2, HEIGHT / 2);
}

/** A rectangle in logical canvas pixels. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The centre of a box. */
export function centre(b: Box): { x: number; y: number } {
  return { x: Math.round(b.x + b.w / 2), y: Math.round(b.y + b.h / 2) };
}

/** The room's regions. */
export const ROOM = {
  topBar: { x: 0, y: 0, w: WIDTH, h: 52 },
  table: { x: 16, y: 64, w: 600, h: 376 },
  situation: { x: 632, y: 64, w: 632, h: 246 },
  advice: { x: 632, y: 318, w: 632, h: 122 },
  meters: { x: 16, y: 450, w: 1248, h: 62 },
  choices: { x: 16, y: 522, w: 1248, h: 160 },
  ticker: { x: 0, y: 690, w: WIDTH, h: 30 },
  timerRing: { x: 1152, y: 522, w: 112, h: 160 },
} as const;

/** Advisor seats: centres of the portraits around the far side of the oval table (the player sits at the near side), for n advisors (1..12). */
export function advisorSeats(n: number): { x: number; y: number }[] {
  const t = ROOM.table;
  const cx = t.x + t.w / 2;
  const cy = t.y + t.h / 2 + 6;
  const rx = t.w / 2 - 70;
  const ry = t.h / 2 - 78;
  // From just below the left end, over the top, to just below the right end.
  const spread = 0.42;
  const from = Math.PI - spread;
  const span = Math.PI + 2 * spread;
  const seats: { x: number; y: number }[] = [];
  if (n > 6) {
    // Many advisors: two rows facing each other across a long cabinet table.
    const top = Math.ceil(n / 2);
    const rows: [number, number][] = [
      [top, t.y + 48],
      [n - top, t.y + 268],
    ];
    for (const [count, y] of rows) {
      const step = (t.w - 40) / count;
      for (let i = 0; i < count; i++) seats.push({ x: Math.round(t.x + 20 + step * (i + 0.5)), y });
    }
    return seats;
  }
  for (let i = 0; i < n; i++) {
    const a = n === 1 ? (3 * Math.PI) / 2 : n === 2 ? from + span * (i === 0 ? 0.3 : 0.7) : from + (span * i) / (n - 1);
    seats.push({ x: Math.round(cx + rx * Math.cos(a)), y: Math.round(cy + ry * Math.sin(a)) });
  }
  return seats;
}

/** The table top (an ellipse) for n advisors. */
export function tableTop(n: number): { cx: number; cy: number; w: number; h: number } {
  const t = ROOM.table;
  return n > 6
    ? { cx: t.x + t.w / 2, cy: t.y + 178, w: t.w - 90, h: 104 }
    : { cx: t.x + t.w / 2, cy: t.y + t.h / 2 + 4, w: t.w - 200, h: t.h - 180 };
}

/** The widest name plate that does not run into the next seat. */
export function plateWidth(n: number): number {
  const seats = advisorSeats(n);
  let min = 150;
  // Plates sit side by side only where neighbours are at about the same height.
  for (let i = 1; i < seats.length; i++)
    if (Math.abs(seats[i]!.y - seats[i - 1]!.y) < 40) min = Math.min(min, Math.abs(seats[i]!.x - seats[i - 1]!.x) - 6);
  return Math.max(70, Math.min(150, Math.floor(min)));
}

/** The portrait radius for n advisors. */
export function portraitRadius(n: number): number {
  return n <= 4 ? 34 : n <= 8 ? 27 : 21;
}

/** Choice card boxes for n choices (1..10); leaves room for the timer ring when there is one. */
export function choiceCards(n: number, withTimer: boolean): Box[] {
  const area = ROOM.choices;
  const width = withTimer ? area.w - ROOM.timerRing.w - 8 : area.w;
  const rows = n <= 4 ? 1 : 2;
  const perRow = Math.ceil(n / rows);
  const gap = 10;
  const h = rows === 1 ? area.h : (area.h - gap) / 2;
  const w = (width - gap * (perRow - 1)) / perRow;
  const boxes: Box[] = [];
  for (let i = 0; i < n; i++) {
    const r = Math.floor(i / perRow);
    const c = i % perRow;
    boxes.push({
      x: Math.round(area.x + c * (w + gap)),
      y: Math.round(area.y + r * (h + gap)),
      w: Math.floor(w),
      h: Math.floor(h),
    });
  }
  return boxes;
}

/** Title screen: scenario cards side by side. */
export function titleCards(n: number): Box[] {
  const top = 150;
  const h = 470;
  const margin = 48;
  const gap = 24;
  const count = Math.max(1, Math.min(n, 3));
  const w = Math.min(560, (WIDTH - margin * 2 - gap * (count - 1)) / count);
  const total = w * count + gap * (count - 1);
  const x0 = (WIDTH - total) / 2;
  return Array.from({ length: Math.min(n, 3) }, (_, i) => ({
    x: Math.round(x0 + i * (w + gap)),
    y: top,
    w: Math.floor(w),
    h,
  }));
}

/** The buttons inside a title card. */
export function titleCardButtons(card: Box): { newGame: Box; cont: Box } {
  const y = card.y + card.h - 64;
  const w = (card.w - 48 - 16) / 2;
  return { newGame: { x: card.x + 24, y, w, h: 44 }, cont: { x: card.x + 24 + w + 16, y, w, h: 44 } };
}

/** The Continue button of the outcome panel. */
export const OUTCOME = {
  panel: { x: 140, y: 72, w: 1000, h: 368 },
  cont: { x: 1140 - 24 - 200, y: 440 - 24 - 48, w: 200, h: 48 },
} as const;

/** The Begin button of the briefing. */
export const BRIEFING_BEGIN: Box = { x: WIDTH / 2 - 110, y: 620, w: 220, h: 54 };

/** The debrief buttons. */
export const DEBRIEF_BUTTONS: { playAgain: Box; mainMenu: Box; exportPath: Box } = {
  playAgain: { x: 40, y: 656, w: 200, h: 46 },
  mainMenu: { x: 256, y: 656, w: 200, h: 46 },
  exportPath: { x: 472, y: 656, w: 260, h: 46 },
};
