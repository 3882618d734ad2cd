/**
 * The story map the teacher edits: every node and ending a card, every choice an arrow with its
 * label. Drag a card to move it; drag from a card's round handle to another card to make a choice
 * leading there, or to empty space to make a new node or ending there; drag the background to
 * pan, the wheel (or the buttons) to zoom, "Fit" to see everything. Every card and arrow is a
 * focusable button: arrow keys go from card to card, Enter opens one, Shift+arrows move it.
 * SVG built with createElementNS; titles go in as text nodes.
 */
import { button, h } from '../../ui/dom.ts';
import type { Story, StoryArrow, StoryCard } from '../../story-edit/story.ts';

const SVG = 'http://www.w3.org/2000/svg';
/** A card's size on the map, in map units. */
export const CARD_W = 184;
export const CARD_H = 74;

/** A point in map units. */
export interface Pt {
  x: number;
  y: number;
}

/** What the map asks its owner to do. */
export interface StoryMapActions {
  open(card: StoryCard): void;
  openArrow(arrow: StoryArrow): void;
  move(card: StoryCard, at: Pt): void;
  connect(from: StoryCard, to: StoryCard): void;
  /** A choice drawn from `from` (or nothing) let go over empty space at `at`. */
  dropEmpty(from: StoryCard | undefined, at: Pt): void;
}

/** Problems per card id (errors and warnings). */
export type CardProblems = ReadonlyMap<string, { errors: number; warnings: number; first: string }>;

