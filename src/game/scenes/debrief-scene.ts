/** Outcome and debrief: the ending, a chart of every meter, and each decision beside history. */
import { DEBRIEF_BUTTONS, HEIGHT, WIDTH, buttonRow, debriefExtras, type Box } from '../layout.ts';
import type { ViewState } from '../view-state.ts';
import {
  COLORS,
  PagedText,
  TEXT,
  ViewScene,
  canvasButton,
  canvasParagraphs,
  fitLineShrink,
  fitShrink,
  keepIn,
  panel,
  style,
} from './ui.ts';
import { anyDialogOpen } from '../../ui/dialog-guard.ts';
import { decisionRows, meterSeries, SERIES_COLORS, sourceLine } from '../view-models.ts';
import type { GameSession } from '../session.ts';

const TONE = {
  good: { color: COLORS.good, text: 'GOOD' },
  mixed: { color: COLORS.mixed, text: 'MIXED' },
  bad: { color: COLORS.bad, text: 'BAD' },
} as const;

/** The end of a run. */
export class DebriefScene extends ViewScene {
  constructor(
    session: GameSession,
    views: ViewState,
    private exportPath: () => void,
  ) {
    super('debrief', session, views);
  }

  /** The page of the decisions list showing (the list pages when the run was long). */
  private page = 0;

  override create(): void {
    this.page = 0;
    super.create();
    const keys = (e: KeyboardEvent) => {
      if (e.key !== 'PageDown' && e.key !== 'PageUp') return;
      if (e.ctrlKey || e.metaKey || e.altKey || anyDialogOpen(document)) return;
      if (document.body.classList.contains('text-view')) return;
      // With Shift the ending's story (it pages when long: history, learning goals), else the decisions.
      const by = e.key === 'PageDown' ? 1 : -1;
      const turned = e.shiftKey ? this.story?.turn(by) : this.history?.turn(by) || this.turn(by);
      if (turned) e.preventDefault();
    };
    document.addEventListener('keydown', keys);
    const offExtras = this.views.subscribe((c) => c === 'canvasExtras' && this.sys.isActive() && this.redraw());
    this.events.once('shutdown', () => {
      document.removeEventListener('keydown', keys);
      offExtras();
    });
  }

  /** How many decisions the run took (one page each). */
  private pages = 1;
  /** The ending's text, history and learning goals (paged with Shift+PageUp/PageDown, the cue or the wheel). */
  private story: PagedText | undefined;
  /** The history and sources of the decision showing (paged when long: the cue, the wheel, PageDown). */
  private history: PagedText | undefined;

  /** Show another decision; false when there is none that way. */
  private turn(by: number): boolean {
    return this.show(this.page + by);
  }

  /** Show the decision at index `i` (0-based, kept in range); false when it already shows. */
  private show(i: number): boolean {
    const next = Math.max(0, Math.min(this.pages - 1, i));
    if (next === this.page) return false;
    this.page = next;
    // After the pointer event: the redraw destroys the zone that is handling it.
    setTimeout(() => this.sys.isActive() && this.redraw(), 0);
    return true;
  }

