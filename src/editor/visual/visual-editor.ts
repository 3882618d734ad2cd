/**
 * The editor's "Map" view: the story map beside a form of the card or arrow picked on it. It
 * edits the same draft as the text view: every change is made on the text through StoryText (so
 * the teacher's comments and layout stay) and handed to the owner as one undoable change; a change
 * made in the text, or undone, redraws the map and the form. The checker's messages show on the
 * cards they are about and beside the fields.
 */
import { button, h } from '../../ui/dom.ts';
import { openDialog } from '../../ui/dialog.ts';
import type { Diagnostic } from '../../scenario/diagnostics.ts';
import { startMapLayout, type LayoutJob } from '../../scenario-map/layout-job.ts';
import type { ScenarioMapGraph } from '../../scenario-map/model.ts';
import {
  addChoice,
  addEnding,
  addNode,
  choicesLeadingTo,
  deleteCard,
  moveCard,
  readStory,
  renameId,
  renameRefusal,
  type IdKind,
  type Story,
  type StoryCard,
} from '../../story-edit/story.ts';
import { StoryEditError, StoryText, formatOfName, pathAtOffset, type EditPath } from '../../story-edit/text-edit.ts';
import { showFieldProblems, type BoundField, type FormEdit } from './fields.ts';
import { choiceForm, endingForm, nodeForm, scenarioForm, type FormContext, type FormTarget } from './forms.ts';
import { CARD_H, CARD_W, StoryMapView, cardName, type CardProblems, type Pt } from './story-map-view.ts';
import './visual.css';

/** What the map view needs from the editor that owns the draft. */
export interface VisualHost {
  text(): string;
  fileName(): string;
  /** Replace the draft with a new text as one undoable change. */
  replaceText(next: string): void;
  undo(): void;
  redo(): void;
  /** Show a sentence in the editor's live region. */
  say(text: string): void;
}

interface Problem {
  path: (string | number)[];
  text: string;
  severity: 'error' | 'warning';
}

/** The map view of the editor. */
export class VisualEditor {
  readonly element: HTMLElement;
  private readonly map: StoryMapView;
  private readonly formBox: HTMLElement;
  private readonly formTitle: HTMLElement;
  private readonly formBody: HTMLElement;
  private readonly notice: HTMLElement;
  private story: Story | undefined;
  private data: Record<string, unknown> = {};
  private target: FormTarget | undefined;
  private fields: BoundField[] = [];
  private problems: Problem[] = [];
  private problemsText: string | undefined;
  /** Where each card was last drawn: a card without a place of its own keeps it. */
  private readonly placed = new Map<string, Pt>();
  private layoutRun = 0;
  /** The layout under way in the layout worker (cancelled by a newer one, by Cancel or by leaving the map). */
  private layoutJob: LayoutJob | undefined;
  private readonly progress: HTMLElement;
  /** Set while this view writes the text, so its own change does not redraw the form being typed in. */
  private writing = false;
  private softWrite = false;
  private visible = false;

  constructor(
    private readonly doc: Document,
    private readonly host: VisualHost,
  ) {
    this.map = new StoryMapView(doc, {
      open: (c) => this.openCard(c),
      openArrow: (a) => this.openForm({ kind: 'choice', node: a.nodeIndex, choice: a.choiceIndex }),
      move: (c, at) => this.edit((e) => moveCard(e, c, at)),
      connect: (from, to) => {
        const story = this.story!;
        let index = 0;
        this.edit((e) => (index = addChoice(e, story, from.index, to.id)));
        this.host.say(`New choice from "${from.title}" to "${to.title}".`);
        this.openForm({ kind: 'choice', node: from.index, choice: index });
      },
      dropEmpty: (from, at) => this.offerNew(from, at),
    });
    this.notice = h('p', { class: 'cr-story-notice', role: 'status' });
    this.progress = h(
      'div',
      { class: 'cr-story-progress', hidden: true },
      h('p', { role: 'status' }, 'Laying out the map…'),
      button('Cancel', () => this.layoutJob?.cancel(), { 'aria-label': 'Cancel the map layout' }),
    );
    this.formTitle = h('h3', { class: 'cr-form-title' }, 'Nothing picked');
    this.formBody = h('div', { class: 'cr-form-body' });
    this.formBox = h('section', { class: 'cr-story-form', 'aria-label': 'Form' }, this.formTitle, this.formBody);
    const tools = h(
      'div',
      { class: 'cr-story-tools', role: 'toolbar', 'aria-label': 'Story map' },
      button('Add a decision', () => this.addCardAt('node', this.map.viewCentre())),
      button('Add an ending', () => this.addCardAt('ending', this.map.viewCentre())),
      button('Scenario details', () => this.openForm({ kind: 'scenario' })),
    );
    this.element = h(
      'div',
      { class: 'cr-story', hidden: true },
      h('div', { class: 'cr-story-left' }, tools, this.notice, this.progress, this.map.element),
      this.formBox,
    );
    this.element.addEventListener('keydown', (ev) => {
      const mod = ev.ctrlKey || ev.metaKey;
      if (!mod) return;
      const k = ev.key.toLowerCase();
      if (k === 'z' && !ev.shiftKey) this.host.undo();
      else if ((k === 'z' && ev.shiftKey) || k === 'y') this.host.redo();
      else return;
      ev.preventDefault();
    });
    this.showHint();
  }

