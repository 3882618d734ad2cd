/**
 * The bench's baseline: an empty Phaser game at the game's logical size and scale mode. When its
 * (empty) scene has been created it shows a "New game" button, so the bench measures "navigation to
 * an interactive screen" the same way as for the real title screen.
 */
import * as Phaser from 'phaser';

class Empty extends Phaser.Scene {
  constructor() {
    super('empty');
  }
  create(): void {
    this.add.rectangle(640, 360, 200, 80, 0x2e86c1);
    const b = document.createElement('button');
    b.id = 'ready';
    b.textContent = 'New game';
    document.body.append(b);
  }
}

// `?renderer=canvas|webgl` picks the renderer, so a row can compare with the game's own choice.
const asked = new URLSearchParams(location.search).get('renderer');
new Phaser.Game({
  type: asked === 'canvas' ? Phaser.CANVAS : asked === 'webgl' ? Phaser.WEBGL : Phaser.AUTO,
  parent: 'game',
  width: 1280,
  height: 720,
  backgroundColor: '#10141c',
  scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
  banner: false,
  scene: [Empty],
});
