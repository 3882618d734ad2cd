/**
 * Where things sit on the canvas. Numbers shared by the scenes (to draw) and the DOM layer
 * (which puts each button's canvas box in data-canvas-x / -y / -w / -h, for tests that click the
 * canvas and for the focus ring drawn on the canvas).
 *
 * The logical canvas is always 720 high; its width follows the shape of the space it fills
 * (1280 at 16:9, 1152 at 16:10, 960 at 4:3), so the picture fills the window instead of being
 * letterboxed, and every region below is laid out for that width.
 */

/** The logical canvas width for the current window shape (see `setViewWidth`). */
export let WIDTH = 1280;
export const HEIGHT = 720;
/** The narrowest and widest logical canvas: beyond them the picture is letterboxed. */
export const MIN_WIDTH = 960;
export const MAX_WIDTH = 1536;

/** The logical width that fills a stage of this size (720 high, clamped to MIN_WIDTH..MAX_WIDTH). */
export function viewWidthFor(stageWidth: number, stageHeight: number): number {
  if (!(stageWidth > 0 && stageHeight > 0)) return 1280;
  return Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, Math.round((HEIGHT * stageWidth) / stageHeight / 8) * 8));
}

const viewListeners = new Set<() => void>();

/** Lay out for another logical width; the scenes and the DOM layer listening redraw. */
export function setViewWidth(width: number): void {
  if (width === WIDTH) return;
  WIDTH = width;
  for (const l of [...viewListeners]) l();
}

/** Listen for a new logical width; returns the unsubscribe function. */
export function onViewWidth(listener: () => void): () => void {
  viewListeners.add(listener);
  return () => viewListeners.delete(listener);
}

/**
 * How many device pixels the canvas has per logical pixel (1 or 2), chosen once at start from the
 * space the canvas gets and the device pixel ratio, so big and high-DPI screens stay sharp. Scenes
 * draw in logical 1280×720 coordinates and zoom their camera by this factor.
 */