  /** Show the map (reading the draft as it is now). */
  show(): void {
    this.visible = true;
    this.element.hidden = false;
    this.refresh(true);
  }

  /** Hide the map (the text view shows). */
  hide(): void {
    this.visible = false;
    this.element.hidden = true;
    this.layoutJob?.cancel();
  }

  /** A new draft (quick start, blank, a copy, a restored version): nothing of the last one's map is kept. */
  reset(): void {
    this.layoutJob?.cancel();
    this.placed.clear();
    this.target = undefined;
    this.showHint();
  }

  /** The draft changed (typed, undone, or written by this view). */
  textChanged(): void {
    if (!this.visible) return;
    this.refresh(!this.writing || !this.softWrite);
  }

  /** The checker's messages for a text: marks on the cards and beside the fields. */
  setDiagnostics(text: string, diagnostics: readonly Diagnostic[]): void {
    this.problemsText = text;
    let doc;
    try {
      doc = new StoryText(text, formatOfName(this.host.fileName())).doc;
    } catch {
      this.problems = [];
      return;
    }
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.problems = diagnostics.map((d) => ({
      path: pathAtOffset(doc, (starts[d.line - 1] ?? 0) + d.col - 1),
      text: `${d.severity}: ${d.message} [${d.rule}]`,
      severity: d.severity,
    }));
    if (this.visible) {
      this.drawMap();
      this.showProblems();
    }
  }

  private cardProblems(): CardProblems {
    const out = new Map<string, { errors: number; warnings: number; first: string }>();
    if (!this.story || this.problemsText !== this.host.text()) return out;
    for (const p of this.problems) {
      const [list, index] = p.path;
      if ((list !== 'nodes' && list !== 'endings') || typeof index !== 'number') continue;
      const card = this.story.cards.find((c) => c.kind === (list === 'nodes' ? 'node' : 'ending') && c.index === index);
      if (!card) continue;
      const m = out.get(card.id) ?? { errors: 0, warnings: 0, first: p.text };
      if (p.severity === 'error') m.errors++;
      else m.warnings++;
      out.set(card.id, m);
    }
    return out;
  }

  private refresh(redrawForm: boolean): void {
    const text = this.host.text();
    let data: unknown;
    try {
      data = new StoryText(text, formatOfName(this.host.fileName())).doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      this.notice.textContent =
        e instanceof StoryEditError
          ? `The map shows the draft once its text can be read: ${e.message}.`
          : 'The map cannot read this draft: switch to Text to fix it.';
      return;
    }
    this.notice.textContent = '';
    this.data = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
    this.story = readStory(this.data);
    this.drawMap();
    void this.placeNewCards();
    if (redrawForm) this.drawForm();
  }

  private positions(): Map<string, Pt> {
    const out = new Map<string, Pt>();
    for (const c of this.story?.cards ?? []) {
      const p = c.pos ?? this.placed.get(c.id);
      if (p) {
        out.set(c.id, p);
        this.placed.set(c.id, p);
      }
    }
    return out;
  }