  /**
   * The decisions panel: the decision showing (its title, your choice beside the historical one),
   * what really happened there and the works it cites, then a row of numbered steps (green: the
   * same choice as history; a click shows that decision) and Previous / Next.
   */
  private drawDecision(d: Box): void {
    const s = this.session;
    const run = s.run;
    if (!run) return;
    this.put(panel(this, d));
    const rows = decisionRows(run);
    this.pages = Math.max(1, rows.length);
    this.page = Math.min(this.page, this.pages - 1);
    const row = rows[this.page];
    const inner = d.w - 40;
    const widths = [
      Math.round(inner * 0.28),
      Math.round(inner * 0.36),
      inner - Math.round(inner * 0.28) - Math.round(inner * 0.36),
    ];
    const cols = [d.x + 20, d.x + 20 + widths[0]!, d.x + 20 + widths[0]! + widths[1]!];
    [`Decision ${this.page + 1} of ${rows.length}`, 'Your choice', 'Historical choice'].forEach((label, i) =>
      this.put(
        fitLineShrink(
          s,
          this.add.text(cols[i]!, d.y + 10, '', style(s, 14, { color: TEXT.dim, fontStyle: 'bold' })),
          label,
          widths[i]! - 14,
          [14, 13, 12],
        ),
      ),
    );
    const navH = 30;
    this.history = undefined;
    if (row) {
      const cells: [string, string][] = [
        [row.title, TEXT.main],
        [`${row.same ? '✓ ' : ''}${row.mine}${row.timeout ? ' (time ran out)' : ''}`, row.same ? TEXT.good : TEXT.main],
        [
          `${row.historical ?? 'not recorded'}${row.chance ? ` → ${row.chance.history}` : ''}`,
          row.historical ? TEXT.main : TEXT.dim,
        ],
      ];
      cells.forEach(([text, color], j) =>
        this.put(
          fitShrink(
            s,
            this.add.text(
              cols[j]!,
              d.y + 30,
              '',
              style(s, 15, { color, fontStyle: j === 0 ? 'bold' : 'normal', wordWrap: { width: widths[j]! - 14 } }),
            ),
            text,
            46,
            [15, 13, 12, 11],
          ),
        ),
      );
      const g = this.put(this.add.graphics());
      g.lineStyle(1, COLORS.panelEdge).lineBetween(d.x + 16, d.y + 82, d.x + d.w - 16, d.y + 82);
      const told = [
        row.history
          ? `What really happened: ${canvasParagraphs(row.history)}`
          : 'What really happened: the scenario does not say for this decision.',
      ];
      if (row.chance)
        told.push(
          `Chance took you to: ${row.chance.went}. In history: ${row.chance.history}${row.chance.went === row.chance.history ? ' (the same)' : ''}.`,
        );
      if (row.sources.length) told.push(`Sources:\n${row.sources.map((x) => `• ${sourceLine(x)}`).join('\n')}`);
      const box: Box = { x: d.x + 20, y: d.y + 90, w: d.w - 40, h: d.h - 90 - navH - 14 };
      this.history = new PagedText(
        this,
        s,
        box,
        told.join('\n\n'),
        style(s, 15, { color: row.history ? TEXT.main : TEXT.dim, wordWrap: { width: box.w }, lineSpacing: 2 }),
        () => this.invalidate(),
        (o) => this.put(o),
        (o) => this.putLive(o),
      );
    }
    this.drawSteps(d, rows, navH);
  }

  /** The row of numbered steps and the Previous / Next buttons at the foot of the decisions panel. */
  private drawSteps(d: Box, rows: ReturnType<typeof decisionRows>, navH: number): void {
    const s = this.session;
    const y = d.y + d.h - navH - 8;
    const navW = 124;
    const next: Box = { x: d.x + d.w - 16 - navW, y, w: navW, h: navH };
    const prev: Box = { x: next.x - 8 - navW, y, w: navW, h: navH };
    if (rows.length > 1) {
      this.put(canvasButton(this, s, prev, '◀ Previous', () => this.turn(-1), false, [14, 13, 12]));
      this.put(canvasButton(this, s, next, 'Next ▶', () => this.turn(1), false, [14, 13, 12]));
    }
    // As many step chips as fit left of the buttons; with more steps, a window around the one showing.
    const chipW = 34;
    const gap = 6;
    const room = prev.x - 16 - (d.x + 16);
    const fit = Math.max(1, Math.floor((room + gap) / (chipW + gap)));
    const from = Math.max(0, Math.min(rows.length - fit, this.page - Math.floor(fit / 2)));
    rows.slice(from, from + fit).forEach((row, k) => {
      const i = from + k;
      const b: Box = { x: d.x + 16 + k * (chipW + gap), y, w: chipW, h: navH };
      const here = i === this.page;
      const g = this.put(this.add.graphics());
      g.fillStyle(row.same ? COLORS.good : COLORS.card, 1).fillRoundedRect(b.x, b.y, b.w, b.h, 6);
      g.lineStyle(here ? 3 : 1, here ? COLORS.accent : COLORS.panelEdge, 1).strokeRoundedRect(b.x, b.y, b.w, b.h, 6);
      this.put(
        fitLineShrink(
          s,
          this.add
            .text(
              b.x + b.w / 2,
              b.y + b.h / 2,
              '',
              style(s, 14, { color: row.same ? TEXT.dark : TEXT.main, fontStyle: 'bold' }),
            )
            .setOrigin(0.5),
          String(row.step),
          b.w - 4,
          [14, 12, 11],
        ),
      );
      const zone = this.put(
        this.add.zone(b.x + b.w / 2, b.y + b.h / 2, b.w, b.h).setInteractive({ useHandCursor: true }),
      );
      zone.on('pointerup', () => this.show(i));
    });
  }

