/**
 * The canvas fills its stage: the logical width follows the stage's shape (layout.ts), the Phaser
 * game is resized to match, and the scenes showing are drawn again for the new width.
 */
import type Phaser from 'phaser';
import { HEIGHT, RENDER_SCALE, WIDTH, onViewWidth, setViewWidth, viewWidthFor } from './layout.ts';

/** Set the logical width from the stage's size now and whenever it changes. */
export function fitViewToStage(stage: HTMLElement): void {
  const measure = () => {
    const r = stage.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) setViewWidth(viewWidthFor(r.width, r.height));
  };
  measure();
  if (typeof ResizeObserver === 'function') new ResizeObserver(measure).observe(stage);
  else window.addEventListener('resize', measure);
}

/** Resize the game to each new logical width and restart the scenes showing, so they lay out again. */
export function followViewWidth(game: Phaser.Game): void {
  // For tests that click the canvas: logical x maps to box.width * x / data-logical-width.
  const mark = () => {
    if (game.canvas) game.canvas.dataset.logicalWidth = String(WIDTH);
  };
  game.events.once('ready', mark);
  onViewWidth(() => {
    mark();
    game.loop.wake(true);
    // Fit to the stage as it is now (its observer may run after this one).
    game.scale.getParentBounds();
    game.scale.setGameSize(WIDTH * RENDER_SCALE, HEIGHT * RENDER_SCALE);
    for (const scene of game.scene.getScenes(true)) scene.scene.restart();
  });
}

/** Call `moved` whenever the canvas may have moved or changed size on the page (the DOM twins follow it). */
export function onCanvasMoved(game: Phaser.Game, stage: HTMLElement, moved: () => void): void {
  const later = () => requestAnimationFrame(moved);
  game.scale.on('resize', later);
  if (typeof ResizeObserver === 'function') {
    // The stage changed size without the window doing so (Text view on or off): refit the canvas to
    // it now. Phaser would only on a window resize or in a step of its loop (asleep on an idle
    // screen), and a new logical width's setGameSize fitted it to the stage's old size (so the
    // canvas kept the narrow size it had beside the panel).
    new ResizeObserver(() => {
      game.loop.wake(true);
      if (game.isBooted) {
        game.scale.getParentBounds();
        game.scale.refresh();
      }
      later();
    }).observe(stage);
    const observer = new ResizeObserver(later);
    game.events.once('ready', () => observer.observe(game.canvas));
  }
  window.addEventListener('resize', () => {
    // Phaser refits the canvas in its next step; the loop may be asleep on an idle screen.
    game.loop.wake(true);
    later();
  });
  game.events.once('ready', later);
}
