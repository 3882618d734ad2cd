/**
 * The advisor room: clock and timeline, advisors around the table, the situation and the selected
 * advice, meter gauges, choice cards, a countdown ring and the news ticker. After a choice (the
 * 'outcome' screen) it shows the outcome panel and animates each meter to its new value.
 */
import type { ViewState } from '../view-state.ts';
import Phaser from 'phaser';
import {
  ROOM,
  WIDTH,
  HEIGHT,
  OUTCOME,
  advisorSeats,
  CHOICE_CUE_W,
  choiceCards,
  plateWidth,
  portraitRadius,
  tableTop,
  TOOLBAR_RESERVED,
  type Box,
} from '../layout.ts';
import {
  COLORS,
  PagedText,
  TEXT,
  ViewScene,
  canvasButton,
  canvasParagraphs,
  fitLine,
  fitLineShrink,
  fitShrink,
  fitText,
  fitsHeight,
  keepIn,
  panel,
  shrinkLineToFit,
  shrinkToFit,
  style,
} from './ui.ts';
import { anyDialogOpen } from '../../ui/dialog-guard.ts';
import { adviceView, advisorKey, nodeHeadlines, outcomeHeadlines, untoldOutcome } from '../view-models.ts';
import { advisorColor, clockText, initials, signed, visibleMeters, type GameSession } from '../session.ts';

const hex = (c: string) => Number.parseInt(c.slice(1), 16);

/** The room scene (also draws the outcome overlay). */
export class RoomScene extends ViewScene {
  private ring: Phaser.GameObjects.Graphics | undefined;
  private ringText: Phaser.GameObjects.Text | undefined;
  /** What the ring shows now (seconds, arc step, urgency): it is redrawn only when this changes. */
  private ringShown = '';
  private adviceLayer: Phaser.GameObjects.Container | undefined;
  private advisorRings = new Map<string, Phaser.GameObjects.Arc>();
  /** The long texts shown a page at a time: PageUp/PageDown turn `main` (situation or outcome), with Shift the advice. */
  private pagers: { main?: PagedText; advice?: PagedText } = {};

  constructor(session: GameSession, views: ViewState) {
    super('room', session, views);
  }

  override create(): void {
    super.create();
    const keys = (e: KeyboardEvent) => {
      if (e.key !== 'PageDown' && e.key !== 'PageUp') return;
      if (e.ctrlKey || e.metaKey || e.altKey || anyDialogOpen(document)) return;
      const t = e.target;
      if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return;
      // Only in the picture view: the text view's panel scrolls with these keys itself.
      if (document.body.classList.contains('text-view')) return;
      const pager = e.shiftKey ? this.pagers.advice : this.pagers.main;
      if (pager?.turn(e.key === 'PageDown' ? 1 : -1)) e.preventDefault();
    };
    document.addEventListener('keydown', keys);
    // Keyboard focus on the twin of a choice on another page: show that page (and its focus ring).
    const focus = (e: FocusEvent) => {
      const el = e.target;
      if (!(el instanceof HTMLElement) || !el.dataset.choice || el.dataset.canvasX !== undefined) return;
      const i = this.session.run?.visibleChoices().findIndex((c) => c.id === el.dataset.choice) ?? -1;
      if (i < 0 || !this.sys.isActive()) return;
      this.choicePage.page = Math.floor(i / this.choicePerPage);
      this.redraw();
    };
    document.addEventListener('focusin', focus);
    this.events.once('shutdown', () => {
      document.removeEventListener('focusin', focus);
      document.removeEventListener('keydown', keys);
      this.removeTicker();
    });
  }

  /** A paged text in `box`, drawn into `into` (root by default). */
  private paged(
    box: Box,
    full: string,
    textStyle: Phaser.Types.GameObjects.Text.TextStyle,
    into?: Phaser.GameObjects.Container,
  ): PagedText {
    const put = into
      ? <T extends Phaser.GameObjects.GameObject>(o: T): T => {
          into.add(o);
          return o;
        }
      : <T extends Phaser.GameObjects.GameObject>(o: T): T => this.put(o);
    return new PagedText(
      this,
      this.session,
      box,
      full,
      textStyle,
      () => this.invalidate(),
      put,
      (o) => this.putLive(o),
    );
  }

  protected override onChange(change: string): boolean {
    if (change === 'timer') {
      // Once a second: the ring is live (not baked), so one frame shows it.
      this.drawRing();
      return false;
    }
    if (change !== 'advisor') return false;
    this.drawAdvice();
    return true;
  }

