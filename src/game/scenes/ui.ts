/** Drawing helpers shared by the scenes: the palette, text styles, buttons and text fitting. */
import Phaser from 'phaser';
import type { GameSession } from '../session.ts';
import { RENDER_SCALE, fitCamera, type Box } from './layout.ts';

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
export function style(session: GameSession, size: number, extra: Phaser.Types.GameObjects.Text.TextStyle = {}): Phaser.Types.GameObjects.Text.TextStyle {
  const scale = session.settings.get().largerText ? 1.2 : 1;
  return { fontFamily: FONT, fontSize: `${Math.round(size * scale)}px`, color: TEXT.main, resolution: RENDER_SCALE, ...extra };
}

/** Set a text and shorten it with "…" until it fits maxHeight (word-wrapped by its style). */
export function fitText(t: Phaser.GameObjects.Text, full: string, maxHeight: number): Phaser.GameObjects.Text {
  t.setText(full);
  if (t.height <= maxHeight) return t;
  let lo = 0;
  let hi = full.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    t.setText(full.slice(0, mid).trimEnd() + '…');
    if (t.height <= maxHeight) lo = mid;
    else hi = mid - 1;
  }
  const cut = full.slice(0, lo);
  const space = cut.lastIndexOf(' ');
  t.setText((space > lo * 0.6 ? cut.slice(0, space) : cut).trimEnd() + '…');
  return t;
}

/** Set a one-line text and shorten it with "…" until it is at most maxWidth wide. */
export function fitLine(t: Phaser.GameObjects.Text, full: string, maxWidth: number): Phaser.GameObjects.Text {
  t.setText(full);
  if (t.width <= maxWidth) return t;
  let lo = 0;
  let hi = full.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    t.setText(full.slice(0, mid).trimEnd() + '…');
    if (t.width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return t.setText(full.slice(0, lo).trimEnd() + '…');
}

/** A rounded panel. */
export function panel(scene: Phaser.Scene, b: Box, fill: number = COLORS.panel, edge: number = COLORS.panelEdge, radius = 10): Phaser.GameObjects.Graphics {
  const g = scene.add.graphics();
  g.fillStyle(fill, 1).fillRoundedRect(b.x, b.y, b.w, b.h, radius);
  g.lineStyle(1, edge, 1).strokeRoundedRect(b.x + 0.5, b.y + 0.5, b.w - 1, b.h - 1, radius);
  return g;
}

/** A clickable button drawn on the canvas. */
export function canvasButton(scene: Phaser.Scene, session: GameSession, b: Box, label: string, onClick: () => void, primary = false): Phaser.GameObjects.Container {
  const c = scene.add.container(0, 0);
  const bg = scene.add.graphics();
  const draw = (hover: boolean) => {
    bg.clear();
    bg.fillStyle(primary ? (hover ? 0xf5c96a : COLORS.accent) : hover ? COLORS.cardHover : COLORS.card, 1).fillRoundedRect(b.x, b.y, b.w, b.h, 8);
    bg.lineStyle(1.5, primary ? 0xf5d58a : COLORS.panelEdge, 1).strokeRoundedRect(b.x, b.y, b.w, b.h, 8);
  };
  draw(false);
  const text = scene.add.text(b.x + b.w / 2, b.y + b.h / 2, label, style(session, 18, { color: primary ? TEXT.dark : TEXT.main, fontStyle: 'bold' })).setOrigin(0.5);
  const zone = scene.add.zone(b.x + b.w / 2, b.y + b.h / 2, b.w, b.h).setInteractive({ useHandCursor: true });
  zone.on('pointerover', () => draw(true));
  zone.on('pointerout', () => draw(false));
  zone.on('pointerup', () => onClick());
  c.add([bg, text, zone]);
  return c;
}

/** Base for every view scene: holds the session and redraws on the changes it cares about. */
export abstract class ViewScene extends Phaser.Scene {
  protected root!: Phaser.GameObjects.Container;

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
    this.root = this.add.container(0, 0);
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
      else this.onChange(change);
    });
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, off);
  }

  /** Partial updates for changes that do not need a full redraw. */
  protected onChange(_change: string): void {}

  /** Throw everything away and draw again. */
  protected redraw(): void {
    this.tweens.killAll();
    this.root.destroy();
    this.root = this.add.container(0, 0);
    this.safeDraw();
  }

  private safeDraw(): void {
    try {
      this.draw();
    } catch (err) {
      // The DOM layer still works; never leave a broken canvas without a word.
      console.warn('canvas drawing failed', err);
    }
  }

  /** Add objects to the root container. */
  protected put<T extends Phaser.GameObjects.GameObject>(obj: T): T {
    this.root.add(obj);
    return obj;
  }

  /** Whether animations should be skipped. */
  protected get still(): boolean {
    return this.session.settings.get().reducedMotion;
  }
}
