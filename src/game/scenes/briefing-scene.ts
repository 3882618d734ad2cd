/** The briefing: who the player is and what is happening, with the advisors introduced. */
import { BRIEFING_BEGIN, HEIGHT, WIDTH } from './layout.ts';
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
  constructor(session: GameSession) {
    super('briefing', session);
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
    const notes = this.session.run?.compiled.scenario.advisors.some((a) => a.note);
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
    const withNotes = sc.advisors.some((a) => a.note);
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

  /** The advisors' page: each advisor's name, title and stance, and their note (a composite character, a fictional name). */
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
      .map((a) => `${a.name} — ${a.title}${a.stance ? ` (${a.stance})` : ''}${a.note ? `\n${a.note}` : ''}`)
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