  private drawMap(): void {
    if (!this.story) return;
    const selected =
      this.target?.kind === 'node'
        ? this.story.cards.find((c) => c.kind === 'node' && c.index === (this.target as { index: number }).index)?.id
        : this.target?.kind === 'ending'
          ? this.story.cards.find((c) => c.kind === 'ending' && c.index === (this.target as { index: number }).index)
              ?.id
          : this.target?.kind === 'choice'
            ? this.story.arrows.find(
                (a) =>
                  a.nodeIndex === (this.target as { node: number }).node &&
                  a.choiceIndex === (this.target as { choice: number }).choice,
              )?.key
            : undefined;
    this.map.render(this.story, this.positions(), this.cardProblems(), selected);
  }

  /** Cards with no place yet are laid out by elkjs (the scenario map's layout), once. */
  private async placeNewCards(): Promise<void> {
    const story = this.story;
    if (!story || story.cards.every((c) => c.pos || this.placed.has(c.id))) return;
    const run = ++this.layoutRun;
    const graph: ScenarioMapGraph = {
      nodes: story.cards.map((c) => ({
        id: c.id,
        kind: c.kind,
        title: c.title,
        start: c.start,
        historical: false,
        ...(c.tone ? { tone: c.tone } : {}),
      })),
      edges: story.arrows.map((a) => ({
        key: a.key,
        from: a.from,
        to: a.to,
        via: a.choiceId,
        label: a.label,
        note: a.note,
        historical: false,
        traffic: 0,
      })),
      maxTraffic: 0,
    };
    this.layoutJob?.cancel();
    const job = startMapLayout(graph);
    this.layoutJob = job;
    this.progress.hidden = !job.inWorker;
    const outcome = await job.result;
    if (this.layoutJob === job) {
      this.layoutJob = undefined;
      this.progress.hidden = true;
    }
    if (run !== this.layoutRun || this.story !== story) return;
    const layout = outcome.status === 'done' ? outcome.layout : undefined;
    if (outcome.status === 'cancelled')
      this.notice.textContent = 'Map layout cancelled: the cards without a place of their own are set out in a grid.';
    else if (outcome.by === 'simple') this.notice.textContent = outcome.why;
    story.cards.forEach((c, i) => {
      if (c.pos || this.placed.has(c.id)) return;
      const p = layout?.nodes[i];
      this.placed.set(
        c.id,
        p
          ? { x: Math.round(p.x * 1.35), y: Math.round(p.y * 1.45) }
          : { x: 40 + (i % 5) * (CARD_W + 40), y: 40 + Math.floor(i / 5) * (CARD_H + 60) },
      );
    });
    this.drawMap();
    this.map.fit();
  }

  /** Make a change on the draft's text, as one undoable change. */
  private edit(change: (e: StoryText) => void, soft = false): boolean {
    const before = this.host.text();
    const e = new StoryText(before, formatOfName(this.host.fileName()));
    try {
      change(e);
    } catch (err) {
      this.notice.textContent =
        err instanceof Error ? `That change could not be made: ${err.message}` : 'That change could not be made.';
      return false;
    }
    if (e.text === before) return true;
    this.writing = true;
    this.softWrite = soft;
    try {
      this.host.replaceText(e.text);
    } finally {
      this.writing = false;
      this.softWrite = false;
    }
    return true;
  }

  private addCardAt(kind: 'node' | 'ending', at: Pt, from?: StoryCard): void {
    const story = this.story;
    if (!story) return;
    let id = '';
    this.edit((e) => {
      id = kind === 'node' ? addNode(e, story, at) : addEnding(e, story, at);
      if (from) addChoice(e, readStory(e.doc.toJS()), from.index, id);
    });
    const card = this.story?.cards.find((c) => c.id === id);
    if (!card) return;
    this.host.say(
      `New ${kind === 'node' ? 'decision' : 'ending'} "${card.title}"${from ? ` after "${from.title}"` : ''}.`,
    );
    this.openCard(card);
    this.map.focusCard(card.id);
  }

  private offerNew(from: StoryCard | undefined, at: Pt): void {
    this.map.showMenu(at, [
      { label: 'New decision here', run: () => this.addCardAt('node', at, from) },
      { label: 'New ending here', run: () => this.addCardAt('ending', at, from) },
    ]);
  }

  private openCard(c: StoryCard): void {
    this.openForm(c.kind === 'node' ? { kind: 'node', index: c.index } : { kind: 'ending', index: c.index });
  }

