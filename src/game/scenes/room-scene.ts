/**
 * The advisor room: clock and timeline, advisors around the table, the situation and the selected
 * advice, meter gauges, choice cards, a countdown ring and the news ticker. After a choice (the
 * 'outcome' screen) it shows the outcome panel and animates each meter to its new value.
 */
import Phaser from 'phaser';
import {
  ROOM,
  WIDTH,
  HEIGHT,
  OUTCOME,
  advisorSeats,
  choiceCards,
  plateWidth,
  portraitRadius,
  tableTop,
  TOOLBAR_RESERVED,
  type Box,
} from './layout.ts';
import {
  COLORS,
  PagedText,
  TEXT,
  ViewScene,
  canvasButton,
  canvasParagraphs,
  fitLine,
  fitLineShrink,
  fitText,
  fitShrink,
  fitsHeight,
  keepIn,
  panel,
  shrinkLineToFit,
  shrinkToFit,
  style,
} from './ui.ts';
import { anyDialogOpen } from '../../ui/dialog-guard.ts';
import { adviceView, advisorKey } from '../view-models.ts';
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

  constructor(session: GameSession) {
    super('room', session);
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
    this.events.once('shutdown', () => {
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
    this.put(
      fitLineShrink(
        s,
        this.add.text(20, 26, '', style(s, 19, { color: TEXT.accent, fontStyle: 'bold' })).setOrigin(0, 0.5),
        clockText(node, run.compiled.scenario.language) || run.compiled.scenario.title,
        clockRoom,
        [19, 16, 14, 12],
      ),
    );

    // The table and the advisors.
    this.put(panel(this, ROOM.table));
    const top = tableTop(run.compiled.scenario.advisors.length);
    const g = this.put(this.add.graphics());
    g.fillStyle(0x000000, 0.3).fillEllipse(top.cx + 4, top.cy + 8, top.w + 10, top.h + 10);
    g.fillStyle(COLORS.wood, 1).fillEllipse(top.cx, top.cy, top.w, top.h);
    g.lineStyle(3, COLORS.woodEdge, 1).strokeEllipse(top.cx, top.cy, top.w, top.h);
    // The scenario's name on the table top, where the table is wide enough to keep it clear of the plates.
    if (ROOM.table.w >= 560)
      this.put(
        fitText(
          this.add
            .text(
              top.cx,
              top.cy,
              '',
              style(s, 13, { color: '#d9c2a3', align: 'center', wordWrap: { width: top.w - 80 } }),
            )
            .setOrigin(0.5)
            .setAlpha(0.7),
          run.compiled.scenario.title,
          top.h - 20,
        ),
      );
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
    this.drawTicker(outcome ? [...(outcome.choice.news ?? []), ...(node.news ?? [])] : (node.news ?? []));
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
            .text(x, y + r + 6, '', style(s, 12, { align: 'center', wordWrap: { width: plateW - 6 } }))
            .setOrigin(0.5, 0),
          a.name,
          30,
          [12, 11, 10],
        ),
      );
      plate.height = name.height + 6;
      plate.setSize(plateW, name.height + 6);
      if (a.stance) {
        const tag = this.put(
          fitLine(
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
            a.stance.toUpperCase(),
            // A tag may be wider than the plate, never past the table's panel.
            Math.min(2 * plateW, 2 * Math.min(x - ROOM.table.x, ROOM.table.x + ROOM.table.w - x) - 8),
          ),
        );
        keepIn(tag, ROOM.table);
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
      layer.add(
        this.add
          .text(
            b.x + 20,
            b.y + b.h / 2,
            'Select an advisor (click, or keys A–L) to hear their advice.',
            style(s, 17, { color: TEXT.dim }),
          )
          .setOrigin(0, 0.5),
      );
      return;
    }
    const { advisor, backs } = view;
    const col = hex(advisorColor(run.compiled.scenario.advisors, advisor.id));
    layer.add(this.add.rectangle(b.x, b.y, 6, b.h, col).setOrigin(0));
    layer.add(
      fitLineShrink(
        s,
        this.add.text(b.x + 20, b.y + 10, '', style(s, 16, { color: TEXT.accent, fontStyle: 'bold' })),
        `${advisor.name} · ${advisor.title}`,
        b.w - 40,
        [16, 14, 12],
      ),
    );
    const words = view.text !== undefined ? `“${view.text}”` : `${advisor.name} has no advice here.`;
    let backsH = 0;
    if (backs) {
      const line = fitShrink(
        s,
        this.add.text(b.x + 20, 0, '', style(s, 15, { color: TEXT.accent, wordWrap: { width: b.w - 40 } })),
        `Backs: ${backs.label}`,
        40,
        [15, 13, 12],
      );
      backsH = line.height + 4;
      line.y = b.y + b.h - 6 - line.height;
      layer.add(line);
    }
    const textBox: Box = { x: b.x + 20, y: b.y + 34, w: b.w - 40, h: b.h - 40 - backsH };
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
    const meters = visibleMeters(run.compiled);
    const area = ROOM.meters;
    if (!meters.length) return;
    const gap = 12;
    const w = (area.w - gap * (meters.length - 1)) / meters.length;
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
        fitShrink(s, label, m.label, 30, [12, 11, 10]);
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

  private drawChoices(): void {
    const s = this.session;
    const run = s.run!;
    const choices = run.visibleChoices();
    const timed = !!s.timeLeft();
    const cards = choiceCards(choices.length, timed);
    choices.forEach((c, i) => {
      const b = cards[i]!;
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
          twoRows ? [16, 14, 13, 12] : [18, 16, 14, 13],
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
        if (shrinkToFit(s, detail, c.detail, room, [14, 12])) this.put(detail);
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
    const headlines = (last.choice.news ?? []).map((n) => `• ${n.source.toUpperCase()} — ${n.text}`);
    const parts = [
      ...(last.choice.outcome ? [canvasParagraphs(last.choice.outcome)] : []),
      ...(headlines.length ? [`Headlines\n${headlines.join('\n')}`] : []),
    ];
    const cont = OUTCOME.cont;
    const bottom = cont.y - 10;
    if (parts.length)
      this.pagers.main = this.paged(
        { x: p.x + 28, y, w: p.w - 56, h: bottom - y },
        parts.join('\n\n'),
        style(s, 17, { wordWrap: { width: p.w - 56 }, lineSpacing: 3 }),
      );
    const meters = visibleMeters(run.compiled).filter((m) => last.step.deltas[m.id]);
    const deltas = meters.map((m) => `${m.label} ${signed(last.step.deltas[m.id]!)}`).join('   ·   ');
    if (deltas) {
      const t = fitShrink(
        s,
        this.add.text(p.x + 28, 0, '', style(s, 17, { color: TEXT.accent, wordWrap: { width: cont.x - p.x - 48 } })),
        deltas,
        cont.h + 10,
        [17, 15, 13, 12],
      );
      t.y = cont.y + cont.h / 2 - t.height / 2;
      this.put(t);
    }
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
