/** The title screen: the game's name and a card per scenario (New game, Continue). */
import { HEIGHT, WIDTH, titleCardButtons, titleCards } from './layout.ts';
import { COLORS, TEXT, ViewScene, canvasButton, fitText, panel, style } from './ui.ts';
import type { GameSession } from '../session.ts';

/** Scenario cards drawn on the canvas; the DOM layer mirrors them as articles. */
export class TitleScene extends ViewScene {
  constructor(
    session: GameSession,
    private openSettings: () => void,
  ) {
    super('title', session);
  }

  protected override redrawOn(change: string): boolean {
    return change === 'settings' || change === 'scenarios' || change === 'screen';
  }

  protected draw(): void {
    const s = this.session;
    this.put(this.add.rectangle(0, 0, WIDTH, HEIGHT, COLORS.bg).setOrigin(0));
    // A faint table silhouette behind the title.
    const g = this.put(this.add.graphics());
    g.fillStyle(COLORS.wood, 0.25).fillEllipse(WIDTH / 2, HEIGHT + 120, 1500, 520);
    this.put(this.add.text(48, 40, 'Crisis Room', style(s, 48, { fontStyle: 'bold' })));
    this.put(
      this.add.text(
        52,
        104,
        'Hear your advisors. Decide under pressure. Compare with history.',
        style(s, 20, { color: TEXT.dim }),
      ),
    );
    this.put(
      canvasButton(this, s, { x: WIDTH - 48 - 150, y: 44, w: 150, h: 44 }, 'Settings', () => this.openSettings()),
    );

    const boxes = titleCards(s.scenarios.length);
    s.scenarios.slice(0, boxes.length).forEach((entry, i) => {
      const b = boxes[i]!;
      const sc = entry.compiled.scenario;
      this.put(panel(this, b, COLORS.panel, COLORS.panelEdge, 14));
      this.put(this.add.rectangle(b.x, b.y, b.w, 6, COLORS.accent).setOrigin(0));
      const inner = b.w - 48;
      let y = b.y + 24;
      const title = this.put(
        fitText(
          this.add.text(b.x + 24, y, '', style(s, 26, { fontStyle: 'bold', wordWrap: { width: inner } })),
          sc.title,
          70,
        ),
      );
      y += title.height + 10;
      const role = this.put(
        fitText(
          this.add.text(b.x + 24, y, '', style(s, 17, { color: TEXT.accent, wordWrap: { width: inner } })),
          sc.role,
          50,
        ),
      );
      y += role.height + 12;
      const goals = sc.learningGoals?.length
        ? `\n\nLearning goals:\n${sc.learningGoals.map((x) => `• ${x}`).join('\n')}`
        : '';
      this.put(
        fitText(
          this.add.text(
            b.x + 24,
            y,
            '',
            style(s, 16, { color: TEXT.main, wordWrap: { width: inner }, lineSpacing: 4 }),
          ),
          sc.summary + goals,
          b.y + b.h - 84 - y,
        ),
      );
      const btn = titleCardButtons(b);
      this.put(canvasButton(this, s, btn.newGame, 'New game', () => s.newGame(entry), true));
      if (s.saveStatus(entry) === 'ok')
        this.put(canvasButton(this, s, btn.cont, 'Continue', () => s.continueGame(entry)));
    });
    if (s.scenarios.length > boxes.length) {
      this.put(
        this.add
          .text(
            WIDTH / 2,
            640,
            `${s.scenarios.length - boxes.length} more scenario(s) in the panel`,
            style(s, 16, { color: TEXT.dim }),
          )
          .setOrigin(0.5, 0),
      );
    }
    if (!s.scenarios.length)
      this.put(
        this.add
          .text(WIDTH / 2, HEIGHT / 2, 'No scenario loaded: use "Load scenario file…" in the panel.', style(s, 20))
          .setOrigin(0.5),
      );
  }
}
