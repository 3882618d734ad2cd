/** Outcome and debrief: the ending, a chart of every meter, and each decision beside history. */
import { DEBRIEF_BUTTONS, HEIGHT, WIDTH, type Box } from './layout.ts';
import { COLORS, TEXT, ViewScene, canvasButton, fitLine, fitText, panel, style } from './ui.ts';
import type { GameSession } from '../session.ts';
import { meterSeries, SERIES_COLORS } from '../a11y/meter-chart.ts';

const TONE = {
  good: { color: COLORS.good, text: 'GOOD' },
  mixed: { color: COLORS.mixed, text: 'MIXED' },
  bad: { color: COLORS.bad, text: 'BAD' },
} as const;

/** The end of a run. */
export class DebriefScene extends ViewScene {
  constructor(
    session: GameSession,
    private exportPath: () => void,
  ) {
    super('debrief', session);
  }

  protected draw(): void {
    const s = this.session;
    const run = s.run;
    const ending = run?.ending;
    if (!run || !ending) return;
    this.put(this.add.rectangle(0, 0, WIDTH, HEIGHT, COLORS.bg).setOrigin(0));

    // The ending.
    const e: Box = { x: 24, y: 20, w: 600, h: 300 };
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
      fitText(
        this.add.text(e.x + 24, e.y + 48, '', style(s, 28, { fontStyle: 'bold', wordWrap: { width: e.w - 48 } })),
        ending.title,
        76,
      ),
    );
    const ty = e.y + 48 + title.height + 10;
    const body = this.put(
      fitText(
        this.add.text(e.x + 24, ty, '', style(s, 16, { wordWrap: { width: e.w - 48 }, lineSpacing: 3 })),
        ending.text.replace(/\n\s*\n/g, '\n'),
        (e.y + e.h - 16 - ty) * (ending.history ? 0.6 : 1),
      ),
    );
    if (ending.history) {
      const hy = ty + body.height + 12;
      if (e.y + e.h - 16 - hy > 20)
        this.put(
          fitText(
            this.add.text(
              e.x + 24,
              hy,
              '',
              style(s, 14, { color: TEXT.dim, wordWrap: { width: e.w - 48 }, lineSpacing: 2 }),
            ),
            `What really happened: ${ending.history.text}`,
            e.y + e.h - 16 - hy,
          ),
        );
    }
    if (!this.still) {
      this.root.setAlpha(0);
      this.tweens.add({ targets: this.root, alpha: 1, duration: 500 });
    }

    // The chart.
    const c: Box = { x: 640, y: 20, w: 616, h: 300 };
    this.put(panel(this, c));
    this.put(this.add.text(c.x + 20, c.y + 14, 'Meters over the run', style(s, 17, { fontStyle: 'bold' })));
    const series = meterSeries(run);
    const plot: Box = { x: c.x + 52, y: c.y + 48, w: c.w - 220, h: c.h - 84 };
    const g = this.put(this.add.graphics());
    g.lineStyle(1, COLORS.panelEdge);
    for (const f of [0, 0.25, 0.5, 0.75, 1]) {
      const y = plot.y + (1 - f) * plot.h;
      g.lineBetween(plot.x, y, plot.x + plot.w, y);
      this.put(this.add.text(plot.x - 6, y, `${f * 100}%`, style(s, 11, { color: TEXT.dim })).setOrigin(1, 0.5));
    }
    const steps = Math.max(1, run.trail.length);
    const px = (i: number) => plot.x + (i / steps) * plot.w;
    for (let i = 0; i <= steps; i++)
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
      const ly = c.y + 52 + k * 22;
      if (ly < c.y + c.h - 16) {
        g.fillStyle(col, 1).fillRect(c.x + c.w - 150, ly + 4, 14, 4);
        this.put(
          fitLine(
            this.add.text(c.x + c.w - 130, ly - 3, '', style(s, 13)),
            `${m.label}${m.hidden ? ' (hidden)' : ''} ${m.values[m.values.length - 1]}`,
            120,
          ),
        );
      }
    });

    // Decisions beside history.
    const d: Box = { x: 24, y: 336, w: 1232, h: 304 };
    this.put(panel(this, d));
    const cols = [d.x + 20, d.x + 330, d.x + 760];
    this.put(this.add.text(cols[0]!, d.y + 14, 'Decision', style(s, 14, { color: TEXT.dim, fontStyle: 'bold' })));
    this.put(this.add.text(cols[1]!, d.y + 14, 'Your choice', style(s, 14, { color: TEXT.dim, fontStyle: 'bold' })));
    this.put(
      this.add.text(cols[2]!, d.y + 14, 'Historical choice', style(s, 14, { color: TEXT.dim, fontStyle: 'bold' })),
    );
    const rowH = run.trail.length <= 4 ? 62 : run.trail.length <= 6 ? 42 : run.trail.length <= 8 ? 30 : 24;
    const maxRows = Math.floor((d.h - 50) / rowH);
    const trail = run.trail;
    const shown = trail.length > maxRows ? trail.slice(0, maxRows - 1) : trail;
    shown.forEach((t, i) => {
      const node = run.compiled.rules.nodes.get(t.node)?.node;
      const mine = node?.choices.find((x) => x.id === t.choice);
      const hist = node?.history?.choice ? node.choices.find((x) => x.id === node.history!.choice) : undefined;
      const y = d.y + 44 + i * rowH;
      if (i % 2 === 0) this.put(this.add.rectangle(d.x + 8, y - 3, d.w - 16, rowH, 0xffffff, 0.03).setOrigin(0));
      this.put(
        fitLine(
          this.add.text(cols[0]!, y, '', style(s, rowH < 30 ? 14 : 15)),
          `${i + 1}. ${node?.title ?? t.node}`,
          300,
        ),
      );
      const same = hist?.id === t.choice;
      this.put(
        fitLine(
          this.add.text(cols[1]!, y, '', style(s, rowH < 30 ? 14 : 15, { color: same ? TEXT.good : TEXT.main })),
          `${same ? '✓ ' : ''}${mine?.label ?? t.choice}${t.timeout ? ' (time ran out)' : ''}`,
          420,
        ),
      );
      this.put(
        fitLine(
          this.add.text(cols[2]!, y, '', style(s, rowH < 30 ? 14 : 15, { color: hist ? TEXT.main : TEXT.dim })),
          hist?.label ?? 'not recorded',
          450,
        ),
      );
      if (rowH > 40 && node?.history)
        this.put(
          fitText(
            this.add.text(cols[2]!, y + 21, '', style(s, 13, { color: TEXT.dim, wordWrap: { width: 450 } })),
            node.history.text,
            rowH - 26,
          ),
        );
    });
    if (shown.length < trail.length)
      this.put(
        this.add.text(
          cols[0]!,
          d.y + 44 + shown.length * rowH,
          `… and ${trail.length - shown.length} more (see the panel for history and sources)`,
          style(s, 14, { color: TEXT.dim }),
        ),
      );

    this.put(canvasButton(this, s, DEBRIEF_BUTTONS.playAgain, 'Play again', () => s.playAgain(), true));
    this.put(canvasButton(this, s, DEBRIEF_BUTTONS.mainMenu, 'Main menu', () => s.mainMenu()));
    this.put(canvasButton(this, s, DEBRIEF_BUTTONS.exportPath, 'Export decision path', () => this.exportPath()));
    this.put(
      this.add
        .text(
          WIDTH - 32,
          679,
          'History text and sources for every decision are in the panel.',
          style(s, 14, { color: TEXT.dim }),
        )
        .setOrigin(1, 0.5),
    );
  }
}