function el(doc: Document, tag: string, attrs: Record<string, string | number> = {}): SVGElement {
  const e = doc.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function cut(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1).trimEnd()}…` : text;
}

/** Where the line from a card's centre towards `to` leaves the card. */
function edgePoint(at: Pt, to: Pt): Pt {
  const cx = at.x + CARD_W / 2;
  const cy = at.y + CARD_H / 2;
  const dx = to.x - cx;
  const dy = to.y - cy;
  if (!dx && !dy) return { x: cx, y: cy };
  const s = Math.min(Math.abs(CARD_W / 2 / (dx || 1e-9)), Math.abs(CARD_H / 2 / (dy || 1e-9)));
  return { x: cx + dx * s, y: cy + dy * s };
}

function kindText(c: StoryCard): string {
  if (c.kind === 'ending') return `Ending · ${c.tone || 'no tone'}`;
  return c.start ? 'Start · decision' : 'Decision';
}

/** The card's name for screen readers and tests. */
export function cardName(c: StoryCard): string {
  return `${c.kind === 'ending' ? 'Ending' : 'Decision'}: ${c.title}`;
}

/** An arrow's name: the choice's label, from where to where. */
export function arrowName(a: StoryArrow, titleOf: (id: string) => string): string {
  return `Choice "${a.label}" from ${titleOf(a.from)} to ${titleOf(a.to)}${a.note ? ` (${a.note})` : ''}`;
}

/** The interactive map. */
export class StoryMapView {
  readonly element: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly world: SVGGElement;
  private readonly menuBox: HTMLElement;
  private scale = 1;
  private tx = 20;
  private ty = 20;
  private story: Story | undefined;
  private positions = new Map<string, Pt>();
  private problems: CardProblems = new Map();
  private selected: string | undefined;
  private fitted = false;

  constructor(
    private readonly doc: Document,
    private readonly actions: StoryMapActions,
  ) {
    this.svg = el(doc, 'svg', { class: 'cr-story-svg', role: 'group', 'aria-label': 'Story map' }) as SVGSVGElement;
    const defs = el(doc, 'defs');
    const marker = el(doc, 'marker', {
      id: 'cr-story-arrowhead',
      viewBox: '0 0 10 10',
      refX: 9,
      refY: 5,
      markerWidth: 8,
      markerHeight: 8,
      markerUnits: 'userSpaceOnUse',
      orient: 'auto',
    });
    marker.appendChild(el(doc, 'path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'cr-story-arrowhead' }));
    defs.appendChild(marker);
    this.svg.appendChild(defs);
    this.world = el(doc, 'g', { class: 'cr-story-world' }) as SVGGElement;
    this.svg.appendChild(this.world);
    this.menuBox = h('div', { class: 'cr-story-menu', hidden: true });
    const zoom = h(
      'div',
      { class: 'cr-story-zoom', role: 'group', 'aria-label': 'Zoom' },
      button('Zoom in', () => this.zoomBy(1.25)),
      button('Zoom out', () => this.zoomBy(0.8)),
      button('Fit', () => this.fit()),
    );
    this.element = h('div', { class: 'cr-story-map' }, zoom, this.menuBox);
    this.element.insertBefore(this.svg, zoom);
    this.listen();
  }

  private get w(): number {
    return this.svg.clientWidth || 800;
  }
  private get hgt(): number {
    return this.svg.clientHeight || 500;
  }

  private applyView(): void {
    this.world.setAttribute(
      'transform',
      `translate(${this.tx.toFixed(1)} ${this.ty.toFixed(1)}) scale(${this.scale.toFixed(3)})`,
    );
  }

  /** Map units under a point of the window. */
  toMap(clientX: number, clientY: number): Pt {
    const r = this.svg.getBoundingClientRect();
    return { x: (clientX - r.left - this.tx) / this.scale, y: (clientY - r.top - this.ty) / this.scale };
  }

  /** The centre of what is in view, in map units (new cards from the buttons go there). */
  viewCentre(): Pt {
    return {
      x: (this.w / 2 - this.tx) / this.scale - CARD_W / 2,
      y: (this.hgt / 2 - this.ty) / this.scale - CARD_H / 2,
    };
  }

  /** Zoom by a factor around a point of the view (its centre by default). */
  zoomBy(f: number, around?: { x: number; y: number }): void {
    const ax = around?.x ?? this.w / 2;
    const ay = around?.y ?? this.hgt / 2;
    const s = Math.min(3, Math.max(0.2, this.scale * f));
    this.tx = ax - ((ax - this.tx) * s) / this.scale;
    this.ty = ay - ((ay - this.ty) * s) / this.scale;
    this.scale = s;
    this.applyView();
  }

  /** Zoom and pan so every card is in view. */
  fit(): void {
    if (!this.positions.size) return;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const p of this.positions.values()) {
      x0 = Math.min(x0, p.x);
      y0 = Math.min(y0, p.y);
      x1 = Math.max(x1, p.x + CARD_W);
      y1 = Math.max(y1, p.y + CARD_H);
    }
    const pad = 24;
    // The zoom buttons sit over the map's bottom edge: fit above them.
    const zoomBar = 40;
    this.scale = Math.min(
      1.5,
      Math.max(0.2, Math.min((this.w - 2 * pad) / (x1 - x0), (this.hgt - 2 * pad - zoomBar) / (y1 - y0))),
    );
    this.tx = (this.w - (x1 - x0) * this.scale) / 2 - x0 * this.scale;
    this.ty = pad - y0 * this.scale;
    this.applyView();
  }

  /** Draw the story (keeping the focus on the card or arrow that had it). */
  render(story: Story, positions: Map<string, Pt>, problems: CardProblems, selected?: string): void {
    this.story = story;
    this.positions = positions;
    this.problems = problems;
    this.selected = selected;
    const focused = (this.doc.activeElement as Element | null)?.getAttribute?.('data-key') ?? undefined;
    this.world.replaceChildren(this.drawArrows(), this.drawCards());
    if (focused && this.svg.contains(this.doc.activeElement) === false) {
      const again = this.world.querySelector<SVGElement>(`[data-key="${CSS.escape(focused)}"]`);
      again?.focus();
    }
    if (!this.fitted && this.svg.clientWidth) {
      this.fitted = true;
      this.fit();
    } else this.applyView();
  }

  private titleOf = (id: string): string => this.story?.cards.find((c) => c.id === id)?.title ?? id;

  private drawArrows(): SVGElement {
    const layer = el(this.doc, 'g', { class: 'cr-story-arrows' });
    const story = this.story!;
    const groups = new Map<string, StoryArrow[]>();
    for (const a of story.arrows) {
      const k = [a.from, a.to].sort().join('\u0000');
      groups.set(k, [...(groups.get(k) ?? []), a]);
    }
    for (const same of groups.values())
      same.forEach((a, k) => {
        const from = this.positions.get(a.from);
        const to = this.positions.get(a.to);
        if (!from) return;
        const g = el(this.doc, 'g', {
          class: `cr-story-arrow${a.key === this.selected ? ' cr-selected' : ''}${to ? '' : ' cr-story-dangling'}`,
          role: 'button',
          tabindex: 0,
          'aria-label': arrowName(a, this.titleOf),
          'data-key': `arrow:${a.key}`,
        });
        const off = (k - (same.length - 1) / 2) * 18;
        let d: string;
        let mid: Pt;
        if (!to) {
          const s = { x: from.x + CARD_W / 2, y: from.y + CARD_H };
          d = `M ${s.x} ${s.y} L ${s.x + off} ${s.y + 40}`;
          mid = { x: s.x + off, y: s.y + 30 };
        } else if (a.to === a.from) {
          const s = { x: from.x + CARD_W, y: from.y + 20 + off / 2 };
          d = `M ${s.x} ${s.y} C ${s.x + 50} ${s.y - 30}, ${s.x + 50} ${s.y + 40}, ${s.x} ${s.y + 24}`;
          mid = { x: s.x + 40, y: s.y + 8 };
        } else {
          const fc = { x: from.x + CARD_W / 2, y: from.y + CARD_H / 2 };
          const tc = { x: to.x + CARD_W / 2, y: to.y + CARD_H / 2 };
          const len = Math.hypot(tc.x - fc.x, tc.y - fc.y) || 1;
          const nx = (-(tc.y - fc.y) / len) * off;
          const ny = ((tc.x - fc.x) / len) * off;
          const s = edgePoint(from, { x: tc.x + nx, y: tc.y + ny });
          const e = edgePoint(to, { x: fc.x + nx, y: fc.y + ny });
          const sx = s.x + nx;
          const sy = s.y + ny;
          const ex = e.x + nx;
          const ey = e.y + ny;
          d = `M ${sx.toFixed(1)} ${sy.toFixed(1)} L ${ex.toFixed(1)} ${ey.toFixed(1)}`;
          mid = { x: (sx + ex) / 2, y: (sy + ey) / 2 };
        }
        g.appendChild(el(this.doc, 'path', { d, class: 'cr-story-arrow-hit' }));
        g.appendChild(
          el(this.doc, 'path', { d, class: 'cr-story-arrow-line', 'marker-end': 'url(#cr-story-arrowhead)' }),
        );
        const label = el(this.doc, 'text', {
          x: mid.x.toFixed(1),
          y: (mid.y + 4).toFixed(1),
          class: 'cr-story-arrow-label',
        });
        label.textContent = cut(a.note ? `${a.label} (${a.note})` : a.label, 26);
        g.appendChild(label);
        g.addEventListener('click', () => this.actions.openArrow(a));
        g.addEventListener('keydown', (ev) => {
          if (ev.key === 'Enter' || ev.key === ' ') {
            ev.preventDefault();
            this.actions.openArrow(a);
          }
        });
        layer.appendChild(g);
      });
    return layer;
  }

  private drawCards(): SVGElement {
    const layer = el(this.doc, 'g', { class: 'cr-story-cards' });
    const wordLayer = el(this.doc, 'g', { class: 'cr-story-card-words' });
    for (const c of this.story!.cards) {
      const p = this.positions.get(c.id);
      if (!p) continue;
      const problem = this.problems.get(c.id);
      const marks = [c.timer !== undefined ? `timer ${c.timer}s` : '', c.chance ? 'chance' : ''].filter(Boolean);
      const name = [
        cardName(c),
        c.start ? 'the start' : '',
        c.firstLine,
        c.timer !== undefined ? `timer ${c.timer} seconds` : '',
        c.chance ? 'has a chance branch' : '',
        problem ? `${plural(problem.errors, 'error')}, ${plural(problem.warnings, 'warning')}: ${problem.first}` : '',
      ]
        .filter(Boolean)
        .map((part) => part.replace(/[.\s]+$/, ''))
        .join('. ');
      const g = el(this.doc, 'g', {
        class: `cr-story-card cr-story-${c.kind}${c.tone ? ` cr-tone-${c.tone}` : ''}${c.id === this.selected ? ' cr-selected' : ''}${problem?.errors ? ' cr-story-has-error' : problem ? ' cr-story-has-warning' : ''}`,
        transform: `translate(${p.x.toFixed(1)} ${p.y.toFixed(1)})`,
        role: 'button',
        tabindex: 0,
        'aria-label': name,
        'data-key': `card:${c.id}`,
        'data-card': c.id,
      });
      g.appendChild(
        el(this.doc, 'rect', {
          width: CARD_W,
          height: CARD_H,
          rx: c.kind === 'ending' ? 16 : 6,
          class: 'cr-story-card-box',
        }),
      );
      // The drawn words sit in a layer of their own, above the card and hidden from screen readers:
      // the card's name says all of it (and a cut-short title would not match its name).
      const words = el(this.doc, 'g', {
        class: `cr-story-words${problem?.errors ? ' cr-story-has-error' : ''}`,
        transform: `translate(${p.x.toFixed(1)} ${p.y.toFixed(1)})`,
        'aria-hidden': 'true',
        'data-words': c.id,
      });
      wordLayer.appendChild(words);
      const kind = el(this.doc, 'text', { x: 10, y: 17, class: 'cr-story-card-kind' });
      kind.textContent = kindText(c);
      words.appendChild(kind);
      if (marks.length) {
        const m = el(this.doc, 'text', { x: CARD_W - 10, y: 17, class: 'cr-story-card-marks', 'text-anchor': 'end' });
        m.textContent = marks.join(' · ');
        words.appendChild(m);
      }
      const title = el(this.doc, 'text', { x: 10, y: 38, class: 'cr-story-card-title' });
      title.textContent = cut(c.title, 24);
      words.appendChild(title);
      const line = el(this.doc, 'text', { x: 10, y: 58, class: 'cr-story-card-line' });
      line.textContent = cut(c.firstLine, 30);
      words.appendChild(line);
      if (problem) {
        const badge = el(this.doc, 'g', { class: 'cr-story-badge', transform: `translate(${CARD_W - 4} 0)` });
        badge.appendChild(el(this.doc, 'circle', { r: 10 }));
        const t = el(this.doc, 'text', { y: 4, 'text-anchor': 'middle' });
        t.textContent = String(problem.errors + problem.warnings);
        badge.appendChild(t);
        const tip = el(this.doc, 'title');
        tip.textContent = problem.first;
        badge.appendChild(tip);
        words.appendChild(badge);
      }
      if (c.kind === 'node') {
        const handle = el(this.doc, 'circle', {
          cx: CARD_W / 2,
          cy: CARD_H,
          r: 8,
          class: 'cr-story-handle',
          'data-handle': c.id,
        });
        const tip = el(this.doc, 'title');
        tip.textContent = 'Drag to another card to make a choice that leads there';
        handle.appendChild(tip);
        g.appendChild(handle);
      }
      g.addEventListener('keydown', (ev) => this.cardKey(ev, c));
      layer.appendChild(g);
    }
    layer.appendChild(wordLayer);
    return layer;
  }

  private cardKey(ev: KeyboardEvent, c: StoryCard): void {
    const dirs: Record<string, Pt> = {
      ArrowLeft: { x: -1, y: 0 },
      ArrowRight: { x: 1, y: 0 },
      ArrowUp: { x: 0, y: -1 },
      ArrowDown: { x: 0, y: 1 },
    };
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      this.actions.open(c);
      return;
    }
    const dir = dirs[ev.key];
    if (!dir) return;
    ev.preventDefault();
    const at = this.positions.get(c.id)!;
    if (ev.shiftKey) {
      this.actions.move(c, { x: at.x + dir.x * 20, y: at.y + dir.y * 20 });
      return;
    }
    const next = this.nearest(at, dir, c.id);
    if (next) {
      this.world.querySelector<SVGElement>(`[data-key="${CSS.escape(`card:${next}`)}"]`)?.focus();
      this.reveal(next);
    }
  }

  /** The nearest card from `at` in a direction (cards off to the side count for more). */
  private nearest(at: Pt, dir: Pt, self: string): string | undefined {
    let best: string | undefined;
    let bestScore = Infinity;
    for (const [id, p] of this.positions) {
      if (id === self) continue;
      const dx = p.x - at.x;
      const dy = p.y - at.y;
      const along = dx * dir.x + dy * dir.y;
      if (along <= 0) continue;
      const across = Math.abs(dx * dir.y) + Math.abs(dy * dir.x);
      const score = along + 2 * across;
      if (score < bestScore) {
        bestScore = score;
        best = id;
      }
    }
    return best;
  }

  /** Pan so a card is in view. */
  reveal(id: string): void {
    const p = this.positions.get(id);
    if (!p) return;
    const sx = p.x * this.scale + this.tx;
    const sy = p.y * this.scale + this.ty;
    if (sx < 0 || sy < 0 || sx + CARD_W * this.scale > this.w || sy + CARD_H * this.scale > this.hgt) {
      this.tx = this.w / 2 - (p.x + CARD_W / 2) * this.scale;
      this.ty = this.hgt / 2 - (p.y + CARD_H / 2) * this.scale;
      this.applyView();
    }
  }

  /** Put the focus on a card (after it was added or opened). */
  focusCard(id: string): void {
    this.world.querySelector<SVGElement>(`[data-key="${CSS.escape(`card:${id}`)}"]`)?.focus();
  }

  private cardAt(p: Pt): StoryCard | undefined {
    return [...(this.story?.cards ?? [])].reverse().find((c) => {
      const at = this.positions.get(c.id);
      return at && p.x >= at.x && p.x <= at.x + CARD_W && p.y >= at.y - 4 && p.y <= at.y + CARD_H + 8;
    });
  }

  /** Offer "new decision / new ending here" at a point of the map. */
  showMenu(at: Pt, items: { label: string; run: () => void }[]): void {
    const close = () => {
      this.menuBox.hidden = true;
      this.menuBox.replaceChildren();
    };
    this.menuBox.replaceChildren(
      h('p', {}, 'Add here:'),
      ...items.map((i) =>
        button(i.label, () => {
          close();
          i.run();
        }),
      ),
      button('Cancel', close, { class: 'ghost' }),
    );
    this.menuBox.setAttribute('role', 'group');
    this.menuBox.setAttribute('aria-label', 'Add to the map');
    const x = Math.min(Math.max(0, at.x * this.scale + this.tx), this.w - 200);
    const y = Math.min(Math.max(0, at.y * this.scale + this.ty), this.hgt - 120);
    this.menuBox.style.left = `${x}px`;
    this.menuBox.style.top = `${y}px`;
    this.menuBox.hidden = false;
    this.menuBox.querySelector('button')?.focus();
  }

  private listen(): void {
    type Drag =
      | { kind: 'pan'; x: number; y: number; tx: number; ty: number }
      | { kind: 'move'; card: StoryCard; g: SVGElement; start: Pt; from: Pt; moved: boolean }
      | { kind: 'link'; card: StoryCard; line: SVGElement; from: Pt };
    let drag: Drag | undefined;
    this.svg.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0) return;
      const target = ev.target as Element;
      const handle = target.closest('[data-handle]');
      const cardEl = target.closest('[data-card]');
      const card = cardEl && this.story?.cards.find((c) => c.id === cardEl.getAttribute('data-card'));
      if (target.closest('.cr-story-arrow')) return;
      this.svg.setPointerCapture(ev.pointerId);
      const p = this.toMap(ev.clientX, ev.clientY);
      if (handle && card) {
        const at = this.positions.get(card.id)!;
        const from = { x: at.x + CARD_W / 2, y: at.y + CARD_H };
        const line = el(this.doc, 'path', {
          class: 'cr-story-drawing',
          d: `M ${from.x} ${from.y} L ${p.x} ${p.y}`,
          'marker-end': 'url(#cr-story-arrowhead)',
        });
        this.world.appendChild(line);
        drag = { kind: 'link', card, line, from };
      } else if (card && cardEl) {
        drag = {
          kind: 'move',
          card,
          g: cardEl as SVGElement,
          start: p,
          from: { ...this.positions.get(card.id)! },
          moved: false,
        };
      } else drag = { kind: 'pan', x: ev.clientX, y: ev.clientY, tx: this.tx, ty: this.ty };
      ev.preventDefault();
    });
    this.svg.addEventListener('pointermove', (ev) => {
      if (!drag) return;
      const p = this.toMap(ev.clientX, ev.clientY);
      if (drag.kind === 'pan') {
        this.tx = drag.tx + ev.clientX - drag.x;
        this.ty = drag.ty + ev.clientY - drag.y;
        this.applyView();
      } else if (drag.kind === 'link') {
        drag.line.setAttribute('d', `M ${drag.from.x} ${drag.from.y} L ${p.x.toFixed(1)} ${p.y.toFixed(1)}`);
      } else {
        const nx = drag.from.x + p.x - drag.start.x;
        const ny = drag.from.y + p.y - drag.start.y;
        if (Math.hypot(p.x - drag.start.x, p.y - drag.start.y) > 3) drag.moved = true;
        drag.g.setAttribute('transform', `translate(${nx.toFixed(1)} ${ny.toFixed(1)})`);
        this.world
          .querySelector(`[data-words="${CSS.escape(drag.card.id)}"]`)
          ?.setAttribute('transform', `translate(${nx.toFixed(1)} ${ny.toFixed(1)})`);
      }
    });
    const end = (ev: PointerEvent, cancelled: boolean) => {
      const d = drag;
      drag = undefined;
      if (!d) return;
      const p = this.toMap(ev.clientX, ev.clientY);
      if (d.kind === 'link') {
        d.line.remove();
        if (cancelled) return;
        const target = this.cardAt(p);
        if (target && target.id !== d.card.id) this.actions.connect(d.card, target);
        else if (!target) this.actions.dropEmpty(d.card, p);
      } else if (d.kind === 'move') {
        if (cancelled) return;
        if (d.moved) this.actions.move(d.card, { x: d.from.x + p.x - d.start.x, y: d.from.y + p.y - d.start.y });
        else this.actions.open(d.card);
      }
    };
    this.svg.addEventListener('pointerup', (ev) => end(ev, false));
    this.svg.addEventListener('pointercancel', (ev) => end(ev, true));
    this.svg.addEventListener('dblclick', (ev) => {
      if ((ev.target as Element).closest('[data-card], .cr-story-arrow')) return;
      this.actions.dropEmpty(undefined, this.toMap(ev.clientX, ev.clientY));
    });
    this.svg.addEventListener(
      'wheel',
      (ev) => {
        ev.preventDefault();
        const r = this.svg.getBoundingClientRect();
        this.zoomBy(ev.deltaY < 0 ? 1.1 : 1 / 1.1, { x: ev.clientX - r.left, y: ev.clientY - r.top });
      },
      { passive: false },
    );
  }
}
