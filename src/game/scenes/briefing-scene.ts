/** The briefing: who the player is and what is happening, with the advisors introduced. */
import type { ViewState } from '../view-state.ts';
import { BRIEFING_BEGIN, HEIGHT, WIDTH } from '../layout.ts';
import type Phaser from 'phaser';
import {
  COLORS,
  PagedText,
  TEXT,
  ViewScene,
  canvasButton,
  canvasParagraphs,
  fitLineShrink,
  fitShrink,
  panel,
  shrinkToFit,
  style,
} from './ui.ts';
import { advisorColor, initials, type GameSession } from '../session.ts';
import { anyDialogOpen } from '../../ui/dialog-guard.ts';
import type { Advisor } from '../../scenario/schema.ts';

/** Role, situation and the people at the table; Begin starts the first decision. */
export class BriefingScene extends ViewScene {
  constructor(session: GameSession, views: ViewState) {
    super('briefing', session, views);
  }

  /** 0: the briefing; 1: who the advisors are (only when a file gives an advisor a `note`). */
  private page = 0;
  /** The advisors' list on page 1 (it pages itself when long). */
  private notesPager: PagedText | undefined;

  override create(): void {
    this.page = 0;
    super.create();
    const keys = (e: KeyboardEvent) => {
      if (e.key !== 'PageDown' && e.key !== 'PageUp') return;
      if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || anyDialogOpen(document)) return;
      if (document.body.classList.contains('text-view')) return;
      // On the advisors' page the keys turn its own pages first (a long list), then back to the briefing.
      const by = e.key === 'PageDown' ? 1 : -1;
      if (this.notesPager?.turn(by) || this.showPage(by > 0 ? 1 : 0)) e.preventDefault();
    };
    document.addEventListener('keydown', keys);
    this.events.once('shutdown', () => document.removeEventListener('keydown', keys));
  }

  /** Show the briefing (0) or the advisors' page (1); false when it shows already or there is none. */
  private showPage(page: number): boolean {
    const notes = this.session.run?.compiled.scenario.advisors.some(aboutAdvisor);
    if (page === this.page || (page === 1 && !notes)) return false;
    this.page = page;
    this.redraw();
    return true;
  }

  protected draw(): void {
    const s = this.session;
    const run = s.run;
    if (!run) return;
    const sc = run.compiled.scenario;
    this.put(this.add.rectangle(0, 0, WIDTH, HEIGHT, COLORS.bg).setOrigin(0));
    this.put(panel(this, { x: 80, y: 52, w: WIDTH - 160, h: 552 }, COLORS.panel, COLORS.panelEdge, 14));
    this.notesPager = undefined;
    const withNotes = sc.advisors.some(aboutAdvisor);
    if (withNotes)
      this.pageCue(this.page === 0 ? '▼ Who your advisors are (PageDown)' : '▲ Back to the briefing (PageUp)');
    if (withNotes && this.page === 1) {
      this.drawAdvisorNotes(sc.advisors);
      this.put(canvasButton(this, s, BRIEFING_BEGIN, 'Begin', () => s.begin(), true));
      return;
    }
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

  /** The cue right of Begin that turns between the two pages (a click, or PageUp/PageDown). */
  private pageCue(text: string): void {
    const x0 = BRIEFING_BEGIN.x + BRIEFING_BEGIN.w + 20;
    const cue = this.put(
      fitLineShrink(
        this.session,
        this.add
          .text(
            WIDTH - 24,
            BRIEFING_BEGIN.y + BRIEFING_BEGIN.h / 2,
            '',
            style(this.session, 15, { color: TEXT.accent, fontStyle: 'bold' }),
          )
          .setOrigin(1, 0.5),
        text,
        WIDTH - 24 - x0,
        [15, 14, 13, 12],
      ),
    );
    const zone: Phaser.GameObjects.Zone = this.put(
      this.add
        .zone(cue.x - cue.width / 2, cue.y, cue.width + 20, BRIEFING_BEGIN.h)
        .setInteractive({ useHandCursor: true }),
    );
    zone.on('pointerup', () => this.showPage(this.page === 0 ? 1 : 0));
  }

  /** The advisors' page: each advisor's name, title and stance, their note (a composite character, a fictional name) and brief. */
  private drawAdvisorNotes(advisors: Advisor[]): void {
    const s = this.session;
    this.put(
      this.add.text(
        120,
        70,
        'YOUR ADVISORS',
        style(s, 16, { color: TEXT.accent, fontStyle: 'bold', letterSpacing: 3 }),
      ),
    );
    const list = advisors
      .map(
        (a) =>
          `${a.name} — ${a.title}${a.stance ? ` (${a.stance})` : ''}${a.note ? `\n${a.note}` : ''}${a.brief ? `\nBrief: ${canvasParagraphs(a.brief)}` : ''}`,
      )
      .join('\n\n');
    // The panel's room; a long list pages itself (never cut).
    const box = { x: 120, y: 100, w: WIDTH - 240, h: 590 - 100 };
    this.notesPager = new PagedText(
      this,
      s,
      box,
      list,
      style(s, 16, { wordWrap: { width: box.w }, lineSpacing: 3 }),
      () => this.invalidate(),
      (o) => this.put(o),
      (o) => this.putLive(o),
    );
  }
}

/** Whether the advisors' page has something to say of an advisor beyond the name: a note or a brief. */
function aboutAdvisor(a: Advisor): boolean {
  return !!(a.note || a.brief);
}
