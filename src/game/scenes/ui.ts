/** Drawing helpers shared by the scenes: the palette, text styles, buttons and text fitting. */
import Phaser from 'phaser';
import type { GameSession } from '../session.ts';
import type { ViewState } from '../view-state.ts';
import { HEIGHT, RENDER_SCALE, WIDTH, fitCamera, type Box } from '../layout.ts';
import { splitParagraphs } from '../../scenario/text.ts';
import { knownMetrics, reuseFontMetrics } from './text-metrics.ts';
import { MIN_GLYPH_PX, wrapText } from './word-wrap.ts';
import { graphemeEnds } from '../../ui/line-breaks.ts';

reuseFontMetrics();

/** The palette (dark room, amber accents), as numbers for shapes and strings for text. */
export const COLORS = {
  bg: 0x0d141c,
  panel: 0x17212c,
  panelEdge: 0x2b3a4a,
  card: 0x1e2b3a,
  cardHover: 0x2a3c50,
  accent: 0xe0b04a,
  wood: 0x5a3b22,
  woodEdge: 0x7a5533,
  good: 0x3fa66b,
  bad: 0xd0583f,
  mixed: 0xd9a03a,
  neutral: 0x5dade2,
} as const;

export const TEXT = {
  main: '#e8edf2',
  dim: '#a9b7c6',
  accent: '#f0c060',
  dark: '#0d141c',
  good: '#6fd08f',
  bad: '#ff8a70',
} as const;

export const FONT = '"Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif';

/** A text style scaled for the "Larger text" setting. */
export function style(
  session: GameSession,
  size: number,
  extra: Phaser.Types.GameObjects.Text.TextStyle = {},
): Phaser.Types.GameObjects.Text.TextStyle {
  const scale = session.settings.get().largerText ? 1.2 : 1;
  const out: Phaser.Types.GameObjects.Text.TextStyle = {
    fontFamily: FONT,
    fontSize: `${Math.round(size * scale)}px`,
    color: TEXT.main,
    resolution: RENDER_SCALE,
    ...extra,
    // Every text wraps with wrapText (breaks words longer than a line), also when a width is set later.
    wordWrap: { ...extra.wordWrap, callback: wrapText },
  };
  // A font measured before need not be measured again (text-metrics.ts).
  const metrics = knownMetrics(out as { fontStyle?: string; fontSize?: string; fontFamily?: string });
  return metrics ? { ...out, metrics } : out;
}

/**
 * The longest prefix length of `full` that, shortened with "…", still passes `fits` (binary search
 * over grapheme cluster ends, so "…" never follows half a letter or a mark without its letter).
 */
function longestFitting(t: Phaser.GameObjects.Text, full: string, fits: () => boolean): number {
  const ends = [0, ...graphemeEnds(full)];
  let lo = 0;
  let hi = ends.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    t.setText(full.slice(0, ends[mid]).trimEnd() + '…');
    if (fits()) lo = mid;
    else hi = mid - 1;
  }
  return ends[lo]!;
}

/**
 * Texts shown shortened with "…" right now. The scenes avoid it (they shrink, wrap and page text);
 * anything left here is text a player cannot read in the picture, which the browser tests read
 * through `window.__crisisRoom.truncations()`.
 */
const truncated = new Map<Phaser.GameObjects.Text, string>();

function noteTruncated(t: Phaser.GameObjects.Text, full: string): void {
  truncated.set(t, full);
}

/**
 * Texts drawn outside their room in the scenes now active: off the canvas, wider than their wrap
 * width, or outside the width, height or box a fitting helper gave them (should be none).
 */