  protected draw(): void {
    this.removeTicker();
    const s = this.session;
    const run = s.run;
    this.ring = undefined;
    this.ringText = undefined;
    this.ringShown = '';
    this.advisorRings.clear();
    this.pagers = {};
    if (!run) return;
    const outcome = s.screen === 'outcome' ? s.last : undefined;
    const node = outcome?.node ?? run.node;
    if (!node) return;
    this.put(this.add.rectangle(0, 0, WIDTH, HEIGHT, COLORS.bg).setOrigin(0));

    // Top bar: clock and timeline.
    this.put(this.add.rectangle(0, 0, WIDTH, ROOM.topBar.h, 0x111b25).setOrigin(0));
    this.put(this.add.rectangle(0, ROOM.topBar.h - 1, WIDTH, 1, COLORS.panelEdge).setOrigin(0));
    const clockRoom = this.drawTimeline(node.id, !!outcome) - 36;
    // One line if it fits at a readable size, else two lines in the bar (shortened only past that).
    const clock = this.put(
      this.add.text(20, 26, '', style(s, 19, { color: TEXT.accent, fontStyle: 'bold' })).setOrigin(0, 0.5),
    );
    const clockLine = clockText(node, run.compiled.scenario.language) || run.compiled.scenario.title;
    if (!shrinkLineToFit(s, clock, clockLine, clockRoom, [19, 16, 14, 13])) {
      clock.setWordWrapWidth(clockRoom).setLineSpacing(-2);
      if (!shrinkToFit(s, clock, clockLine, ROOM.topBar.h - 6, [14, 13, 12])) {
        clock.setWordWrapWidth(0);
        fitLineShrink(s, clock, clockLine, clockRoom, [12]);
      }
    }

    // The table and the advisors.
    this.put(panel(this, ROOM.table));
    const top = tableTop(run.compiled.scenario.advisors.length);
    const g = this.put(this.add.graphics());
    g.fillStyle(0x000000, 0.3).fillEllipse(top.cx + 4, top.cy + 8, top.w + 10, top.h + 10);
    g.fillStyle(COLORS.wood, 1).fillEllipse(top.cx, top.cy, top.w, top.h);
    g.lineStyle(3, COLORS.woodEdge, 1).strokeEllipse(top.cx, top.cy, top.w, top.h);
    // The scenario's name on the table top, where the table is wide enough to keep it clear of the plates
    // (with two rows of advisors, in the lower half: the upper plates may reach over the edge). Whole or not at all.
    if (ROOM.table.w >= 560) {
      const many = run.compiled.scenario.advisors.length > 6;
      const name = this.add
        .text(
          top.cx,
          many ? top.cy + 8 : top.cy,
          '',
          style(s, 13, { color: '#d9c2a3', align: 'center', wordWrap: { width: top.w - 80 } }),
        )
        .setOrigin(0.5, many ? 0 : 0.5)
        .setAlpha(0.7);
      if (shrinkToFit(s, name, run.compiled.scenario.title, many ? top.h / 2 - 14 : top.h - 20, [13, 12]))
        this.put(name);
      else name.destroy();
    }
    this.drawAdvisors(node.advice?.map((a) => a.advisor) ?? [], !!outcome);

    // Situation.
    const sit = ROOM.situation;
    this.put(panel(this, sit));
    const title = this.put(
      fitShrink(
        s,
        this.add.text(sit.x + 20, sit.y + 14, '', style(s, 26, { fontStyle: 'bold', wordWrap: { width: sit.w - 40 } })),
        node.title,
        70,
        [26, 22, 19, 17],
      ),
    );
    const ty = sit.y + 14 + title.height + 8;
    const body = canvasParagraphs(node.text);
    const bodyBox: Box = { x: sit.x + 20, y: ty, w: sit.w - 40, h: sit.y + sit.h - 10 - ty };
    // Long texts step down a size, then show a page at a time (the picture never cuts them).
    const probe = this.add.text(0, 0, '', style(s, 17, { wordWrap: { width: bodyBox.w }, lineSpacing: 3 }));
    const size = fitsHeight(probe, body, bodyBox.h) ? 17 : 15;
    probe.destroy();
    // Under the outcome panel the situation is covered: the outcome is what is read now.
    if (!outcome)
      this.pagers.main = this.paged(
        bodyBox,
        body,
        style(s, size, { wordWrap: { width: bodyBox.w }, lineSpacing: size === 17 ? 3 : 2 }),
      );

    this.adviceLayer = this.put(this.add.container(0, 0));
    this.drawAdvice();
    this.drawMeters(outcome?.before, outcome?.step.deltas);
    if (outcome) this.drawOutcome();
    else this.drawChoices();
    this.drawTicker(
      outcome
        ? [...outcomeHeadlines(outcome.choice, outcome.step), ...nodeHeadlines(run, node, outcome.step)]
        : nodeHeadlines(run, node),
    );
  }

  /** The timeline of decisions in the top bar (left of the toolbar); returns the x where it starts. */
  private drawTimeline(current: string, done: boolean): number {
    const run = this.session.run!;
    const ids = [...run.trail.map((t) => t.node)];
    if (!done) ids.push(current);
    const spacing = 26;
    const x1 = WIDTH - 24 - TOOLBAR_RESERVED;
    const dots = Math.max(4, Math.min(16, Math.floor((x1 - 560) / spacing)));
    const shown = ids.slice(-dots);
    const x0 = x1 - (shown.length - 1) * spacing;
    const y = 26;
    const g = this.put(this.add.graphics());
    g.lineStyle(2, COLORS.panelEdge).lineBetween(x0, y, x1, y);
    shown.forEach((_, i) => {
      const last = i === shown.length - 1 && !done;
      g.fillStyle(last ? COLORS.accent : 0x7f93a8, 1).fillCircle(x0 + i * spacing, y, last ? 8 : 5);
    });
    const label = this.put(
      this.add
        .text(x0 - 16, y, `Decision ${run.trail.length + (done ? 0 : 1)}`, style(this.session, 15, { color: TEXT.dim }))
        .setOrigin(1, 0.5),
    );
    return x0 - 16 - label.width;
  }

