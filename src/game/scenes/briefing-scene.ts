/** The briefing: who the player is and what is happening, with the advisors introduced. */
import { BRIEFING_BEGIN, HEIGHT, WIDTH } from './layout.ts';
import {
  COLORS,
  PagedText,
  TEXT,
  ViewScene,
  canvasButton,
  canvasParagraphs,
  fitShrink,
  panel,
  shrinkToFit,
  style,
} from './ui.ts';
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
    // The advisors: one row, or two when there are more than six (names whole; a title only where it fits whole).
    const n = sc.advisors.length;
    const rows = n > 6 ? 2 : 1;
    const perRow = Math.ceil(n / rows);
    const rowH = rows > 1 ? 104 : 116;
    const top = 596 - rows * rowH;
    // The summary at the largest size that fits, else a page at a time (never cut).
    const summary = this.add.text(120, y, '', style(s, 18, { wordWrap: { width: WIDTH - 240 }, lineSpacing: 4 }));
    if (shrinkToFit(s, summary, canvasParagraphs(sc.summary), top - 10 - y, [18, 16, 15, 14, 13, 12])) {
      this.put(summary);
      y += summary.height + 16;
    } else {
      summary.destroy();
      new PagedText(
        this,
        s,
        { x: 120, y, w: WIDTH - 240, h: top - 10 - y },
        canvasParagraphs(sc.summary),
        style(s, 14, { wordWrap: { width: WIDTH - 240 }, lineSpacing: 2 }),
        () => this.invalidate(),
        (o) => this.put(o),
        (o) => this.putLive(o),
      );
      y = top;
    }
    if (sc.learningGoals?.length && top - 10 - y > 40) {
      // The goals show whole or not at all (the panel and the title card list them too).
      const goals = this.add.text(
        120,
        y,
        '',
        style(s, 15, { color: TEXT.dim, wordWrap: { width: WIDTH - 240 }, lineSpacing: 3 }),
      );
      if (shrinkToFit(s, goals, `Learning goals: ${sc.learningGoals.join(' · ')}`, top - 10 - y, [15, 14, 13]))
        this.put(goals);
      else goals.destroy();
    }
    const step = Math.min(220, (WIDTH - 240) / perRow);
    const r = rows > 1 ? 18 : 30;
    sc.advisors.forEach((a, i) => {
      const row = Math.floor(i / perRow);
      const inRow = row === rows - 1 ? n - perRow * (rows - 1) : perRow;
      const x = WIDTH / 2 - (step * (inRow - 1)) / 2 + (i % perRow) * step;
      const cy = top + row * rowH + r;
      const col = Number.parseInt(advisorColor(sc.advisors, a.id).slice(1), 16);
      this.put(this.add.circle(x, cy, r, col).setStrokeStyle(2, 0xffffff, 0.6));
      this.put(
        this.add.text(x, cy, initials(a.name), style(s, rows > 1 ? 16 : 20, { fontStyle: 'bold' })).setOrigin(0.5),
      );
      const ny = cy + r + 6;
      const bottom = top + (row + 1) * rowH - 4;
      const name = this.put(
        fitShrink(
          s,
          this.add
            .text(x, ny, '', style(s, 14, { align: 'center', wordWrap: { width: step - 6 }, lineSpacing: -2 }))
            .setOrigin(0.5, 0),
          a.name,
          bottom - ny,
          [14, 13, 12],
        ),
      );
      const title = this.add
        .text(
          x,
          ny + name.height + 2,
          '',
          style(s, 12, { color: TEXT.dim, align: 'center', wordWrap: { width: step - 10 } }),
        )
        .setOrigin(0.5, 0);
      if (shrinkToFit(s, title, a.title, bottom - title.y, [12])) this.put(title);
      else title.destroy();
    });
    this.put(canvasButton(this, s, BRIEFING_BEGIN, 'Begin', () => s.begin(), true));
  }
}
