/** Drawing helpers shared by the scenes: the palette, text styles, buttons and text fitting. */
import Phaser from 'phaser';
import type { GameSession } from '../session.ts';
import { HEIGHT, RENDER_SCALE, WIDTH, fitCamera, type Box } from './layout.ts';

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
  return {
    fontFamily: FONT,
    fontSize: `${Math.round(size * scale)}px`,
    color: TEXT.main,
    resolution: RENDER_SCALE,
    ...extra,
  };
}

/** The longest prefix length of `full` that, shortened with "…", still passes `fits` (binary search). */
function longestFitting(t: Phaser.GameObjects.Text, full: string, fits: () => boolean): number {
  let lo = 0;
  let hi = full.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    t.setText(full.slice(0, mid).trimEnd() + '…');
    if (fits()) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Narrowest glyph we assume (px): cuts a 20,000-character text to what could ever show before it is measured. */
const MIN_GLYPH_PX = 3;
/** A word this long may not fit a line: such texts wrap inside words too. */
const LONG_WORD = /\S{25,}/;

/** Set a text and shorten it with "…" until it fits maxHeight (word-wrapped by its style, long words broken). */
export function fitText(t: Phaser.GameObjects.Text, input: string, maxHeight: number): Phaser.GameObjects.Text {
  const wrap = t.style.wordWrapWidth;
  // An unbroken word wider than the line is not wrapped by plain wrapping: it runs out of its panel.
  if (wrap && LONG_WORD.test(input) && !t.style.wordWrapUseAdvanced) t.setWordWrapWidth(wrap, true);
  // Never measure more than could fit: a huge text makes a texture too large to draw at all.
  const lines = Math.ceil(maxHeight / MIN_GLYPH_PX);
  const full = wrap ? input.slice(0, Math.ceil(wrap / MIN_GLYPH_PX) * lines + 1) : input;
  t.setText(full);
  if (t.height <= maxHeight && full === input) return t;
  const lo = longestFitting(t, full, () => t.height <= maxHeight);
  const cut = full.slice(0, lo);
  const space = cut.lastIndexOf(' ');
  t.setText((space > lo * 0.6 ? cut.slice(0, space) : cut).trimEnd() + '…');
  return t;
}

/** Set a one-line text and shorten it with "…" until it is at most maxWidth wide. */
export function fitLine(t: Phaser.GameObjects.Text, input: string, maxWidth: number): Phaser.GameObjects.Text {
  const full = input.slice(0, Math.ceil(maxWidth / MIN_GLYPH_PX) + 1);
  t.setText(full);
  if (t.width <= maxWidth && full === input) return t;
  return t.setText(
    full
      .slice(
        0,
        longestFitting(t, full, () => t.width <= maxWidth),
      )
      .trimEnd() + '…',
  );
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
  const text = scene.add
    .text(
      b.x + b.w / 2,
      b.y + b.h / 2,
      label,
      style(session, 18, { color: primary ? TEXT.dark : TEXT.main, fontStyle: 'bold' }),
    )
    .setOrigin(0.5);
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

  constructor(
    key: string,
    protected session: GameSession,
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
    // Only settings that change the picture redraw it (not mute or volume).
    const look = () => {
      const v = this.session.settings.get();
      return `${v.largerText}|${v.reducedMotion}|${v.timersOff}`;
    };
    let seen = look();
    const off = this.session.subscribe((change) => {
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
      this.events.off(Phaser.Scenes.Events.POST_UPDATE, bakeWhenIdle);
      this.baked = undefined;
    });
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
    this.dirty = true;
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

  private bakeIfIdle(): void {
    const rt = this.baked;
    if (!this.dirty || !rt || !this.root) return;
    // Wait for fades and meter animations to finish; until then root draws itself.
    if (this.tweens.getTweens().length) return;
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