export function overflowsShown(game: Phaser.Game): { scene: string; text: string; why: string }[] {
  const out: { scene: string; text: string; why: string }[] = [];
  const slack = 1;
  const visit = (scene: Phaser.Scene, list: Phaser.GameObjects.GameObject[]) => {
    for (const o of list) {
      if (o instanceof Phaser.GameObjects.Container) visit(scene, o.list);
      if (!(o instanceof Phaser.GameObjects.Text) || !o.visible || o.text === '') continue;
      const b = o.getBounds();
      const say = (why: string) => out.push({ scene: scene.sys.settings.key, text: o.text.slice(0, 60), why });
      if (b.x < -slack || b.y < -slack || b.right > WIDTH + slack || b.bottom > HEIGHT + slack)
        say(`off the canvas (${Math.round(b.x)},${Math.round(b.y)} to ${Math.round(b.right)},${Math.round(b.bottom)})`);
      const pad = (o.padding.left ?? 0) + (o.padding.right ?? 0);
      const wrap = o.style.wordWrapWidth;
      if (wrap && o.width - pad > wrap + slack) say(`wider (${Math.round(o.width)}) than its lines (${wrap})`);
      const room = rooms.get(o);
      if (room?.w !== undefined && o.width - pad > room.w + slack)
        say(`wider (${Math.round(o.width)}) than its room (${room.w})`);
      if (room?.h !== undefined && o.height > room.h + slack)
        say(`taller (${Math.round(o.height)}) than its room (${room.h})`);
      const box = room?.box;
      if (
        box &&
        (b.x < box.x - slack ||
          b.y < box.y - slack ||
          b.right > box.x + box.w + slack ||
          b.bottom > box.y + box.h + slack)
      )
        say(
          `outside its box (${Math.round(b.x)},${Math.round(b.y)} to ${Math.round(b.right)},${Math.round(b.bottom)})`,
        );
    }
  };
  for (const scene of game.scene.getScenes(true)) visit(scene, scene.children.list);
  return out;
}

/** The texts shown shortened in the scenes now active: which scene, and the full text. */
export function truncationsShown(): { scene: string; text: string }[] {
  const out: { scene: string; text: string }[] = [];
  for (const [t, full] of truncated) {
    if (!t.active || !t.scene) {
      truncated.delete(t);
      continue;
    }
    if (t.scene.sys.isActive() && t.text !== full) out.push({ scene: t.scene.sys.settings.key, text: full });
  }
  return out;
}

/**
 * The room each text was given (a width, a height, or a whole box in canvas coordinates), kept by
 * the fitting helpers below so the browser tests can check that nothing is drawn outside it
 * (`window.__crisisRoom.overflows()`).
 */
const rooms = new WeakMap<Phaser.GameObjects.Text, { w?: number; h?: number; box?: Box }>();

function noteRoom(t: Phaser.GameObjects.Text, room: { w?: number; h?: number; box?: Box }): void {
  rooms.set(t, { ...rooms.get(t), ...room });
}

/** Record the panel a text must stay inside (checked by the browser tests, see `overflowsShown`). */
export function keepIn(t: Phaser.GameObjects.Text, box: Box): void {
  noteRoom(t, { box });
}

/** The font size of a text in px (its style keeps it as "17px"). */
function fontPx(t: Phaser.GameObjects.Text): number {
  return Number.parseFloat(String(t.style.fontSize)) || 16;
}

/**
 * Whether `text`, wrapped, is no taller than maxHeight. A text whose wrapped lines could not fit
 * even at the font size's height is refused before it is drawn: drawing a 20,000-character text
 * makes a texture of hundreds of megabytes.
 */
export function fitsHeight(t: Phaser.GameObjects.Text, text: string, maxHeight: number): boolean {
  if (t.style.wordWrapWidth && t.getWrappedText(text).length * fontPx(t) * 0.9 > maxHeight) return false;
  return t.setText(text).height <= maxHeight;
}

/** Set a text and shorten it with "…" until it fits maxHeight (word-wrapped by its style, long words broken). */
export function fitText(t: Phaser.GameObjects.Text, input: string, maxHeight: number): Phaser.GameObjects.Text {
  const wrap = t.style.wordWrapWidth;
  noteRoom(t, { h: maxHeight, ...(wrap ? { w: wrap } : {}) });
  // Never measure more than could fit: a huge text makes a texture too large to draw at all.
  const lines = Math.ceil(maxHeight / MIN_GLYPH_PX);
  const full = wrap ? input.slice(0, Math.ceil(wrap / MIN_GLYPH_PX) * lines + 1) : input;
  t.setText(full);
  if (t.height <= maxHeight && full === input) return t;
  noteTruncated(t, input);
  const lo = longestFitting(t, full, () => t.height <= maxHeight);
  const cut = full.slice(0, lo);
  const space = cut.lastIndexOf(' ');
  t.setText((space > lo * 0.6 ? cut.slice(0, space) : cut).trimEnd() + '…');
  return t;
}