  private drawAdvisors(withAdvice: string[], locked: boolean): void {
    const s = this.session;
    const advisors = s.run!.compiled.scenario.advisors;
    const seats = advisorSeats(advisors.length);
    const r = portraitRadius(advisors.length);
    advisors.forEach((a, i) => {
      const { x, y } = seats[i]!;
      const col = hex(advisorColor(advisors, a.id));
      const ring = this.put(
        this.add
          .circle(x, y, r + 6)
          .setStrokeStyle(4, COLORS.accent)
          .setVisible(s.advisor === a.id),
      );
      this.advisorRings.set(a.id, ring);
      // Portrait: shoulders, head, initials.
      const g = this.put(this.add.graphics());
      g.fillStyle(col, 1).fillEllipse(x, y + r * 0.55, r * 1.9, r * 1.1);
      g.fillStyle(Phaser.Display.Color.IntegerToColor(col).lighten(18).color, 1).fillCircle(x, y - r * 0.15, r * 0.72);
      g.lineStyle(2, 0xffffff, 0.5).strokeCircle(x, y, r);
      this.put(
        this.add
          .text(
            x,
            y - r * 0.15,
            initials(a.name),
            style(s, Math.round(r * 0.62), {
              fontStyle: 'bold',
              color: '#ffffff',
              stroke: '#00000088',
              strokeThickness: 2,
            }),
          )
          .setOrigin(0.5),
      );
      // Key letter and advice marker.
      if (i < 12) {
        this.put(this.add.circle(x - r * 0.9, y - r * 0.9, 10, 0x0d141c).setStrokeStyle(1, 0x7f93a8));
        this.put(
          this.add.text(x - r * 0.9, y - r * 0.9, advisorKey(i)!, style(s, 12, { fontStyle: 'bold' })).setOrigin(0.5),
        );
      }
      if (withAdvice.includes(a.id)) {
        this.put(this.add.circle(x + r * 0.9, y - r * 0.9, 9, COLORS.accent));
        this.put(
          this.add
            .text(x + r * 0.9, y - r * 0.92, '…', style(s, 12, { color: TEXT.dark, fontStyle: 'bold' }))
            .setOrigin(0.5),
        );
      }
      // Name plate and stance tag.
      const plateW = plateWidth(advisors.length);
      const plate = this.put(this.add.rectangle(x, y + r + 3, plateW, 22, 0x0d141c, 0.9).setStrokeStyle(1, col));
      plate.setOrigin(0.5, 0);
      // Names wrap onto a second line (smaller) rather than being cut.
      const name = this.put(
        fitShrink(
          s,
          this.add
            .text(
              x,
              y + r + 6,
              '',
              style(s, 12, {
                align: 'center',
                wordWrap: { width: plateW - 6 },
                lineSpacing: advisors.length > 6 ? -2 : 0,
              }),
            )
            .setOrigin(0.5, 0),
          a.name,
          // Two rows of advisors leave room for up to four lines, the oval three (never under 12 px).
          advisors.length > 6 ? 66 : 44,
          [12],
        ),
      );
      plate.height = name.height + 6;
      plate.setSize(plateW, name.height + 6);
      if (a.stance) {
        const tag = this.put(
          this.add
            .text(
              x,
              y + r + 3 + name.height + 8,
              '',
              style(s, 10, {
                color: '#ffffff',
                backgroundColor: '#00000099',
                padding: { x: 5, y: 1 },
                fontStyle: 'bold',
              }),
            )
            .setOrigin(0.5, 0),
        );
        // Beside other plates a tag takes two lines rather than reach the next one; alone (the oval) it
        // may be wider than its plate; at the table's ends it slides inward rather than being cut.
        const t = ROOM.table;
        const stance = a.stance.toUpperCase();
        const crowded = advisors.length > 6;
        const widest = crowded ? plateW : Math.min(2 * plateW + 20, t.w - 16);
        if (crowded) tag.setPadding(2, 1, 2, 1);
        const inner = widest - (crowded ? 4 : 10);
        if (!shrinkLineToFit(s, tag, stance, inner, [10])) {
          tag.setWordWrapWidth(inner).setAlign('center');
          if (!shrinkToFit(s, tag, stance, 30, [10])) fitText(tag, stance, 30);
        }
        tag.x = Math.max(t.x + 8 + tag.width / 2, Math.min(t.x + t.w - 8 - tag.width / 2, x));
        keepIn(tag, t);
        tag.setBackgroundColor(advisorColor(advisors, a.id));
      }
      if (!locked) {
        const zone = this.put(this.add.zone(x, y + 8, r * 2 + 20, r * 2 + 40).setInteractive({ useHandCursor: true }));
        zone.on('pointerup', () => s.selectAdvisor(a.id));
      }
    });
  }