export const RENDER_SCALE = (() => {
  try {
    const stage = document.getElementById('game')?.getBoundingClientRect();
    const fit = stage && stage.width > 0 ? Math.min(stage.width / 1280, stage.height / HEIGHT) : 1;
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

/** Width of the table column in the room (the rest of the width goes to the situation and advice). */
const tableWidth = () => Math.round((WIDTH - 48) * 0.48);

/** The room's regions, laid out for the current WIDTH. */
export const ROOM = {
  get topBar(): Box {
    return { x: 0, y: 0, w: WIDTH, h: 52 };
  },
  get table(): Box {
    return { x: 16, y: 64, w: tableWidth(), h: 376 };
  },
  get situation(): Box {
    const x = 32 + tableWidth();
    return { x, y: 64, w: WIDTH - 16 - x, h: 246 };
  },
  get advice(): Box {
    const x = 32 + tableWidth();
    return { x, y: 318, w: WIDTH - 16 - x, h: 122 };
  },
  get meters(): Box {
    return { x: 16, y: 450, w: WIDTH - 32, h: 62 };
  },
  get choices(): Box {
    return { x: 16, y: 522, w: WIDTH - 32, h: 160 };
  },
  get ticker(): Box {
    return { x: 0, y: 690, w: WIDTH, h: 30 };
  },
  get timerRing(): Box {
    return { x: WIDTH - 16 - 112, y: 522, w: 112, h: 160 };
  },
};

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
      // Rows high and low enough for four-line name plates and two-line stance tags under each.
      [top, t.y + 44],
      [n - top, t.y + 252],
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

/** Width of the "▼ more" column right of the choice cards when they show a page at a time. */
export const CHOICE_CUE_W = 96;

/** Choice card boxes for n choices (1..10); leaves room for the timer ring when there is one, and for the page cue when `paged`. */
export function choiceCards(n: number, withTimer: boolean, paged = false): Box[] {
  const area = ROOM.choices;
  const width = (withTimer ? area.w - ROOM.timerRing.w - 8 : area.w) - (paged ? CHOICE_CUE_W + 10 : 0);
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
  const margin = 48;
  const gap = 24;
  // Up to 3 tall cards in a row; 4 to 8 as two rows of short ones (title, role, buttons).
  const rows = n <= 3 ? 1 : 2;
  const perRow = n <= 3 ? Math.max(1, n) : 4;
  const h = rows === 1 ? 472 : (472 - gap / 2) / 2;
  const w = Math.min(560, (WIDTH - margin * 2 - gap * (perRow - 1)) / perRow);
  const total = w * perRow + gap * (perRow - 1);
  const x0 = (WIDTH - total) / 2;
  return Array.from({ length: Math.min(n, rows * perRow) }, (_, i) => ({
    x: Math.round(x0 + (i % perRow) * (w + gap)),
    y: Math.round(top + Math.floor(i / perRow) * (h + gap / 2)),
    w: Math.floor(w),
    h: Math.floor(h),
  }));
}

/** The title screen's action buttons (view-state.ts), centred in one row under the cards. */
export function titleActionButtons(n: number): Box[] {
  const gap = 16;
  const w = Math.min(240, (WIDTH - 96 - gap * (n - 1)) / Math.max(1, n));
  const x0 = (WIDTH - (w * n + gap * (n - 1))) / 2;
  return Array.from({ length: n }, (_, i) => ({ x: Math.round(x0 + i * (w + gap)), y: 642, w: Math.floor(w), h: 44 }));
}

/** Room for a row of buttons; with `minW`, buttons that would be narrower take more rows, growing upward from the area's bottom. */
export interface ButtonArea extends Box {
  minW?: number;
}

/** A row of n buttons inside `area` (left-aligned, at most 220 wide each), or rows of them (see ButtonArea). */
export function buttonRow(area: ButtonArea, n: number): Box[] {
  const gap = 10;
  const most = area.minW ? Math.max(1, Math.floor((area.w + gap) / (area.minW + gap))) : n;
  // At most two rows: narrower buttons wrap their labels instead.
  const rows = Math.min(2, Math.ceil(n / Math.max(1, most)));
  const cols = Math.ceil(n / rows);
  const w = Math.min(220, (area.w - gap * (cols - 1)) / Math.max(1, cols));
  // Several rows: lower buttons, the last row on the area's bottom line.
  const h = rows > 1 ? 29 : area.h;
  const top = area.y + area.h - rows * h - (rows - 1) * 5;
  return Array.from({ length: n }, (_, i) => ({
    x: Math.round(area.x + (i % cols) * (w + gap)),
    y: Math.round(top + Math.floor(i / cols) * (h + 5)),
    w: Math.floor(w),
    h,
  }));
}

/** A title card's inner margin: narrow cards (four in a row at 960 wide) keep more width for their text. */
export function titleCardPad(card: Box): number {
  return card.w < 240 ? 14 : 24;
}

/** Where a title card's extra buttons go (view-state.ts canvas extras): a row just above New game (two rows when narrow). */
export function titleCardExtras(card: Box): ButtonArea {
  const pad = titleCardPad(card);
  const y = titleCardButtons(card).newGame.y - 8 - 40;
  return { x: card.x + pad, y, w: card.w - 2 * pad, h: 40, minW: 96 };
}

/** Where the debrief's extra buttons go: right of Export decision path, or (when that is too narrow for n) a row of their own above it. */
export function debriefExtras(n = 0): Box {
  const x = DEBRIEF_BUTTONS.exportPath.x + DEBRIEF_BUTTONS.exportPath.w + 16;
  const beside = { x, y: DEBRIEF_BUTTONS.exportPath.y, w: WIDTH - 24 - x, h: DEBRIEF_BUTTONS.exportPath.h };
  if (n * 200 + (n - 1) * 10 <= beside.w) return beside;
  return { x: 24, y: DEBRIEF_BUTTONS.exportPath.y - 56, w: WIDTH - 48, h: 46 };
}

/** The buttons inside a title card. */
export function titleCardButtons(card: Box): { newGame: Box; cont: Box } {
  const pad = titleCardPad(card);
  // Short cards (two rows of them) keep a narrower bottom margin: their text needs the height.
  const short = card.h < 300;
  const y = card.y + card.h - (short ? 54 : 64);
  const h = short ? 42 : 44;
  const w = (card.w - 2 * pad - 16) / 2;
  return { newGame: { x: card.x + pad, y, w, h }, cont: { x: card.x + pad + w + 16, y, w, h } };
}

/** The outcome panel and its Continue button. */
export const OUTCOME = {
  get panel(): Box {
    const w = Math.min(1000, WIDTH - 80);
    return { x: Math.round((WIDTH - w) / 2), y: 72, w, h: 368 };
  },
  get cont(): Box {
    const p = OUTCOME.panel;
    return { x: p.x + p.w - 24 - 200, y: p.y + p.h - 24 - 48, w: 200, h: 48 };
  },
};

/** The Begin button of the briefing. */
export const BRIEFING_BEGIN = {
  get x() {
    return WIDTH / 2 - 110;
  },
  y: 620,
  w: 220,
  h: 54,
};

/** The Settings and Text view buttons float over the canvas's top right corner: drawings leave it free. */
export const TOOLBAR_RESERVED = 250;

/** The debrief buttons. */
export const DEBRIEF_BUTTONS: { playAgain: Box; mainMenu: Box; exportPath: Box } = {
  playAgain: { x: 24, y: 656, w: 170, h: 46 },
  mainMenu: { x: 204, y: 656, w: 170, h: 46 },
  exportPath: { x: 384, y: 656, w: 230, h: 46 },
};

/** Where each of n choices is drawn now: its card on the shown page, undefined on another page. */
export function shownChoiceCards(
  n: number,
  withTimer: boolean,
  page: { first: number; count: number },
): (Box | undefined)[] {
  const { first, count } = page;
  if (count >= n) return choiceCards(n, withTimer);
  const cards = choiceCards(Math.min(count, n - first), withTimer, true);
  return Array.from({ length: n }, (_, i) => (i >= first && i < first + count ? cards[i - first] : undefined));
}