/** Set a one-line text and shorten it with "…" until it is at most maxWidth wide. */
export function fitLine(t: Phaser.GameObjects.Text, input: string, maxWidth: number): Phaser.GameObjects.Text {
  noteRoom(t, { w: maxWidth });
  const full = input.slice(0, Math.ceil(maxWidth / MIN_GLYPH_PX) + 1);
  t.setText(full);
  if (t.width <= maxWidth && full === input) return t;
  noteTruncated(t, input);
  return t.setText(
    full
      .slice(
        0,
        longestFitting(t, full, () => t.width <= maxWidth),
      )
      .trimEnd() + '…',
  );
}

/**
 * Set a word-wrapped text at the largest of `sizes` (logical px, before "Larger text") whose height
 * fits maxHeight; only when even the smallest does not fit is it shortened (and reported).
 */
export function fitShrink(
  session: GameSession,
  t: Phaser.GameObjects.Text,
  full: string,
  maxHeight: number,
  sizes: readonly number[],
): Phaser.GameObjects.Text {
  return shrinkToFit(session, t, full, maxHeight, sizes) ? t : fitText(t, full, maxHeight);
}

/** Set a word-wrapped text at the largest of `sizes` whose height fits maxHeight; false (left empty, at the smallest) when none does. */
export function shrinkToFit(
  session: GameSession,
  t: Phaser.GameObjects.Text,
  full: string,
  maxHeight: number,
  sizes: readonly number[],
): boolean {
  const scale = session.settings.get().largerText ? 1.2 : 1;
  noteRoom(t, { h: maxHeight });
  for (const size of sizes) {
    t.setFontSize(Math.round(size * scale));
    if (fitsHeight(t, full, maxHeight)) return true;
  }
  t.setText('');
  return false;
}

/** Set a one-line text at the largest of `sizes` whose width fits maxWidth; shortened (and reported) only past the smallest. */
export function fitLineShrink(
  session: GameSession,
  t: Phaser.GameObjects.Text,
  full: string,
  maxWidth: number,
  sizes: readonly number[],
): Phaser.GameObjects.Text {
  const scale = session.settings.get().largerText ? 1.2 : 1;
  noteRoom(t, { w: maxWidth });
  // Past this many characters no size fits (and drawing it whole makes a needlessly huge texture).
  if (full.length <= maxWidth / MIN_GLYPH_PX)
    for (const size of sizes) {
      t.setFontSize(Math.round(size * scale));
      t.setText(full);
      if (t.width <= maxWidth) return t;
    }
  return fitLine(t, full, maxWidth);
}

/** Set a one-line text at the largest of `sizes` whose width fits maxWidth; false (left at the smallest, uncut) when none does. */
export function shrinkLineToFit(
  session: GameSession,
  t: Phaser.GameObjects.Text,
  full: string,
  maxWidth: number,
  sizes: readonly number[],
): boolean {
  const scale = session.settings.get().largerText ? 1.2 : 1;
  noteRoom(t, { w: maxWidth });
  if (full.length > maxWidth / MIN_GLYPH_PX) {
    t.setFontSize(Math.round(sizes[sizes.length - 1]! * scale));
    t.setText(full.slice(0, Math.ceil(maxWidth / MIN_GLYPH_PX) + 1));
    return false;
  }
  for (const size of sizes) {
    t.setFontSize(Math.round(size * scale));
    t.setText(full);
    if (t.width <= maxWidth) return true;
  }
  return false;
}

/** Paragraphs as the canvas shows them: the same reflow as the DOM (splitParagraphs), a blank line between. */
export function canvasParagraphs(text: string): string {
  return splitParagraphs(text).join('\n\n');
}