  private drawAdvice(): void {
    const layer = this.adviceLayer;
    const s = this.session;
    const run = s.run;
    if (!layer || !run) return;
    layer.removeAll(true);
    for (const [id, ring] of this.advisorRings) ring.setVisible(s.advisor === id);
    const node = s.screen === 'outcome' ? s.last?.node : run.node;
    const b = ROOM.advice;
    layer.add(panel(this, b));
    const view = node ? adviceView(run, node, s.advisor) : undefined;
    if (!view || !node || s.screen === 'outcome') {
      // Wraps (and steps down) inside the panel: at 960 wide one line runs past the canvas.
      const hint = fitShrink(
        s,
        this.add.text(b.x + 20, 0, '', style(s, 17, { color: TEXT.dim, wordWrap: { width: b.w - 40 } })),
        'Select an advisor (click, or keys A–L) to hear their advice.',
        b.h - 20,
        [17, 15, 14, 13, 12],
      );
      hint.y = Math.round(b.y + b.h / 2 - hint.height / 2);
      keepIn(hint, b);
      layer.add(hint);
      return;
    }
    const { advisor, backs } = view;
    const col = hex(advisorColor(run.compiled.scenario.advisors, advisor.id));
    layer.add(this.add.rectangle(b.x, b.y, 6, b.h, col).setOrigin(0));
    // Name and title on up to two lines (never cut while 12 px fits).
    const head = fitShrink(
      s,
      this.add.text(
        b.x + 20,
        b.y + 8,
        '',
        style(s, 16, { color: TEXT.accent, fontStyle: 'bold', wordWrap: { width: b.w - 40 } }),
      ),
      `${advisor.name} · ${advisor.title}`,
      40,
      [16, 14, 13, 12],
    );
    layer.add(head);
    let words = view.text !== undefined ? `“${view.text}”` : `${advisor.name} has no advice here.`;
    const top = b.y + 8 + head.height + 4;
    let backsH = 0;
    if (backs) {
      const line = this.add.text(b.x + 20, 0, '', style(s, 15, { color: TEXT.accent, wordWrap: { width: b.w - 40 } }));
      // Beneath the advice when it leaves the advice two lines and its cue; else the advice's last paragraph.
      if (shrinkToFit(s, line, `Backs: ${backs.label}`, 40, [15, 13, 12]) && b.y + b.h - 6 - line.height - top >= 64) {
        backsH = line.height + 4;
        line.y = b.y + b.h - 6 - line.height;
        layer.add(line);
      } else {
        line.destroy();
        words += `\n\nBacks: ${backs.label}`;
      }
    }
    const textBox: Box = { x: b.x + 20, y: top, w: b.w - 40, h: b.y + b.h - 6 - top - backsH };
    this.pagers.advice = this.adviceAndNote(textBox, words, view.text !== undefined, advisor.note, layer);
    if (!this.still) {
      layer.setAlpha(0);
      this.tweens.add({ targets: layer, alpha: 1, duration: 180 });
    }
  }

  /**
   * The advice's words in `box`, and under them the advisor's note (a composite character, a
   * fictional name) in a smaller plain line when both fit on one page; else the note is the words'
   * last paragraph, paged with them (never cut).
   */
  private adviceAndNote(
    box: Box,
    words: string,
    quoted: boolean,
    note: string | undefined,
    layer: Phaser.GameObjects.Container,
  ): PagedText {
    const s = this.session;
    const wordsStyle = style(s, 15, {
      wordWrap: { width: box.w },
      fontStyle: quoted ? 'italic' : 'normal',
      lineSpacing: 1,
    });
    if (note) {
      const probe = this.add.text(0, 0, '', wordsStyle);
      const wordsH = fitsHeight(probe, words, box.h) ? probe.height : box.h;
      probe.destroy();
      const line = this.add.text(box.x, 0, '', style(s, 13, { color: TEXT.dim, wordWrap: { width: box.w } }));
      if (wordsH < box.h && shrinkToFit(s, line, note, box.h - wordsH - 4, [13, 12, 11])) {
        line.y = box.y + wordsH + 4;
        keepIn(line, box);
        layer.add(line);
        return this.paged({ ...box, h: wordsH + 1 }, words, wordsStyle, layer);
      }
      line.destroy();
      return this.paged(box, `${words}\n\n${note}`, wordsStyle, layer);
    }
    return this.paged(box, words, wordsStyle, layer);
  }

