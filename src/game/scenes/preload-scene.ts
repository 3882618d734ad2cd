/** Boot and preload: a progress bar while fonts and sound files load; then the title screen. */
import Phaser from 'phaser';
import type { GameSession } from '../session.ts';
import { HEIGHT, RENDER_SCALE, WIDTH, fitCamera } from './layout.ts';
import { COLORS, FONT, TEXT } from './ui.ts';

/** Shows loading progress and hands over to the title screen when done (or after a timeout). */
export class PreloadScene extends Phaser.Scene {
  constructor(private session: GameSession) {
    super({ key: 'preload' });
  }

  create(): void {
    fitCamera(this.cameras.main);
    this.add.rectangle(0, 0, WIDTH, HEIGHT, COLORS.bg).setOrigin(0);
    this.add
      .text(WIDTH / 2, HEIGHT / 2 - 60, 'Crisis Room', {
        fontFamily: FONT,
        fontSize: '48px',
        color: TEXT.main,
        fontStyle: 'bold',
        resolution: RENDER_SCALE,
      })
      .setOrigin(0.5);
    const label = this.add
      .text(WIDTH / 2, HEIGHT / 2 + 44, 'Loading…', {
        fontFamily: FONT,
        fontSize: '18px',
        color: TEXT.dim,
        resolution: RENDER_SCALE,
      })
      .setOrigin(0.5);
    const w = 480;
    const frame = this.add.graphics();
    frame.lineStyle(2, COLORS.panelEdge).strokeRoundedRect(WIDTH / 2 - w / 2, HEIGHT / 2, w, 20, 6);
    const bar = this.add.graphics();
    const show = (f: number) => {
      bar.clear();
      bar
        .fillStyle(COLORS.accent)
        .fillRoundedRect(WIDTH / 2 - w / 2 + 3, HEIGHT / 2 + 3, Math.max(6, (w - 6) * f), 14, 4);
      label.setText(`Loading… ${Math.round(f * 100)}%`);
    };
    show(0);
    let fontsDone = false;
    let sound = 0;
    const update = () => show((fontsDone ? 0.3 : 0) + 0.7 * sound);
    const fonts = (document.fonts?.ready ?? Promise.resolve()).then(() => {
      fontsDone = true;
      update();
    });
    const sounds = this.session.sound.preload((done, total) => {
      sound = total ? done / total : 1;
      update();
    });
    // The built-in scenarios were checked at build time: compiling them takes no visible time.
    this.session.loadBuiltins();
    const scenarios = Promise.resolve();
    // Never hang on a slow or broken asset: after 8 s the game goes on (in silence if need be).
    const timeout = new Promise((resolve) => setTimeout(resolve, 8000));
    void Promise.race([Promise.allSettled([fonts, sounds, scenarios]), timeout]).then(() => {
      show(1);
      this.session.ready();
    });
  }
}
