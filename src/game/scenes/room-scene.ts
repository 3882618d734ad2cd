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
  type Box,
} from './layout.ts';
import { COLORS, TEXT, ViewScene, canvasButton, fitLine, fitText, panel, style } from './ui.ts';
import { advisorColor, clockText, initials, signed, visibleMeters, type GameSession } from '../session.ts';

const hex = (c: string) => Number.parseInt(c.slice(1), 16);

/** The room scene (also draws the outcome overlay). */
export class RoomScene extends ViewScene {
  private ring: Phaser.GameObjects.Graphics | undefined;
  private ringText: Phaser.GameObjects.Text | undefined;
  /** What the ring shows now (seconds, arc step, urgency): it is redrawn only when this changes. */
  private ringShown = '';
  private ticker: Phaser.GameObjects.Text | undefined;
  private tickerWidth = 0;
  private adviceLayer: Phaser.GameObjects.Container | undefined;
  private advisorRings = new Map<string, Phaser.GameObjects.Arc>();

  constructor(session: GameSession) {
    super('room', session);
  }

  protected override onChange(change: string): boolean {
    if (change !== 'advisor') return false;
    this.drawAdvice();
    return true;
  }

  protected draw(): void {
    const s = this.session;
    const run = s.run;
    this.ring = undefined;
    this.ringText = undefined;
    this.ringShown = '';
    this.ticker = undefined;
    this.advisorRings.clear();
    if (!run) return;
    const outcome = s.screen === 'outcome' ? s.last : undefined;
    const node = outcome?.node ?? run.node;
    if (!node) return;
    this.put(this.add.rectangle(0, 0, WIDTH, HEIGHT, COLORS.bg).setOrigin(0));

    // Top bar: clock and timeline.
    this.put(this.add.rectangle(0, 0, WIDTH, ROOM.topBar.h, 0x111b25).setOrigin(0));
    this.put(this.add.rectangle(0, ROOM.topBar.h - 1, WIDTH, 1, COLORS.panelEdge).setOrigin(0));
    this.put(
      fitLine(
        this.add.text(20, 14, '', style(s, 19, { color: TEXT.accent, fontStyle: 'bold' })),
        clockText(node, run.compiled.scenario.language) || run.compiled.scenario.title,
        WIDTH - 480, // left of the timeline (at most 16 dots from the right edge)
      ),
    );
    this.drawTimeline(node.id, !!outcome);

    // The table and the advisors.
    this.put(panel(this, ROOM.table));
    const top = tableTop(run.compiled.scenario.advisors.length);
    const g = this.put(this.add.graphics());
    g.fillStyle(0x000000, 0.3).fillEllipse(top.cx + 4, top.cy + 8, top.w + 10, top.h + 10);
    g.fillStyle(COLORS.wood, 1).fillEllipse(top.cx, top.cy, top.w, top.h);
    g.lineStyle(3, COLORS.woodEdge, 1).strokeEllipse(top.cx, top.cy, top.w, top.h);
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
        top.h / 2,
      ),
    );
    this.drawAdvisors(node.advice?.map((a) => a.advisor) ?? [], !!outcome);

    // Situation.
    const sit = ROOM.situation;
    this.put(panel(this, sit));
    const title = this.put(
      fitText(
        this.add.text(sit.x + 20, sit.y + 14, '', style(s, 26, { fontStyle: 'bold', wordWrap: { width: sit.w - 40 } })),
        node.title,
        70,
      ),
    );
    const ty = sit.y + 14 + title.height + 8;
    const body = node.text.replace(/\n\s*\n/g, '\n');
    const sitText = this.put(
      this.add.text(sit.x + 20, ty, body, style(s, 17, { wordWrap: { width: sit.w - 40 }, lineSpacing: 3 })),
    );
    // Long texts step down a size before they are shortened (the panel always has all of it).
    if (sitText.height > sit.y + sit.h - 12 - ty)
      sitText.setStyle(style(s, 15, { wordWrap: { width: sit.w - 40 }, lineSpacing: 2 }));
    fitText(sitText, body, sit.y + sit.h - 12 - ty);

    this.adviceLayer = this.put(this.add.container(0, 0));
    this.drawAdvice();
    this.drawMeters(outcome?.before, outcome?.step.deltas);
    if (outcome) this.drawOutcome();
    else this.drawChoices();
    this.drawTicker(outcome ? [...(outcome.choice.news ?? []), ...(node.news ?? [])] : (node.news ?? []));
  }

  private drawTimeline(current: string, done: boolean): void {
    const run = this.session.run!;
    const ids = [...run.trail.map((t) => t.node)];
    if (!done) ids.push(current);
    const shown = ids.slice(-16);
    const spacing = 26;
    const x1 = WIDTH - 24;
    const x0 = x1 - (shown.length - 1) * spacing;
    const y = 26;
    const g = this.put(this.add.graphics());
    g.lineStyle(2, COLORS.panelEdge).lineBetween(x0, y, x1, y);
    shown.forEach((_, i) => {
      const last = i === shown.length - 1 && !done;
      g.fillStyle(last ? COLORS.accent : 0x7f93a8, 1).fillCircle(x0 + i * spacing, y, last ? 8 : 5);
    });
    this.put(
      this.add
        .text(x0 - 16, y, `Decision ${run.trail.length + (done ? 0 : 1)}`, style(this.session, 15, { color: TEXT.dim }))
        .setOrigin(1, 0.5),
    );
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
          this.add
            .text(x - r * 0.9, y - r * 0.9, 'ABCDEFGHIJKL'[i]!, style(s, 12, { fontStyle: 'bold' }))
            .setOrigin(0.5),
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
      const plate = this.put(this.add.rectangle(x, y + r + 14, plateW, 22, 0x0d141c, 0.9).setStrokeStyle(1, col));
      void plate;
      this.put(
        fitLine(this.add.text(x, y + r + 14, '', style(s, 12, { align: 'center' })).setOrigin(0.5), a.name, plateW - 6),
      );
      if (a.stance) {
        const tag = this.put(
          this.add
            .text(
              x,
              y + r + 30,
              a.stance.toUpperCase(),
              style(s, 10, {
                color: '#ffffff',
                backgroundColor: '#00000099',
                padding: { x: 5, y: 1 },
                fontStyle: 'bold',
              }),
            )
            .setOrigin(0.5, 0),
        );
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
    const advisor = run.compiled.scenario.advisors.find((a) => a.id === s.advisor);
    if (!advisor || !node || s.screen === 'outcome') {
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
    const col = hex(advisorColor(run.compiled.scenario.advisors, advisor.id));
    layer.add(this.add.rectangle(b.x, b.y, 6, b.h, col).setOrigin(0));
    layer.add(
      this.add.text(
        b.x + 20,
        b.y + 12,
        `${advisor.name} · ${advisor.title}`,
        style(s, 16, { color: TEXT.accent, fontStyle: 'bold' }),
      ),
    );
    const advice = node.advice?.find((a) => a.advisor === advisor.id);
    const backs = advice?.recommends ? node.choices.find((c) => c.id === advice.recommends) : undefined;
    const words = advice ? `“${advice.text}”` : `${advisor.name} has no advice here.`;
    const textH = b.h - 44 - (backs ? 26 : 0);
    layer.add(
      fitText(
        this.add.text(
          b.x + 20,
          b.y + 38,
          '',
          style(s, 17, { wordWrap: { width: b.w - 40 }, fontStyle: advice ? 'italic' : 'normal' }),
        ),
        words,
        textH,
      ),
    );
    if (backs)
      layer.add(
        fitLine(
          this.add.text(b.x + 20, b.y + b.h - 30, '', style(s, 15, { color: TEXT.accent })),
          `Backs: ${backs.label}`,
          b.w - 40,
        ),
      );
    if (!this.still) {
      layer.setAlpha(0);
      this.tweens.add({ targets: layer, alpha: 1, duration: 180 });
    }
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
      this.put(fitLine(this.add.text(x + 10, area.y + 6, '', style(s, 14, { color: TEXT.dim })), m.label, w - 20));
      const value = this.put(
        this.add.text(x + w - 10, area.y + 30, String(from), style(s, 17, { fontStyle: 'bold' })).setOrigin(1, 0),
      );
      const barBox: Box = { x: x + 10, y: area.y + 36, w: w - 70, h: 14 };
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
              x + w - 10,
              area.y + 6,
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
          tag.x = x + w - 10;
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
            y: { from: area.y + 26, to: area.y + 4 },
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
      const label = this.put(
        fitText(
          this.add.text(
            b.x + 48,
            b.y + 12,
            '',
            style(s, twoRows ? 16 : 18, { fontStyle: 'bold', wordWrap: { width: b.w - 60 } }),
          ),
          c.label,
          twoRows ? 44 : 74,
        ),
      );
      if (c.detail) {
        const dy = b.y + 14 + label.height + 4;
        const room = b.y + b.h - 8 - dy;
        if (room > 16)
          this.put(
            fitText(
              this.add.text(b.x + 48, dy, '', style(s, 14, { color: TEXT.dim, wordWrap: { width: b.w - 60 } })),
              c.detail,
              room,
            ),
          );
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
      fitText(
        this.add.text(p.x + 28, p.y + 46, '', style(s, 22, { fontStyle: 'bold', wordWrap: { width: p.w - 56 } })),
        last.step.timeout ? `Time ran out: ${last.choice.label}` : `You chose: ${last.choice.label}`,
        64,
      ),
    );
    let y = p.y + 46 + chosen.height + 12;
    const headlines = (last.choice.news ?? []).map((n) => `${n.source.toUpperCase()} — ${n.text}`);
    const meters = visibleMeters(run.compiled).filter((m) => last.step.deltas[m.id]);
    const deltas = meters.map((m) => `${m.label} ${signed(last.step.deltas[m.id]!)}`).join('   ·   ');
    const reserved = (headlines.length ? 24 + headlines.length * 24 : 0) + (deltas ? 34 : 0) + 70;
    if (last.choice.outcome) {
      const t = this.put(
        fitText(
          this.add.text(p.x + 28, y, '', style(s, 18, { wordWrap: { width: p.w - 56 }, lineSpacing: 3 })),
          last.choice.outcome,
          Math.max(30, p.y + p.h - reserved - y),
        ),
      );
      y += t.height + 14;
    }
    if (headlines.length) {
      this.put(this.add.text(p.x + 28, y, 'Headlines', style(s, 14, { color: TEXT.dim, fontStyle: 'bold' })));
      y += 22;
      for (const line of headlines.slice(0, 3)) {
        const t = this.put(fitLine(this.add.text(p.x + 28, y, '', style(s, 16)), line, p.w - 56));
        y += t.height + 2;
      }
      y += 8;
    }
    if (deltas)
      this.put(
        fitLine(
          this.add.text(p.x + 28, Math.min(y, p.y + p.h - 104), '', style(s, 17, { color: TEXT.accent })),
          deltas,
          p.w - 280,
        ),
      );
    this.put(canvasButton(this, s, OUTCOME.cont, 'Continue', () => s.continueAfterOutcome(), true));
  }

  private drawTicker(items: { source: string; text: string }[]): void {
    const s = this.session;
    const b = ROOM.ticker;
    this.put(this.add.rectangle(b.x, b.y, b.w, b.h, 0x08263a).setOrigin(0));
    const line = items.length
      ? items.map((n) => `${n.source.toUpperCase()}: ${n.text}`).join('     •     ')
      : 'No news on the wires.';
    const moving = !this.still && items.length > 0;
    // A scrolling line and the label over it are live (drawn every frame); a still one is baked.
    const add = <T extends Phaser.GameObjects.GameObject>(o: T): T => (moving ? this.putLive(o) : this.put(o));
    const text = add(this.add.text(b.x + 110, b.y + b.h / 2, line, style(s, 15)).setOrigin(0, 0.5));
    // The label is drawn after the text, so the scrolling line passes under it.
    add(this.add.rectangle(b.x, b.y, 96, b.h, COLORS.accent).setOrigin(0));
    add(
      this.add
        .text(b.x + 48, b.y + b.h / 2, 'NEWS', style(s, 14, { color: TEXT.dark, fontStyle: 'bold' }))
        .setOrigin(0.5),
    );
    if (moving) {
      this.ticker = text;
      this.tickerWidth = text.width;
    }
  }

  override update(_time: number, delta: number): void {
    this.drawRing();
    const t = this.ticker;
    if (t?.active) {
      t.x -= (delta / 1000) * 70;
      if (t.x < 96 - this.tickerWidth) t.x = WIDTH;
    }
  }
}