  private drawMeters(before?: Record<string, number>, deltas?: Record<string, number>): void {
    const s = this.session;
    const run = s.run!;
    const all = visibleMeters(run.compiled);
    if (!all.length) return;
    const gap = 12;
    // As many gauges side by side as keep every label whole; the rest a page at a time (a cue at the right).
    const cueW = 84;
    const perPage = this.metersPerPage(
      all.map((m) => m.label),
      gap,
      cueW,
    );
    const pages = Math.ceil(all.length / perPage);
    const page = Math.min(this.meterPage, pages - 1);
    const meters = all.slice(page * perPage, (page + 1) * perPage);
    const area = pages > 1 ? { ...ROOM.meters, w: ROOM.meters.w - cueW - gap } : ROOM.meters;
    if (pages > 1) this.drawMeterCue(page, pages, cueW);
    const w = (area.w - gap * (perPage - 1)) / perPage;
    meters.forEach((m, i) => {
      const x = area.x + i * (w + gap);
      const to = run.meters[m.id] ?? m.start;
      const from = before?.[m.id] ?? to;
      const frac = (v: number) => Math.max(0, Math.min(1, (v - m.min) / Math.max(1, m.max - m.min)));
      this.put(panel(this, { x, y: area.y, w, h: area.h }, COLORS.panel, COLORS.panelEdge, 8));
      // One line if it fits at a readable size, else two smaller lines above the bar; never cut.
      // The change tag sits beside the value, so the label keeps the panel's width.
      const labelW = w - 20;
      const label = this.put(this.add.text(x + 10, area.y + 5, '', style(s, 14, { color: TEXT.dim })));
      if (!shrinkLineToFit(s, label, m.label, labelW, [14, 13, 12])) {
        label.setWordWrapWidth(labelW).setLineSpacing(-2);
        fitShrink(s, label, m.label, 30, [12]);
        label.y = area.y + 3;
      }
      const value = this.put(
        this.add.text(x + w - 10, area.y + 30, String(from), style(s, 17, { fontStyle: 'bold' })).setOrigin(1, 0),
      );
      const barBox: Box = { x: x + 10, y: area.y + 36, w: w - 70 - (deltas?.[m.id] ? 48 : 0), h: 14 };
      this.put(
        this.add
          .rectangle(barBox.x, barBox.y, barBox.w, barBox.h, 0x0b1016)
          .setOrigin(0)
          .setStrokeStyle(1, COLORS.panelEdge),
      );
      const color =
        m.higherIsBetter === undefined
          ? COLORS.neutral
          : (m.higherIsBetter ? frac(to) : 1 - frac(to)) >= 0.5
            ? COLORS.good
            : (m.higherIsBetter ? frac(to) : 1 - frac(to)) >= 0.25
              ? COLORS.mixed
              : COLORS.bad;
      const fill = this.put(
        this.add
          .rectangle(barBox.x + 1, barBox.y + 1, Math.max(0, (barBox.w - 2) * frac(from)), barBox.h - 2, color)
          .setOrigin(0),
      );
      const d = deltas?.[m.id];
      if (d) {
        const good = m.higherIsBetter === false ? d < 0 : d > 0;
        const tag = this.put(
          this.add
            .text(
              x + w - 48,
              area.y + 30,
              signed(d),
              style(s, 15, {
                fontStyle: 'bold',
                backgroundColor: '#17212c',
                padding: { x: 4, y: 0 },
                color: m.higherIsBetter === undefined ? TEXT.accent : good ? TEXT.good : TEXT.bad,
              }),
            )
            .setOrigin(1, 0),
        );
        const setValue = (v: number) => {
          value.setText(String(Math.round(v)));
          fill.width = Math.max(0, (barBox.w - 2) * frac(v));
          tag.x = x + w - 48;
        };
        setValue(from);
        if (this.still) setValue(to);
        else {
          const counter = { v: from };
          this.tweens.add({
            targets: counter,
            v: to,
            duration: 900,
            delay: 150 + i * 120,
            ease: 'Cubic.easeOut',
            onUpdate: () => setValue(counter.v),
          });
          this.tweens.add({
            targets: tag,
            y: { from: area.y + 44, to: area.y + 30 },
            alpha: { from: 0, to: 1 },
            duration: 500,
            delay: 150 + i * 120,
          });
        }
      }
    });
  }

  /** The meter gauges page shown (kept across redraws of the same room). */
  private meterPage = 0;

  /** How many gauges fit side by side with every label whole (one line at 14–12 px or two at 12). */
  private metersPerPage(labels: string[], gap: number, cueW: number): number {
    const s = this.session;
    const probe = this.add.text(0, 0, '', style(s, 14));
    const fits = (labelW: number) =>
      labels.every((l) => {
        probe.setWordWrapWidth(0).setLineSpacing(0);
        if (shrinkLineToFit(s, probe, l, labelW, [14, 13, 12])) return true;
        probe.setWordWrapWidth(labelW).setLineSpacing(-2);
        return shrinkToFit(s, probe, l, 30, [12]) && probe.width <= labelW;
      });
    let k = labels.length;
    const width = (n: number, paged: boolean) => (ROOM.meters.w - (paged ? cueW + gap : 0) - gap * (n - 1)) / n - 20;
    if (!fits(width(k, false))) for (k = labels.length - 1; k > 1 && !fits(width(k, true)); k--);
    probe.destroy();
    return Math.max(1, k);
  }