  protected draw(): void {
    const s = this.session;
    const run = s.run;
    const ending = run?.ending;
    if (!run || !ending) return;
    this.put(this.add.rectangle(0, 0, WIDTH, HEIGHT, COLORS.bg).setOrigin(0));

    // The ending.
    const e: Box = { x: 24, y: 20, w: Math.round((WIDTH - 64) * 0.5), h: 300 };
    const tone = TONE[ending.tone];
    this.put(panel(this, e, COLORS.panel, tone.color, 14));
    this.put(
      this.add.text(
        e.x + 24,
        e.y + 18,
        'DEBRIEF',
        style(s, 15, { color: TEXT.accent, fontStyle: 'bold', letterSpacing: 3 }),
      ),
    );
    const badge = this.put(
      this.add
        .text(
          e.x + e.w - 24,
          e.y + 16,
          tone.text,
          style(s, 14, { color: TEXT.dark, fontStyle: 'bold', padding: { x: 10, y: 4 } }),
        )
        .setOrigin(1, 0),
    );
    badge.setBackgroundColor(`#${tone.color.toString(16).padStart(6, '0')}`);
    const title = this.put(
      fitShrink(
        s,
        this.add.text(e.x + 24, e.y + 48, '', style(s, 28, { fontStyle: 'bold', wordWrap: { width: e.w - 48 } })),
        ending.title,
        76,
        [28, 24, 20, 18],
      ),
    );
    const ty = e.y + 48 + title.height + 10;
    const story = [canvasParagraphs(ending.text)];
    if (ending.history) story.push(`What really happened: ${canvasParagraphs(ending.history.text)}`);
    // The goals close the story (a page of their own when it is long: the panel pages, never cuts).
    const goals = run.compiled.scenario.learningGoals;
    if (goals?.length) story.push(`Learning goals:\n${goals.map((x) => `• ${x}`).join('\n')}`);
    this.story = new PagedText(
      this,
      s,
      { x: e.x + 24, y: ty, w: e.w - 48, h: e.y + e.h - 12 - ty },
      story.join('\n\n'),
      style(s, 15, { wordWrap: { width: e.w - 48 }, lineSpacing: 2 }),
      () => this.invalidate(),
      (o) => this.put(o),
      (o) => this.putLive(o),
    );
    if (!this.still && this.page === 0) {
      this.root.setAlpha(0);
      this.tweens.add({ targets: this.root, alpha: 1, duration: 500 });
    }

    // The chart (below the toolbar in the top right corner).
    const cx = e.x + e.w + 16;
    const c: Box = { x: cx, y: 56, w: WIDTH - 24 - cx, h: 264 };
    this.put(panel(this, c));
    this.put(this.add.text(c.x + 20, c.y + 12, 'Meters over the run', style(s, 17, { fontStyle: 'bold' })));
    const series = meterSeries(run);
    const legendW = Math.min(200, Math.round(c.w * 0.34));
    const plot: Box = { x: c.x + 52, y: c.y + 44, w: c.w - 52 - legendW - 24, h: c.h - 76 };
    const g = this.put(this.add.graphics());
    g.lineStyle(1, COLORS.panelEdge);
    for (const f of [0, 0.25, 0.5, 0.75, 1]) {
      const y = plot.y + (1 - f) * plot.h;
      g.lineBetween(plot.x, y, plot.x + plot.w, y);
      this.put(this.add.text(plot.x - 6, y, `${f * 100}%`, style(s, 11, { color: TEXT.dim })).setOrigin(1, 0.5));
    }
    const steps = Math.max(1, run.trail.length);
    const px = (i: number) => plot.x + (i / steps) * plot.w;
    // Step numbers thin out so they never overlap.
    const every = Math.max(1, Math.ceil((steps * 26) / plot.w));
    for (let i = 0; i <= steps; i++)
      if (i === 0 || i % every === 0)
        this.put(
          this.add
            .text(px(i), plot.y + plot.h + 6, i === 0 ? 'start' : String(i), style(s, 11, { color: TEXT.dim }))
            .setOrigin(0.5, 0),
        );
    series.forEach((m, k) => {
      const col = Number.parseInt(SERIES_COLORS[k % SERIES_COLORS.length]!.slice(1), 16);
      const py = (v: number) => plot.y + (1 - (v - m.min) / Math.max(1, m.max - m.min)) * plot.h;
      g.lineStyle(m.hidden ? 2 : 3, col, m.hidden ? 0.7 : 1);
      g.beginPath();
      m.values.forEach((v, i) => (i === 0 ? g.moveTo(px(i), py(v)) : g.lineTo(px(i), py(v))));
      g.strokePath();
      m.values.forEach((v, i) => g.fillStyle(col, 1).fillCircle(px(i), py(v), 3));
    });

    this.drawLegend(c, legendW, series);

    // Decisions beside history: one decision at a time, with what really happened and its sources.
    // Extra buttons that do not fit beside the main ones take a row above them (the panel gets shorter).
    const extras = this.views.canvasExtras('debrief');
    const extrasArea = debriefExtras(extras.length);
    const d: Box = { x: 24, y: 336, w: WIDTH - 48, h: Math.min(304, extrasArea.y - 12 - 336) };
    this.drawDecision(d);

    this.put(canvasButton(this, s, DEBRIEF_BUTTONS.playAgain, 'Play again', () => s.playAgain(), true));
    this.put(canvasButton(this, s, DEBRIEF_BUTTONS.mainMenu, 'Main menu', () => s.mainMenu()));
    this.put(canvasButton(this, s, DEBRIEF_BUTTONS.exportPath, 'Export decision path', () => this.exportPath()));
    // Buttons other layers add to the debrief (the replay viewer, …).
    buttonRow(extrasArea, extras.length).forEach((b, k) =>
      this.put(canvasButton(this, s, b, extras[k]!.label, () => extras[k]!.press())),
    );
  }