/**
 * A text too long for its box, shown a page at a time (never cut): a cue under it says which page
 * shows and how to see the rest (a click on the cue, the mouse wheel over the box, or the keys the
 * scene gives it). `onTurn` is called after a page turn (to repaint a baked picture).
 */
export class PagedText {
  readonly text: Phaser.GameObjects.Text;
  private pages: string[] = [];
  private page = 0;
  private cue: Phaser.GameObjects.Text | undefined;

  constructor(
    scene: Phaser.Scene,
    session: GameSession,
    private box: Box,
    full: string,
    textStyle: Phaser.Types.GameObjects.Text.TextStyle,
    private onTurn: () => void,
    put: <T extends Phaser.GameObjects.GameObject>(o: T) => T,
    putLive: <T extends Phaser.GameObjects.GameObject>(o: T) => T,
  ) {
    this.text = put(scene.add.text(box.x, box.y, '', textStyle));
    noteRoom(this.text, { box });
    if (fitsHeight(this.text, full, box.h)) {
      this.pages = [full];
      return;
    }
    // Room for the cue line under the text.
    const cueH = 22;
    const lines = this.text.getWrappedText(full);
    const roomFor = (start: number, end: number) =>
      fitsHeight(this.text, lines.slice(start, end).join('\n'), box.h - cueH);
    // No page holds more lines than this (each is at least about the font size high).
    const most = Math.max(1, Math.floor((box.h - cueH) / (fontPx(this.text) * 0.9)));
    let start = 0;
    while (start < lines.length) {
      // The most lines from `start` that fit: a binary search (a long text has many pages).
      let end = start + 1;
      let hi = Math.min(lines.length, start + most);
      while (end < hi) {
        const mid = Math.ceil((end + hi) / 2);
        if (roomFor(start, mid)) end = mid;
        else hi = mid - 1;
      }
      // A page never starts with the blank line between two paragraphs.
      this.pages.push(lines.slice(start, end).join('\n'));
      start = end;
      while (start < lines.length && lines[start]!.trim() === '') start++;
    }
    this.cue = put(
      scene.add
        .text(box.x + box.w, box.y + box.h, '', style(session, 14, { color: TEXT.accent, fontStyle: 'bold' }))
        .setOrigin(1, 1),
    );
    const zone = putLive(
      scene.add.zone(box.x + box.w - 130, box.y + box.h - 12, 260, 28).setInteractive({ useHandCursor: true }),
    );
    zone.on('pointerup', () => this.turn(this.page < this.pages.length - 1 ? 1 : -this.page));
    this.text.once('destroy', () => zone.destroy());
    const wheel = (p: Phaser.Input.Pointer, _o: unknown, _dx: number, dy: number) => {
      if (this.contains(p.worldX, p.worldY)) this.turn(dy > 0 ? 1 : -1);
    };
    scene.input.on('wheel', wheel);
    this.text.once('destroy', () => scene.input?.off('wheel', wheel));
    this.show();
  }

  /** Whether there is more than one page. */
  get paged(): boolean {
    return this.pages.length > 1;
  }

  private contains(x: number, y: number): boolean {
    const b = this.box;
    return x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h;
  }

  /** Show the page `by` pages on (negative: back), staying within the text. */
  turn(by: number): boolean {
    if (!this.text.active) return false;
    const next = Math.max(0, Math.min(this.pages.length - 1, this.page + by));
    if (next === this.page) return false;
    this.page = next;
    this.show();
    this.onTurn();
    return true;
  }

  private show(): void {
    this.text.setText(this.pages[this.page] ?? '');
    const last = this.page === this.pages.length - 1;
    this.cue?.setText(`${last ? '▲ back to the start' : '▼ more'}  ${this.page + 1}/${this.pages.length}`);
  }
}

/** A rounded panel. */
export function panel(
  scene: Phaser.Scene,
  b: Box,
  fill: number = COLORS.panel,
  edge: number = COLORS.panelEdge,
  radius = 10,
): Phaser.GameObjects.Graphics {
  const g = scene.add.graphics();
  g.fillStyle(fill, 1).fillRoundedRect(b.x, b.y, b.w, b.h, radius);
  g.lineStyle(1, edge, 1).strokeRoundedRect(b.x + 0.5, b.y + 0.5, b.w - 1, b.h - 1, radius);
  return g;
}