  /** The "▼ more" cue right of the gauges: a click shows the next page of meters. */
  private drawMeterCue(page: number, pages: number, cueW: number): void {
    const s = this.session;
    const a = ROOM.meters;
    const box: Box = { x: a.x + a.w - cueW, y: a.y, w: cueW, h: a.h };
    this.put(panel(this, box, COLORS.panel, COLORS.panelEdge, 8));
    const last = page === pages - 1;
    this.put(
      this.add
        .text(
          box.x + box.w / 2,
          box.y + box.h / 2,
          `${last ? '▲ first' : '▼ more'}\n${page + 1}/${pages}`,
          style(s, 14, { color: TEXT.accent, fontStyle: 'bold', align: 'center' }),
        )
        .setOrigin(0.5),
    );
    const zone = this.put(
      this.add.zone(box.x + box.w / 2, box.y + box.h / 2, box.w, box.h).setInteractive({ useHandCursor: true }),
    );
    zone.on('pointerup', () => {
      this.meterPage = last ? 0 : page + 1;
      // After the pointer event: the redraw destroys the zone that is handling it.
      setTimeout(() => this.sys.isActive() && this.redraw(), 0);
    });
  }

  /** The choices page shown (kept across redraws of the same decision). */
  private choicePage = { node: '', page: 0 };
  /** How many choices a page holds (all of them when they fit). */
  private choicePerPage = 10;

  /** Whether a choice's label (12 px at least) and detail show whole in card `b`. */
  private choiceFits(probe: Phaser.GameObjects.Text, label: string, detail: string | undefined, b: Box): boolean {
    const s = this.session;
    probe.setFontStyle('bold').setWordWrapWidth(b.w - 60);
    if (!shrinkToFit(s, probe, label, b.h - 20, b.h < 100 ? [16, 14, 13, 12] : [18, 16, 14, 13, 12])) return false;
    if (!detail) return true;
    const room = b.h - 8 - 14 - probe.height - 4;
    probe.setFontStyle('normal');
    return shrinkToFit(s, probe, detail, room, [14, 13, 12]);
  }

  private drawChoices(): void {
    const s = this.session;
    const run = s.run!;
    const choices = run.visibleChoices();
    const timed = !!s.timeLeft();
    // As many cards as show every label and detail whole; the rest a page at a time (a cue beside them).
    const probe = this.add.text(0, 0, '', style(s, 18));
    let perPage = choices.length;
    const fitsWith = (k: number, details: boolean) => {
      const cards = choiceCards(k, timed, k < choices.length);
      return choices.every((c, i) => this.choiceFits(probe, c.label, details ? c.detail : undefined, cards[i % k]!));
    };
    // Every choice in view beats every detail: all labels fitting at once keep one page (a detail that
    // does not fit is left to the panel); once labels need pages, the pages hold the details too.
    if (!fitsWith(perPage, true) && !fitsWith(perPage, false))
      while (perPage > 1 && !fitsWith(perPage, true)) perPage--;
    probe.destroy();
    this.choicePerPage = perPage;
    const pages = Math.ceil(choices.length / perPage);
    const nodeId = run.node?.id ?? '';
    if (this.choicePage.node !== nodeId) this.choicePage = { node: nodeId, page: 0 };
    const page = Math.min(this.choicePage.page, pages - 1);
    const first = page * perPage;
    const shown = choices.slice(first, first + perPage);
    this.views.setChoicePage(pages > 1 ? first : 0, pages > 1 ? perPage : choices.length);
    const cards = choiceCards(shown.length, timed, pages > 1);
    if (pages > 1) this.drawChoiceCue(page, pages, timed);
    shown.forEach((c, j) => {
      const i = first + j;
      const b = cards[j]!;
      const bg = this.put(this.add.graphics());
      const paint = (hover: boolean) => {
        bg.clear();
        bg.fillStyle(hover ? COLORS.cardHover : COLORS.card, 1).fillRoundedRect(b.x, b.y, b.w, b.h, 10);
        bg.lineStyle(hover ? 2 : 1, hover ? COLORS.accent : COLORS.panelEdge, 1).strokeRoundedRect(
          b.x,
          b.y,
          b.w,
          b.h,
          10,
        );
      };
      paint(false);
      if (i < 9) {
        this.put(this.add.rectangle(b.x + 12, b.y + 12, 26, 26, COLORS.accent).setOrigin(0));
        this.put(
          this.add
            .text(b.x + 25, b.y + 25, String(i + 1), style(s, 16, { color: TEXT.dark, fontStyle: 'bold' }))
            .setOrigin(0.5),
        );
      }
      const twoRows = b.h < 100;
      // Labels wrap and step down in size; they are never cut.
      const label = this.put(
        fitShrink(
          s,
          this.add.text(b.x + 48, b.y + 12, '', style(s, 18, { fontStyle: 'bold', wordWrap: { width: b.w - 60 } })),
          c.label,
          b.h - 20,
          twoRows ? [16, 14, 13, 12] : [18, 16, 14, 13, 12],
        ),
      );
      if (c.detail) {
        const dy = b.y + 14 + label.height + 4;
        const room = b.y + b.h - 8 - dy;
        // The detail shows whole or not at all (it is the choice's description in the panel).
        const detail = this.add.text(
          b.x + 48,
          dy,
          '',
          style(s, 14, { color: TEXT.dim, wordWrap: { width: b.w - 60 } }),
        );
        if (shrinkToFit(s, detail, c.detail, room, [14, 13, 12])) this.put(detail);
        else detail.destroy();
      }
      const zone = this.put(
        this.add.zone(b.x + b.w / 2, b.y + b.h / 2, b.w, b.h).setInteractive({ useHandCursor: true }),
      );
      zone.on('pointerover', () => paint(true));
      zone.on('pointerout', () => paint(false));
      zone.on('pointerup', () => s.choose(c.id));
    });
    if (timed) {
      const r = ROOM.timerRing;
      this.put(panel(this, r));
      // The ring and its number change while the rest stays still: they are live, not baked.
      this.ring = this.putLive(this.add.graphics());
      this.ringText = this.putLive(
        this.add.text(r.x + r.w / 2, r.y + r.h / 2 - 8, '', style(s, 26, { fontStyle: 'bold' })).setOrigin(0.5),
      );
      this.put(
        this.add.text(r.x + r.w / 2, r.y + r.h - 22, 'seconds', style(s, 13, { color: TEXT.dim })).setOrigin(0.5),
      );
      this.drawRing();
    }
  }

