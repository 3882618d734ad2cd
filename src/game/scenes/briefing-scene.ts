/** The briefing: who the player is and what is happening, with the advisors introduced. */
import { BRIEFING_BEGIN, HEIGHT, WIDTH } from './layout.ts';
import { COLORS, TEXT, ViewScene, canvasButton, canvasParagraphs, fitShrink, panel, shrinkToFit, style } from './ui.ts';
import { advisorColor, initials, type GameSession } from '../session.ts';

/** Role, situation and the people at the table; Begin starts the first decision. */
export class BriefingScene extends ViewScene {
  constructor(session: GameSession) {
    super('briefing', session);
  }

  protected draw(): void {
    const s = this.session;
    const run = s.run;
    if (!run) return;
    const sc = run.compiled.scenario;
    this.put(this.add.rectangle(0, 0, WIDTH, HEIGHT, COLORS.bg).setOrigin(0));
    this.put(panel(this, { x: 80, y: 52, w: WIDTH - 160, h: 552 }, COLORS.panel, COLORS.panelEdge, 14));
    this.put(
      this.add.text(120, 70, 'BRIEFING', style(s, 16, { color: TEXT.accent, fontStyle: 'bold', letterSpacing: 3 })),
    );
    const title = this.put(
      fitShrink(
        s,
        this.add.text(120, 96, '', style(s, 34, { fontStyle: 'bold', wordWrap: { width: WIDTH - 240 } })),
        sc.title,
        90,
        [34, 28, 24, 20],
      ),
    );
    let y = 96 + title.height + 14;
    const role = this.put(
      fitShrink(
        s,
        this.add.text(120, y, '', style(s, 20, { color: TEXT.accent, wordWrap: { width: WIDTH - 240 } })),
        sc.role,
        60,
        [20, 17, 15, 13],
      ),
    );
    y += role.height + 14;
    const summary = this.put(
      fitShrink(
        s,
        this.add.text(120, y, '', style(s, 18, { wordWrap: { width: WIDTH - 240 }, lineSpacing: 4 })),
        canvasParagraphs(sc.summary),
        420 - y,
        [18, 16, 15, 14, 13],
      ),
    );
    y += summary.height + 16;
    if (sc.learningGoals?.length && 420 - y > 40) {
      // The goals show whole or not at all (the panel and the title card list them too).
      const goals = this.add.text(
        120,
        y,
        '',
        style(s, 15, { color: TEXT.dim, wordWrap: { width: WIDTH - 240 }, lineSpacing: 3 }),
      );
      if (shrinkToFit(s, goals, `Learning goals: ${sc.learningGoals.join(' · ')}`, 420 - y, [15, 14, 13]))
        this.put(goals);
      else goals.destroy();
    }
    // The advisors in a row.
    const n = sc.advisors.length;
    const step = Math.min(220, (WIDTH - 240) / n);
    const x0 = WIDTH / 2 - (step * (n - 1)) / 2;
    sc.advisors.forEach((a, i) => {
      const x = x0 + i * step;
      const col = Number.parseInt(advisorColor(sc.advisors, a.id).slice(1), 16);
      this.put(this.add.circle(x, 480, 30, col).setStrokeStyle(2, 0xffffff, 0.6));
      this.put(this.add.text(x, 480, initials(a.name), style(s, 20, { fontStyle: 'bold' })).setOrigin(0.5));
      const name = this.put(
        fitShrink(
          s,
          this.add
            .text(x, 518, '', style(s, 14, { align: 'center', wordWrap: { width: step - 10 } }))
            .setOrigin(0.5, 0),
          a.name,
          36,
          [14, 12, 11, 10],
        ),
      );
      this.put(
        fitShrink(
          s,
          this.add
            .text(
              x,
              518 + name.height + 2,
              '',
              style(s, 12, { color: TEXT.dim, align: 'center', wordWrap: { width: step - 10 } }),
            )
            .setOrigin(0.5, 0),
          a.title,
          596 - 518 - name.height - 2,
          [12, 11, 10],
        ),
      );
    });
    this.put(canvasButton(this, s, BRIEFING_BEGIN, 'Begin', () => s.begin(), true));
  }
}