  /** Open the form of a node, a choice, an ending or the scenario's details. */
  openForm(target: FormTarget): void {
    this.target = target;
    this.drawForm();
    this.drawMap();
    (this.formBody.querySelector('input, textarea, select') as HTMLElement | null)?.focus({ preventScroll: true });
    this.formBox.scrollTop = 0;
  }

  private showHint(): void {
    this.formTitle.textContent = 'Nothing picked';
    this.formBox.setAttribute('aria-label', 'Form');
    this.formBody.replaceChildren(
      h('p', {}, 'Click a card or an arrow to edit it here.'),
      h(
        'p',
        {},
        "Drag a card's round handle to another card to make a choice that leads there, or to an empty place to make a new decision or ending.",
      ),
      h('p', {}, 'Arrow keys go from card to card, Enter opens one, Shift with an arrow key moves it. Ctrl+Z undoes.'),
    );
    this.fields = [];
  }

  private drawForm(): void {
    const t = this.target;
    const story = this.story;
    if (!t || !story) return this.showHint();
    const focused = (this.doc.activeElement as HTMLElement | null)?.getAttribute?.('data-field');
    const scroll = this.formBox.scrollTop;
    const fields: BoundField[] = [];
    const ctx: FormContext = {
      story,
      data: this.data,
      fields,
      open: (target) => this.openForm(target),
      write: (change, soft) => {
        this.edit((e) => change(asFormEdit(e)), soft);
      },
      rename: (kind, from, to) => this.rename(kind, from, to),
      deleteCard: (kind, index) => this.deleteCard(kind, index),
    };
    const nodes = Array.isArray(this.data.nodes) ? this.data.nodes : [];
    const endings = Array.isArray(this.data.endings) ? this.data.endings : [];
    let title: string;
    let name: string;
    let body: HTMLElement;
    if (t.kind === 'node' && t.index < nodes.length) {
      const c = story.cards.find((x) => x.kind === 'node' && x.index === t.index)!;
      title = `Decision: ${c.title}`;
      name = 'Node form';
      body = nodeForm(ctx, t.index);
    } else if (
      t.kind === 'choice' &&
      t.node < nodes.length &&
      story.arrows.some((a) => a.nodeIndex === t.node && a.choiceIndex === t.choice)
    ) {
      const a = story.arrows.find((x) => x.nodeIndex === t.node && x.choiceIndex === t.choice)!;
      title = `Choice: ${a.label}`;
      name = 'Choice form';
      body = choiceForm(ctx, t.node, t.choice);
    } else if (t.kind === 'ending' && t.index < endings.length) {
      const c = story.cards.find((x) => x.kind === 'ending' && x.index === t.index)!;
      title = `Ending: ${c.title}`;
      name = 'Ending form';
      body = endingForm(ctx, t.index);
    } else if (t.kind === 'scenario') {
      title = 'Scenario details';
      name = 'Scenario details form';
      body = scenarioForm(ctx);
    } else {
      this.target = undefined;
      return this.showHint();
    }
    this.formTitle.textContent = title;
    this.formBox.setAttribute('aria-label', name);
    this.formBody.replaceChildren(
      body,
      button('Close the form', () => this.closeForm(), { class: 'ghost' }),
    );
    this.fields = fields;
    this.showProblems();
    this.formBox.scrollTop = scroll;
    if (focused) {
      const again = this.formBody.querySelector<HTMLElement>(`[data-field="${CSS.escape(focused)}"]`);
      if (again) {
        again.focus({ preventScroll: true });
        if (again instanceof HTMLInputElement && again.type === 'text')
          again.setSelectionRange(again.value.length, again.value.length);
        if (again instanceof HTMLTextAreaElement) again.setSelectionRange(again.value.length, again.value.length);
      }
    }
  }

  /** Rename an id everywhere it is used, or say why not (beside the field). */
  private rename(kind: IdKind, from: string, to: string): string | undefined {
    const refused = renameRefusal(this.data, kind, from, to);
    if (refused || from === to) return refused;
    let places = 0;
    if (!this.edit((e) => (places = renameId(e, kind, from, to)))) return 'That id could not be changed here.';
    const p = this.placed.get(from);
    if (kind === 'card' && p) this.placed.set(to, p);
    this.host.say(
      `Renamed "${from}" to "${to}"${places > 1 ? `, and ${places - 1} place${places === 2 ? '' : 's'} that named it` : ''}.`,
    );
    return undefined;
  }