  /** The "▼ more" column beside the choice cards: a click shows the next page of choices. */
  private drawChoiceCue(page: number, pages: number, timed: boolean): void {
    const s = this.session;
    const a = ROOM.choices;
    const right = a.x + a.w - (timed ? ROOM.timerRing.w + 8 : 0);
    const box: Box = { x: right - CHOICE_CUE_W, y: a.y, w: CHOICE_CUE_W, h: a.h };
    this.put(panel(this, box, COLORS.panel, COLORS.panelEdge, 10));
    const last = page === pages - 1;
    this.put(
      this.add
        .text(
          box.x + box.w / 2,
          box.y + box.h / 2,
          `${last ? '▲ first' : '▼ more'}\nchoices\n${page + 1}/${pages}`,
          style(s, 15, { color: TEXT.accent, fontStyle: 'bold', align: 'center', lineSpacing: 4 }),
        )
        .setOrigin(0.5),
    );
    const zone = this.put(
      this.add.zone(box.x + box.w / 2, box.y + box.h / 2, box.w, box.h).setInteractive({ useHandCursor: true }),
    );
    zone.on('pointerup', () => {
      this.choicePage.page = last ? 0 : page + 1;
      // After the pointer event: the redraw destroys the zone that is handling it.
      setTimeout(() => this.sys.isActive() && this.redraw(), 0);
    });
  }

  private drawRing(): void {
    const left = this.session.timeLeft();
    if (!this.ring || !this.ringText || !left) return;
    const r = ROOM.timerRing;
    const cx = r.x + r.w / 2;
    const cy = r.y + r.h / 2 - 8;
    const f = left.totalMs ? left.leftMs / left.totalMs : 0;
    const secs = Math.ceil(left.leftMs / 1000);
    const urgent = secs <= 5;
    // 180 arc steps (2° each, under a pixel of the 40 px ring's stroke per step at most ~1.4 px).
    const shown = `${secs}|${Math.round(f * 180)}|${urgent}`;
    if (shown === this.ringShown) return;
    this.ringShown = shown;
    this.ring.clear();
    this.ring.lineStyle(8, 0x0b1016, 1).strokeCircle(cx, cy, 40);
    this.ring.lineStyle(8, urgent ? COLORS.bad : COLORS.accent, 1);
    this.ring.beginPath();
    this.ring.arc(cx, cy, 40, -Math.PI / 2, -Math.PI / 2 + Math.PI * 2 * f, false);
    this.ring.strokePath();
    this.ringText.setText(String(secs)).setColor(urgent ? TEXT.bad : TEXT.main);
  }