  /** The legend page shown. */
  private legendPage = 0;

  /**
   * The chart's legend right of the plot: each entry whole (wrapped, 12 px at least); entries that do
   * not all fit show a page at a time, with a "▼ more" cue under them.
   */
  private drawLegend(c: Box, legendW: number, series: ReturnType<typeof meterSeries>): void {
    const s = this.session;
    const layer = this.put(this.add.container(0, 0));
    const x = c.x + c.w - legendW + 6;
    const top = c.y + 44;
    const cueH = 20;
    const entries = series.map((m, k) => {
      const t = this.add.text(x, 0, '', style(s, 13, { wordWrap: { width: legendW - 12 }, lineSpacing: -2 }));
      fitShrink(s, t, `${m.label}${m.hidden ? ' (hidden)' : ''} ${m.values[m.values.length - 1]}`, 44, [13, 12]);
      keepIn(t, c);
      return { t, col: Number.parseInt(SERIES_COLORS[k % SERIES_COLORS.length]!.slice(1), 16) };
    });
    const pack = (room: number) => {
      const pages: (typeof entries)[] = [[]];
      let used = 0;
      for (const e of entries) {
        const h = e.t.height + 3;
        if (used + h > room && pages[pages.length - 1]!.length) {
          pages.push([]);
          used = 0;
        }
        pages[pages.length - 1]!.push(e);
        used += h;
      }
      return pages;
    };
    let pages = pack(c.y + c.h - 8 - top);
    if (pages.length > 1) pages = pack(c.y + c.h - 8 - cueH - top);
    const page = Math.min(this.legendPage, pages.length - 1);
    const g = this.add.graphics();
    layer.add(g);
    let y = top;
    for (const e of entries) {
      if (!pages[page]!.includes(e)) {
        e.t.destroy();
        continue;
      }
      e.t.y = y;
      g.fillStyle(e.col, 1).fillRect(c.x + c.w - legendW - 10, y + 6, 12, 4);
      layer.add(e.t);
      y += e.t.height + 3;
    }
    if (pages.length > 1) {
      const last = page === pages.length - 1;
      const cue = this.add
        .text(
          c.x + c.w - 14,
          c.y + c.h - 8,
          `${last ? '▲ first' : '▼ more'}  ${page + 1}/${pages.length}`,
          style(s, 13, { color: TEXT.accent, fontStyle: 'bold' }),
        )
        .setOrigin(1, 1);
      layer.add(cue);
      const zone = this.add
        .zone(cue.x - cue.width / 2, cue.y - cue.height / 2, cue.width + 16, cue.height + 10)
        .setInteractive({ useHandCursor: true });
      layer.add(zone);
      zone.on('pointerup', () => {
        this.legendPage = last ? 0 : page + 1;
        // After the pointer event: the redraw destroys the zone that is handling it.
        setTimeout(() => this.sys.isActive() && this.redraw(), 0);
      });
    }
  }
}