  /**
   * Delete a decision or an ending. When choices lead there, the teacher is asked first: they are
   * deleted with it (never left pointing nowhere); Undo brings everything back in one step.
   */
  private deleteCard(kind: 'node' | 'ending', index: number): void {
    const items = this.data[kind === 'node' ? 'nodes' : 'endings'];
    const item = (Array.isArray(items) ? items[index] : undefined) as Record<string, unknown> | undefined;
    const id = typeof item?.id === 'string' ? item.id : '';
    const title = typeof item?.title === 'string' ? item.title : id;
    const what = kind === 'node' ? 'decision' : 'ending';
    const run = () => {
      let n = 0;
      if (!this.edit((e) => (n = deleteCard(e, { kind, index })))) return;
      this.target = undefined;
      this.showHint();
      this.drawMap();
      this.host.say(
        `Deleted the ${what} "${title}"${n ? ` and the ${n === 1 ? 'choice' : `${n} choices`} that led there` : ''}. Undo brings it back.`,
      );
    };
    const leading = id ? choicesLeadingTo(this.data, id, kind === 'node' ? index : undefined) : [];
    if (!leading.length) return run();
    const count = leading.length === 1 ? '1 choice leads' : `${leading.length} choices lead`;
    openDialog(this.doc, `Delete the ${what} "${title}"?`, (body, close) => {
      const yes = button(
        `Delete it and the ${leading.length === 1 ? 'choice' : `${leading.length} choices`}`,
        () => {
          close();
          run();
        },
        { class: 'cr-danger' },
      );
      body.append(
        h(
          'p',
          {},
          `${count} here; ${leading.length === 1 ? 'it is' : 'they are'} deleted with it (Undo brings everything back):`,
        ),
        h(
          'ul',
          { 'aria-label': 'Choices that lead here' },
          ...leading.map((l) =>
            h('li', {}, `"${l.label}" in "${l.from}"${l.branches ? ' (its branches that lead here)' : ''}`),
          ),
        ),
        h(
          'div',
          { class: 'cr-dialog-buttons' },
          yes,
          button('Cancel', () => close()),
        ),
      );
      queueMicrotask(() => yes.focus());
    });
  }

  private closeForm(): void {
    const t = this.target;
    this.target = undefined;
    this.showHint();
    this.drawMap();
    const id =
      t?.kind === 'node' || t?.kind === 'ending'
        ? this.story?.cards.find((c) => c.kind === t.kind && c.index === t.index)?.id
        : undefined;
    if (id) this.map.focusCard(id);
  }

  /** Messages beside the fields; the rest about this form under its title. */
  private showProblems(): void {
    const base: EditPath =
      this.target?.kind === 'node'
        ? ['nodes', this.target.index]
        : this.target?.kind === 'ending'
          ? ['endings', this.target.index]
          : this.target?.kind === 'choice'
            ? ['nodes', this.target.node, 'choices', this.target.choice]
            : [];
    const current = this.problemsText === this.host.text() ? this.problems : [];
    const mine = current.filter(
      (p) =>
        base.every((s, i) => String(p.path[i]) === String(s)) &&
        (base.length || !['nodes', 'endings'].includes(String(p.path[0]))),
    );
    const left = showFieldProblems(this.fields, mine);
    this.formBody.querySelector('.cr-form-problems')?.remove();
    if (left.length && this.target)
      this.formBody.prepend(
        h(
          'ul',
          { class: 'cr-form-problems', 'aria-label': 'Problems in this form' },
          ...left.map((p) => h('li', {}, p.text)),
        ),
      );
  }

  /** The card names on the map (tests and the dom contract). */
  static cardName = cardName;
}

function asFormEdit(e: StoryText): FormEdit {
  const f: FormEdit = {
    set: (p, v) => {
      e.set(p, v);
      return f;
    },
    insert: (p, v, i) => {
      e.insert(p, v, i);
      return f;
    },
    remove: (p) => {
      e.remove(p);
      return f;
    },
    get: (p) => e.get(p),
    renameKey: (p, from, to) => {
      e.renameKey(p, from, to);
      return f;
    },
  };
  return f;
}