  private drawOutcome(): void {
    const s = this.session;
    const run = s.run!;
    const last = s.last!;
    const p = OUTCOME.panel;
    this.put(
      this.add.rectangle(0, ROOM.topBar.h, WIDTH, ROOM.meters.y - ROOM.topBar.h - 4, 0x000000, 0.55).setOrigin(0),
    );
    this.put(panel(this, p, 0x1a2634, COLORS.accent, 14));
    this.put(
      this.add.text(
        p.x + 28,
        p.y + 20,
        'OUTCOME',
        style(s, 15, { color: TEXT.accent, fontStyle: 'bold', letterSpacing: 3 }),
      ),
    );
    const chosen = this.put(
      fitShrink(
        s,
        this.add.text(p.x + 28, p.y + 46, '', style(s, 22, { fontStyle: 'bold', wordWrap: { width: p.w - 56 } })),
        last.step.timeout ? `Time ran out: ${last.choice.label}` : `You chose: ${last.choice.label}`,
        64,
        [22, 19, 17, 15],
      ),
    );
    const y = p.y + 46 + chosen.height + 12;
    // The outcome and its headlines, a page at a time when long (PageDown, the wheel or the cue).
    const headlines = outcomeHeadlines(last.choice, last.step).map((n) => `• ${n.source.toUpperCase()} — ${n.text}`);
    const parts = [
      ...(last.choice.outcome ? [canvasParagraphs(last.choice.outcome)] : []),
      ...(headlines.length ? [`Headlines\n${headlines.join('\n')}`] : []),
    ];
    const cont = OUTCOME.cont;
    const bottom = cont.y - 10;
    // The meter changes beside Continue; when they do not fit there whole, they end the paged text.
    const meters = visibleMeters(run.compiled).filter((m) => last.step.deltas[m.id]);
    const deltas = meters.map((m) => `${m.label} ${signed(last.step.deltas[m.id]!)}`).join('   ·   ');
    if (deltas) {
      const t = this.add.text(
        p.x + 28,
        0,
        '',
        style(s, 17, { color: TEXT.accent, wordWrap: { width: cont.x - p.x - 48 } }),
      );
      if (shrinkToFit(s, t, deltas, cont.h + 10, [17, 15, 13, 12])) {
        t.y = cont.y + cont.h / 2 - t.height / 2;
        this.put(t);
      } else {
        t.destroy();
        parts.push(`Changes: ${deltas}`);
      }
    }
    // A choice the file gives no outcome text or headlines for: say so, never an empty box.
    if (!parts.length)
      this.put(
        fitShrink(
          s,
          this.add.text(p.x + 28, y, '', style(s, 17, { color: TEXT.dim, wordWrap: { width: p.w - 56 } })),
          untoldOutcome(deltas !== ''),
          bottom - y,
          [17, 15, 13],
        ),
      );
    if (parts.length)
      this.pagers.main = this.paged(
        { x: p.x + 28, y, w: p.w - 56, h: bottom - y },
        parts.join('\n\n'),
        style(s, 17, { wordWrap: { width: p.w - 56 }, lineSpacing: 3 }),
      );
    this.put(canvasButton(this, s, OUTCOME.cont, 'Continue', () => s.continueAfterOutcome(), true));
  }

  /**
   * The news ticker. A scrolling line is a DOM element over the canvas's ticker strip, moved by a CSS
   * animation (the compositor's work, not the main thread's), so an idle room draws no frames at all.
   * Still (reduced motion, or no news), it is part of the baked picture.
   */
  private drawTicker(items: { source: string; text: string }[]): void {
    const s = this.session;
    const b = ROOM.ticker;
    this.put(this.add.rectangle(b.x, b.y, b.w, b.h, 0x08263a).setOrigin(0));
    const line = items.length
      ? items.map((n) => `${n.source.toUpperCase()}: ${n.text}`).join('     •     ')
      : 'No news on the wires.';
    const moving = !this.still && items.length > 0;
    // Still, the line shows what fits the strip (the News region of the panel has every headline).
    if (!moving)
      this.put(fitLine(this.add.text(b.x + 110, b.y + b.h / 2, '', style(s, 15)).setOrigin(0, 0.5), line, b.w - 120));
    this.put(this.add.rectangle(b.x, b.y, 96, b.h, COLORS.accent).setOrigin(0));
    this.put(
      this.add
        .text(b.x + 48, b.y + b.h / 2, 'NEWS', style(s, 14, { color: TEXT.dark, fontStyle: 'bold' }))
        .setOrigin(0.5),
    );
    if (moving) this.showTicker(line);
  }

  private tickerEl: HTMLElement | undefined;

  /** Put the scrolling line over the ticker strip (aria-hidden: the News region of the panel reads it). */
  private showTicker(line: string): void {
    this.removeTicker();
    const stage = document.getElementById('stage');
    if (!stage) return;
    const el = document.createElement('div');
    el.className = 'news-ticker';
    el.setAttribute('aria-hidden', 'true');
    const span = document.createElement('span');
    span.textContent = line;
    el.append(span);
    stage.append(el);
    this.tickerEl = el;
    const place = () => {
      const canvas = this.game.canvas;
      if (!canvas || !el.isConnected) return;
      const r = canvas.getBoundingClientRect();
      const st = stage.getBoundingClientRect();
      const k = r.width / WIDTH;
      const b = ROOM.ticker;
      Object.assign(el.style, {
        left: `${r.left - st.left + (b.x + 104) * k}px`,
        top: `${r.top - st.top + b.y * k}px`,
        width: `${(b.w - 104) * k}px`,
        height: `${b.h * k}px`,
        fontSize: `${15 * k * (this.session.settings.get().largerText ? 1.2 : 1)}px`,
      });
      // 70 logical px a second, whatever the size on screen.
      const distance = el.clientWidth + span.offsetWidth;
      el.style.setProperty('--ticker-from', `${el.clientWidth}px`);
      el.style.setProperty('--ticker-to', `${-span.offsetWidth}px`);
      span.style.animationDuration = `${(distance / (70 * k)).toFixed(1)}s`;
    };
    place();
    window.addEventListener('resize', place);
    el.addEventListener('remove-ticker', () => window.removeEventListener('resize', place));
  }

  private removeTicker(): void {
    this.tickerEl?.dispatchEvent(new Event('remove-ticker'));
    this.tickerEl?.remove();
    this.tickerEl = undefined;
  }

  override update(): void {
    this.drawRing();
  }
}