/** A clickable button drawn on the canvas. */
export function canvasButton(
  scene: Phaser.Scene,
  session: GameSession,
  b: Box,
  label: string,
  onClick: () => void,
  primary = false,
  sizes: readonly number[] = [18, 16, 14, 13, 12],
): Phaser.GameObjects.Container {
  const c = scene.add.container(0, 0);
  const bg = scene.add.graphics();
  const draw = (hover: boolean) => {
    bg.clear();
    bg.fillStyle(
      primary ? (hover ? 0xf5c96a : COLORS.accent) : hover ? COLORS.cardHover : COLORS.card,
      1,
    ).fillRoundedRect(b.x, b.y, b.w, b.h, 8);
    bg.lineStyle(1.5, primary ? 0xf5d58a : COLORS.panelEdge, 1).strokeRoundedRect(b.x, b.y, b.w, b.h, 8);
  };
  draw(false);
  // Long labels step down in size to stay on the button whole, then try plain weight (narrower), then
  // take two lines (plain weight). One line of plain text first: a word longer than the button
  // would be split across the two lines ("Downloa / d" on a narrow library card).
  const text = scene.add
    .text(
      b.x + b.w / 2,
      b.y + b.h / 2,
      '',
      style(session, 18, { color: primary ? TEXT.dark : TEXT.main, fontStyle: 'bold' }),
    )
    .setOrigin(0.5);
  // Narrow buttons keep less margin beside their label.
  const margin = b.w < 110 ? 10 : 16;
  if (
    !shrinkLineToFit(session, text, label, b.w - margin, sizes) &&
    !shrinkLineToFit(session, text.setFontStyle('normal'), label, b.w - margin, sizes)
  ) {
    text
      .setAlign('center')
      .setWordWrapWidth(b.w - 8)
      .setLineSpacing(-3);
    noteRoom(text, { w: b.w - 8 });
    if (!shrinkToFit(session, text, label, b.h - 2, [13, 12])) {
      text.setFontStyle('bold').setWordWrapWidth(0).setLineSpacing(0);
      fitLineShrink(session, text, label, b.w - margin, [12]);
    }
  }
  const zone = scene.add.zone(b.x + b.w / 2, b.y + b.h / 2, b.w, b.h).setInteractive({ useHandCursor: true });
  zone.on('pointerover', () => draw(true));
  zone.on('pointerout', () => draw(false));
  zone.on('pointerup', () => onClick());
  c.add([bg, text, zone]);
  return c;
}

/**
 * Base for every view scene: holds the session and redraws on the changes it cares about.
 *
 * Drawing cost: the scenes are mostly still, but Phaser draws every object on every frame, and its
 * WebGL Graphics re-tessellate their paths (panels, portraits, the table) each time. So the picture a
 * scene draws into `root` is "baked": once nothing tweens, it is rendered once into a full-screen
 * RenderTexture and `root` is hidden; each frame then draws one image plus the few objects in `live`
 * (the news ticker, the countdown ring). (A software WebGL is slow for another reason — the cost of
 * covering the screen at all — so renderer-choice.ts picks the Canvas renderer there; baking works
 * with both renderers.)
 * Anything that changes the static picture (a hover, a new advisor) calls `invalidate()`, which
 * shows `root` again until the next bake. Interactive zones are moved into `live` so they keep
 * their input while `root` is hidden (their canvas coordinates do not change: containers sit at 0,0).
 */
export abstract class ViewScene extends Phaser.Scene {
  protected root!: Phaser.GameObjects.Container;
  /** Objects redrawn every frame, drawn above `root` (and above its baked copy). */
  protected live!: Phaser.GameObjects.Container;
  private baked: Phaser.GameObjects.RenderTexture | undefined;
  private dirty = false;
  /** Frames drawn (unbaked) since the picture last changed. */
  private dirtyFramesShown = 0;

  constructor(
    key: string,
    protected session: GameSession,
    /** What the views share besides the game's state (title actions, canvas extras, the choice page). */
    protected views: ViewState,
  ) {
    super({ key });
  }

  /** Draw everything into `this.root` from the session. */
  protected abstract draw(): void;

  /** Which session changes need a full redraw. */
  protected redrawOn(change: string): boolean {
    return change === 'settings' || change === 'screen';
  }

  create(): void {
    fitCamera(this.cameras.main);
    this.baked = this.makeBakeTarget();
    this.root = this.add.container(0, 0);
    this.live = this.add.container(0, 0);
    this.safeDraw();
    // Which scene the canvas shows, drawn (the bench's "title drawn" and tests read it).
    this.game.canvas.dataset.scene = this.sys.settings.key;
    const stopFocusRing = this.drawFocusRing();
    // Only settings that change the picture redraw it (not mute or volume).
    const look = () => {
      const v = this.session.settings.get();
      return `${v.largerText}|${v.reducedMotion}|${v.timersOff}`;
    };
    let seen = look();
    const off = this.session.subscribe((change) => {
      // Anything the session says may change the picture: the loop runs again until it is still.
      this.wake();
      if (change === 'settings') {
        if (seen === look()) return;
        seen = look();
      }
      if (this.sys.isActive() && this.redrawOn(change)) this.redraw();
      // The countdown ('timer') and notices change nothing baked: no re-bake every second.
      else if (this.onChange(change)) this.invalidate();
    });
    const bakeWhenIdle = () => this.bakeIfIdle();
    this.events.on(Phaser.Scenes.Events.POST_UPDATE, bakeWhenIdle);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      off();
      stopFocusRing();
      this.events.off(Phaser.Scenes.Events.POST_UPDATE, bakeWhenIdle);
      this.baked = undefined;
    });
  }

  /**
   * Keyboard focus is on the (visually hidden) DOM twin of something drawn here: draw the focus ring
   * around the card, portrait or button it stands for (data-canvas-x/y/w/h, see dom-layer.ts).
   */
  private drawFocusRing(): () => void {
    const ring = this.add.graphics().setDepth(1000);
    const show = () => {
      ring.clear();
      const focused = document.activeElement;
      // The keyboard's focus, or else the twin under the mouse (it covers the canvas's own hover).
      const el =
        focused instanceof HTMLElement && focused.dataset.canvasX !== undefined && focused.matches(':focus-visible')
          ? focused
          : document.querySelector<HTMLElement>('#a11y-root [data-canvas-x]:hover');
      if (!el) return;
      const keyboard = el === focused;
      const x = Number(el.dataset.canvasX);
      const y = Number(el.dataset.canvasY);
      const w = Number(el.dataset.canvasW ?? 60);
      const h = Number(el.dataset.canvasH ?? 60);
      // Keyboard focus: a bold double ring; the mouse over a twin: a thin line on its edge (the hover).
      if (keyboard) {
        ring.lineStyle(4, COLORS.accent, 1).strokeRoundedRect(x - w / 2 - 5, y - h / 2 - 5, w + 10, h + 10, 12);
        ring.lineStyle(2, 0xffffff, 0.9).strokeRoundedRect(x - w / 2 - 9, y - h / 2 - 9, w + 18, h + 18, 14);
      } else ring.lineStyle(2, COLORS.accent, 0.9).strokeRoundedRect(x - w / 2, y - h / 2, w, h, 10);
    };
    // After the DOM layer's own update for the same change (it moves focus to the new screen).
    const later = () =>
      setTimeout(() => {
        show();
        this.wake();
      }, 0);
    const events = ['focusin', 'focusout', 'mouseover', 'mouseout'];
    for (const e of events) document.addEventListener(e, later);
    show();
    return () => {
      for (const e of events) document.removeEventListener(e, later);
    };
  }

  /** Partial updates for changes that do not need a full redraw; true when the picture changed. */
  protected onChange(_change: string): boolean {
    return false;
  }

  /** Throw everything away and draw again. */
  protected redraw(): void {
    this.tweens.killAll();
    this.root.destroy();
    this.live.destroy();
    this.root = this.add.container(0, 0);
    this.live = this.add.container(0, 0);
    this.safeDraw();
  }

  private safeDraw(): void {
    try {
      this.draw();
    } catch (err) {
      // The DOM layer still works; never leave a broken canvas without a word.
      console.warn('canvas drawing failed', err);
    }
    this.liftInteractive(this.root);
    this.invalidate();
  }

  /** Add objects to the root container (the static picture, baked once nothing moves). */
  protected put<T extends Phaser.GameObjects.GameObject>(obj: T): T {
    this.root.add(obj);
    return obj;
  }

  /** Add objects that change every frame; they are drawn above everything put in root. */
  protected putLive<T extends Phaser.GameObjects.GameObject>(obj: T): T {
    this.live.add(obj);
    return obj;
  }

  /** The static picture changed: show `root` itself until it is baked again. */
  protected invalidate(): void {
    this.wake();
    this.dirty = true;
    this.dirtyFramesShown = 0;
    this.root?.setVisible(true);
    this.baked?.setVisible(false);
  }

  /** A full-screen texture for the baked picture, at the canvas's own resolution. */
  private makeBakeTarget(): Phaser.GameObjects.RenderTexture | undefined {
    try {
      const rt = this.add
        .renderTexture(0, 0, WIDTH * RENDER_SCALE, HEIGHT * RENDER_SCALE)
        .setOrigin(0)
        .setScale(1 / RENDER_SCALE)
        .setVisible(false);
      fitCamera(rt.camera);
      return rt;
    } catch (err) {
      // No render textures (an odd renderer): draw the live display list every frame instead.
      console.warn('no render texture; the canvas is drawn unbaked', err);
      return undefined;
    }
  }

  /** Frames drawn since the picture last changed; after a few the game loop sleeps. */
  private stillFrames = 0;

  /**
   * An idle screen costs nothing: once the picture is baked and nothing moves, the game loop stops
   * (no frame is drawn until something changes). Everything that changes the picture wakes it:
   * `invalidate`, any session change, the focus ring, a scene switch (main.ts), a new window shape.
   */
  protected wake(): void {
    this.stillFrames = 0;
    this.game?.loop.wake(true);
  }

  /** Whether something on the canvas moves every frame (then the loop never sleeps). */
  protected moving(): boolean {
    return false;
  }

  private sleepIfStill(): void {
    if (this.dirty || this.tweens.getTweens().length || this.moving()) {
      this.stillFrames = 0;
      return;
    }
    // A couple of frames after the bake, so the baked picture is what stays on screen.
    if (++this.stillFrames >= 3) this.game.loop.sleep();
  }

  private bakeIfIdle(): void {
    this.sleepIfStill();
    const rt = this.baked;
    if (!this.dirty || !rt || !this.root) return;
    // Wait for fades and meter animations to finish; until then root draws itself.
    if (this.tweens.getTweens().length) return;
    // Show a new picture first and bake it on the next frame: baking before the first frame
    // would delay it (the title appeared 25-35 ms later, docs/bench.md).
    if (this.dirtyFramesShown++ < 1) return;
    this.dirty = false;
    try {
      this.root.setVisible(true);
      rt.clear();
      rt.draw(this.root);
      rt.render();
      this.root.setVisible(false);
      rt.setVisible(true);
    } catch (err) {
      console.warn('baking the canvas failed; drawing it unbaked', err);
      this.root.setVisible(true);
      rt.setVisible(false);
      this.baked = undefined;
    }
  }

  /**
   * Move interactive objects (the zones of buttons, cards and portraits) from root into `live`, in
   * draw order, so input still reaches them while root is hidden; any pointer change on them may
   * repaint a hover state, so it invalidates the baked picture.
   */
  private liftInteractive(container: Phaser.GameObjects.Container): void {
    for (const child of [...container.list]) {
      if (child instanceof Phaser.GameObjects.Container) this.liftInteractive(child);
      else if (child.input) {
        container.remove(child);
        this.live.add(child);
        for (const ev of ['pointerover', 'pointerout', 'pointerdown', 'pointerup'])
          child.on(ev, () => this.invalidate());
      }
    }
  }

  /** Whether animations should be skipped. */
  protected get still(): boolean {
    return this.session.settings.get().reducedMotion;
  }
}
