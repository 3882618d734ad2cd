/**
 * The accessible DOM layer (docs/dom-contract.md): a real, visible panel that mirrors what the canvas
 * shows with headings, text, real buttons and an aria-live region. It renders the session read-only
 * and calls the session's methods, exactly like the canvas does.
 */
import type { ScenarioNode } from '../../scenario/schema.ts';
import {
  advisorColor,
  clockText,
  cardTitle,
  initials,
  signed,
  visibleMeters,
  type GameSession,
  type ScenarioEntry,
} from '../session.ts';
import {
  BRIEFING_BEGIN,
  DEBRIEF_BUTTONS,
  OUTCOME,
  advisorSeats,
  centre,
  onViewWidth,
  portraitRadius,
  titleActionButtons,
  titleCardButtons,
  shownChoiceCards,
  titleCards,
  type Box,
} from '../layout.ts';
import type { ViewState } from '../view-state.ts';
import {
  adviceView,
  advisorKey,
  decisionRows,
  meterSeries,
  nodeHeadlines,
  outcomeHeadlines,
  SERIES_COLORS,
  sourceViews,
  untoldOutcome,
} from '../view-models.ts';
import { WIDTH, buttonRow, debriefExtras, titleCardExtras } from '../layout.ts';
import { textViewOn } from '../text-view.ts';
import { RELABELLED, button, downloadText, h, paragraphs, safeLink, uid } from '../../ui/dom.ts';
import { exportSave, saveIdOf } from '../storage/saves.ts';
import { meterChartSvg } from './meter-chart.ts';
import type { Run } from '../../engine/run.ts';

/** A canvas twin's centre (data-canvas-x/y, for clicking it) and size (data-canvas-w/h, for the focus ring). */
function canvasAt(b: Box | { x: number; y: number; r?: number }): Record<string, number> {
  if ('w' in b) {
    const c = centre(b);
    return {
      'data-canvas-x': c.x,
      'data-canvas-y': c.y,
      'data-canvas-w': Math.round(b.w),
      'data-canvas-h': Math.round(b.h),
    };
  }
  const size = b.r ? Math.round(b.r * 2) : 0;
  return {
    'data-canvas-x': b.x,
    'data-canvas-y': b.y,
    ...(size ? { 'data-canvas-w': size, 'data-canvas-h': size } : {}),
  };
}

/** The scenario's learning goals as a heading and a list named by it (none: nothing). */
function learningGoals(goals: string[] | undefined): HTMLElement[] {
  if (!goals?.length) return [];
  const id = uid('goals');
  return [
    h('h3', { id }, 'Learning goals'),
    h('ul', { class: 'learning-goals', 'aria-labelledby': id }, ...goals.map((g) => h('li', {}, g))),
  ];
}

/** An advisor's note (a composite character, a fictional name) as a line of its own under the name. */
function advisorNote(note: string | undefined): HTMLElement | undefined {
  return note ? h('span', { class: 'small advisor-note' }, note) : undefined;
}

/** What the DOM layer asks of the teacher layer (all optional there, so the game runs without it). */
export interface ShellHooks {
  /** "Load scenario file…". */
  pickScenarioFile(): void;
  /** "Open replay…". */
  pickReplayFile(): void;
  /** Extra buttons for a library scenario's card ("Copy link", "Download file", "Remove"). */
  cardButtons(id: string): HTMLElement[];
  /** Extra debrief content: "Both paths" for a branch, and "Open replay viewer" / "Copy replay link". */
  debriefExtras(run: Run): HTMLElement[];
  /** Buttons on every scenario card, built-in or not ("Scenario map", issue 10). */
  cardExtras?(entry: ScenarioEntry): HTMLElement[];
}

/** The DOM mirror of the game. */
export class DomLayer {
  private screenEl: HTMLElement;
  private status: HTMLElement;
  /** "Not saved" in the toolbar (seen over the picture too) while saves keep failing; the live region says each failure. */
  private unsaved = h('span', { class: 'not-saved', hidden: true });
  private timerEl: HTMLElement | undefined;
  private adviceEl: HTMLElement | undefined;
  private advisorButtons = new Map<string, HTMLButtonElement>();
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  private timersOff: boolean;

  constructor(
    private root: HTMLElement,
    private session: GameSession,
    private openSettings: () => void,
    /** What the views share besides the game's state: title actions, canvas extras, the choice page. */
    private views: ViewState,
    /** Teacher layer (issue 5): every way a file comes in (picker, drop, links), the library, the replay viewer. */
    private teacher: ShellHooks,
  ) {
    root.replaceChildren();
    this.timersOff = session.settings.get().timersOff;
    const settingsButton = button('Settings', () => this.openSettings(), { class: 'ghost', 'aria-haspopup': 'dialog' });
    // Shown over the canvas's corner even when the rest of the panel is visually hidden.
    const textView = button(
      'Text view',
      () => session.settings.update({ textView: !textViewOn(session.settings.get()) }),
      {
        class: 'ghost',
        'aria-pressed': textViewOn(session.settings.get()) ? 'true' : 'false',
      },
    );
    const syncTextView = () =>
      textView.setAttribute('aria-pressed', textViewOn(session.settings.get()) ? 'true' : 'false');
    session.settings.subscribe(syncTextView);
    window.addEventListener('resize', syncTextView);
    this.status = h('div', {
      role: 'status',
      'aria-live': 'polite',
      'aria-atomic': 'true',
      'aria-label': 'Announcements',
      class: 'announce',
    });
    this.screenEl = h('div', { class: 'screen' });
    root.append(
      h(
        'header',
        { class: 'panel-head' },
        h('h1', {}, 'Crisis Room'),
        h('p', { class: 'keys-hint' }, 'Keys: 1–9 choose · A–L advisors · M mute · PageUp/PageDown scroll'),
        h('div', { class: 'toolbar' }, this.unsaved, textView, settingsButton),
      ),
      this.status,
      this.screenEl,
    );
    session.onAnnounce((t) => this.announce(t));
    session.subscribe((change) => this.update(change));
    views.registerTitleAction({ label: 'Load scenario file…', run: () => this.teacher.pickScenarioFile(), order: 10 });
    views.registerTitleAction({ label: 'Open replay…', run: () => this.teacher.pickReplayFile(), order: 20 });
    // The canvas twins moved (a new window shape) or the title got an action: draw again, focus stays.
    onViewWidth(() => this.render(false));
    views.subscribe((change) => {
      // Another page of choice cards: the twins move with them (only the room has them).
      if (change === 'choicePage' && this.session.screen === 'room') this.render(false);
      // The title got an action: draw again, focus stays.
      if (change === 'titleActions' && this.session.screen === 'title') this.render(false);
    });
    // The canvas moves with the window (and starts after the first render).
    window.addEventListener('resize', () => requestAnimationFrame(() => this.placeTwins()));
    this.render(false);
  }

  /** Messages said within the same moment, read together (a failed save is not replaced by the outcome said next). */
  private pending: string[] = [];

  /** Put a message in the live region (cleared first so a repeated message is read again). */
  announce(text: string): void {
    this.status.textContent = '';
    clearTimeout(this.announceTimer);
    if (!this.pending.includes(text)) this.pending.push(text);
    this.announceTimer = setTimeout(() => {
      this.status.textContent = this.pending.join(' ');
      this.pending = [];
    }, 50);
  }

  private update(change: string): void {
    const screen = this.session.screen;
    if (change === 'screen') return this.render(true);
    if (change === 'advisor') return this.renderAdvice();
    if (change === 'saving') return this.renderUnsaved();
    if (change === 'timer') return this.renderTimer();
    if (change === 'settings') {
      const timersOff = this.session.settings.get().timersOff;
      if (screen === 'room' && timersOff !== this.timersOff) {
        // The timer appeared or went: redraw without moving focus.
        this.render(false);
      }
      this.timersOff = timersOff;
      return;
    }
    if ((change === 'scenarios' || change === 'notice') && screen === 'title') return this.render(false);
  }

  private renderUnsaved(): void {
    const n = this.session.unsavedWrites;
    this.unsaved.hidden = n === 0;
    this.unsaved.textContent = n > 1 ? `⚠ Not saved (${n} tries)` : '⚠ Not saved';
  }

  private render(moveFocus: boolean): void {
    const s = this.session;
    document.body.dataset.screen = s.screen;
    this.timerEl = undefined;
    this.adviceEl = undefined;
    this.advisorButtons.clear();
    let focus: HTMLElement | undefined;
    const content: HTMLElement[] = [];
    switch (s.screen) {
      case 'loading':
        content.push(h('p', {}, 'Loading…'));
        break;
      case 'title':
        focus = this.title(content);
        break;
      case 'briefing':
        focus = this.briefing(content);
        break;
      case 'room':
        focus = this.room(content);
        break;
      case 'outcome':
        focus = this.outcome(content);
        break;
      case 'debrief':
        focus = this.debrief(content);
        break;
    }
    this.screenEl.replaceChildren(...content);
    this.placeTwins();
    // A new screen starts at the top of the panel; a redraw of the same screen keeps the place.
    // (Writing scrollTop forces a layout: at start-up that cost the title 10-30 ms, twice.)
    if (moveFocus) this.root.scrollTop = 0;
    // preventScroll: in the stacked layout the panel is below the canvas, which must stay in view.
    if (moveFocus && focus) {
      focus.focus({ preventScroll: true });
      // A new screen starts with the canvas in view (the stacked layout scrolls the page).
      window.scrollTo({ top: 0 });
    }
  }

  // ---- title -------------------------------------------------------------------------------

  private title(out: HTMLElement[]): HTMLElement {
    const s = this.session;
    const lead = h(
      'p',
      { class: 'lead', tabindex: -1 },
      'Take the seat at the head of the table during a real crisis. Hear your advisors, decide under pressure, then compare your choices with what really happened.',
    );
    out.push(lead);
    if (s.notice) out.push(this.noticeBox());
    const boxes = titleCards(s.scenarios.length);
    s.scenarios.forEach((entry, i) => out.push(this.card(entry, boxes[i])));
    if (!s.scenarios.length) out.push(h('p', {}, 'No scenario could be loaded. Load a scenario file to play.'));
    const actions = this.views.titleActions();
    const boxesForActions = titleActionButtons(actions.length);
    out.push(
      h(
        'div',
        { class: 'row title-actions' },
        ...actions.map((a, i) => button(a.label, () => a.run(), { class: 'ghost', ...canvasAt(boxesForActions[i]!) })),
      ),
    );
    return lead;
  }

  private noticeBox(): HTMLElement {
    const n = this.session.notice!;
    return h(
      'div',
      { class: `notice ${n.kind}`, role: n.kind === 'error' ? 'alert' : undefined },
      h('p', { class: 'notice-title' }, n.title),
      n.lines.length ? h('ul', {}, ...n.lines.map((l) => h('li', {}, h('code', {}, l)))) : undefined,
    );
  }

  private card(entry: ScenarioEntry, box: Box | undefined): HTMLElement {
    const s = this.session;
    const sc = entry.compiled.scenario;
    const headingId = uid('card');
    const status = s.saveStatus(entry);
    const buttons = box ? titleCardButtons(box) : undefined;
    const row = h(
      'div',
      { class: 'row' },
      button('New game', () => s.newGame(entry), { class: 'primary', ...(buttons ? canvasAt(buttons.newGame) : {}) }),
    );
    if (status === 'ok')
      row.append(button('Continue', () => s.continueGame(entry), buttons ? canvasAt(buttons.cont) : {}));
    // Buttons other layers add to the card (teacher layer: Copy link, Download file, Remove) are drawn on the canvas card too.
    const extras = h('div', { class: 'row card-extras' });
    if (!entry.builtin) extras.append(...this.teacher.cardButtons(sc.id));
    extras.append(...(this.teacher.cardExtras?.(entry) ?? [])); // "Scenario map" (issue 10)
    const card = h(
      'article',
      { class: 'card', 'aria-labelledby': headingId },
      h('h2', { id: headingId }, cardTitle(entry)),
      h('p', { class: 'role' }, sc.role),
      h('p', {}, sc.summary),
      sc.learningGoals?.length ? h('div', {}, ...learningGoals(sc.learningGoals)) : undefined,
      entry.builtin
        ? undefined
        : h(
            'p',
            { class: 'small' },
            entry.copy
              ? `Loaded from ${entry.file}: a copy from outside with the id of the built-in scenario "${sc.id}". Its games are saved apart; the built-in is unchanged.`
              : `Loaded from ${entry.file}`,
          ),
      row,
    );
    if (status === 'damaged') {
      // A damaged save is shown, never thrown on: the player may keep it (Export) or drop it (Remove).
      card.append(
        h('p', { class: 'small' }, 'The saved game of this scenario is damaged, so it cannot be continued.'),
        button('Export damaged save', () =>
          downloadText(`${sc.id}-damaged-save.json`, exportSave(saveIdOf(entry.compiled)) ?? '', 'application/json'),
        ),
        button('Remove damaged save', () => s.discardSave(entry), { class: 'ghost' }),
      );
    }
    if (status === 'changed') {
      card.append(
        h(
          'p',
          { class: 'small' },
          'A saved game exists, but it was made with a different version of this scenario file, so it cannot be restored. Start a new game instead.',
        ),
      );
      extras.append(button('Discard old save', () => s.discardSave(entry), { class: 'ghost' }));
    }
    card.append(extras);
    this.twinExtras(`card:${sc.id}`, extras, box ? titleCardExtras(box) : undefined);
    return card;
  }

  // ---- briefing ----------------------------------------------------------------------------

  private briefing(out: HTMLElement[]): HTMLElement | undefined {
    const run = this.session.run;
    if (!run) return undefined;
    const sc = run.compiled.scenario;
    const heading = h('h2', { tabindex: -1 }, sc.title);
    out.push(
      heading,
      h('p', { class: 'role' }, sc.role),
      h('p', {}, sc.summary),
      ...learningGoals(sc.learningGoals),
      h('h3', {}, 'Your advisors'),
      h(
        'ul',
        { class: 'plain' },
        ...sc.advisors.map((a) =>
          h(
            'li',
            {},
            h('strong', {}, a.name),
            `, ${a.title}${a.stance ? ` (${a.stance})` : ''}`,
            ...(a.note ? [' ', advisorNote(a.note)] : []),
            ...(a.brief ? [' ', h('span', { class: 'small advisor-brief' }, `Brief: ${a.brief}`)] : []),
          ),
        ),
      ),
      h(
        'div',
        { class: 'row' },
        button('Begin', () => this.session.begin(), { class: 'primary', ...canvasAt(BRIEFING_BEGIN) }),
      ),
    );
    return heading;
  }

  // ---- room --------------------------------------------------------------------------------

  private nodeHeader(out: HTMLElement[], node: ScenarioNode): HTMLElement {
    const clock = clockText(node, this.session.run?.compiled.scenario.language);
    const heading = h('h2', { tabindex: -1, class: 'node-title' }, node.title);
    out.push(
      h('div', { role: 'group', 'aria-label': 'Scenario clock', class: 'clock' }, clock || 'Time not stated'),
      heading,
    );
    return heading;
  }

  private room(out: HTMLElement[]): HTMLElement | undefined {
    const s = this.session;
    const run = s.run;
    const node = run?.node;
    if (!run || !node) return undefined;
    const heading = this.nodeHeader(out, node);
    const left = s.timeLeft();
    if (left) {
      this.timerEl = h('div', { role: 'timer', 'aria-label': 'Time left', class: 'timer' });
      out.push(this.timerEl);
      this.renderTimer();
    }
    out.push(h('section', { 'aria-label': 'Situation', class: 'situation' }, ...paragraphs(node.text)));

    const visible = run.visibleChoices();
    const cards = shownChoiceCards(visible.length, !!left, this.views.choicePage);
    const choices = h('div', { role: 'group', 'aria-label': 'Choices', class: 'choices' });
    visible.forEach((c, i) => {
      const detailId = c.detail ? uid('detail') : undefined;
      // Named by its content: the key badge and the detail are aria-hidden, so the name is the label exactly.
      const b = button(
        c.label,
        () => s.choose(c.id),
        { class: 'choice', 'aria-describedby': detailId, 'data-choice': c.id, ...(cards[i] ? canvasAt(cards[i]) : {}) },
        ...(i < 9 ? [h('kbd', { 'aria-hidden': 'true' }, String(i + 1))] : []),
        h('span', {}, c.label),
      );
      // The detail is a description, not part of the name (which must be the label exactly).
      if (c.detail && detailId) b.append(h('span', { class: 'detail', id: detailId, 'aria-hidden': 'true' }, c.detail));
      choices.append(b);
    });
    out.push(h('h3', {}, 'Choices'), choices);

    const advisors = run.compiled.scenario.advisors;
    const seats = advisorSeats(advisors.length);
    const group = h('div', { role: 'group', 'aria-label': 'Advisors', class: 'advisors' });
    advisors.forEach((a, i) => {
      const advises = node.advice?.some((x) => x.advisor === a.id);
      const stanceId = uid('stance');
      const stanceText = [a.stance, advises ? '' : 'no advice here'].filter(Boolean).join(' · ');
      const b = button(
        `${a.name}, ${a.title}`,
        () => s.selectAdvisor(a.id),
        {
          class: 'advisor',
          'aria-label': `${a.name}, ${a.title}`,
          'aria-describedby': stanceId,
          'aria-pressed': s.advisor === a.id ? 'true' : 'false',
          'data-advisor': a.id,
          'data-key': advisorKey(i),
          ...(seats[i] ? canvasAt({ ...seats[i], r: portraitRadius(advisors.length) + 4 }) : {}),
        },
        // Decorations (initials, stance, key) are CSS-generated from data attributes, so the only
        // text in the button is its name; the stance is its description.
        h('span', {
          class: 'portrait',
          'data-initials': initials(a.name),
          style: `background:${advisorColor(advisors, a.id)}`,
        }),
        h(
          'span',
          { class: 'who', 'data-stance': stanceText || undefined },
          h('span', {}, a.name),
          ' ',
          h('span', { class: 'small' }, a.title),
        ),
        h('span', { hidden: true, id: stanceId }, stanceText || 'advisor'),
      );
      b.addEventListener('focus', () => s.selectAdvisor(a.id, true));
      this.advisorButtons.set(a.id, b);
      group.append(b);
    });
    out.push(h('h3', {}, 'Advisors'), group);
    this.adviceEl = h('section', { 'aria-label': 'Advice', class: 'advice' });
    out.push(this.adviceEl);
    this.renderAdvice();

    out.push(this.meters(), this.news(nodeHeadlines(s.run!, node)), this.timeline());
    return heading;
  }

  private renderTimer(): void {
    const left = this.session.timeLeft();
    if (!this.timerEl) {
      if (left && this.session.screen === 'room') this.render(false);
      return;
    }
    if (!left) return;
    const secs = Math.ceil(left.leftMs / 1000);
    this.timerEl.textContent = `${secs} second${secs === 1 ? '' : 's'} left`;
    this.timerEl.classList.toggle('urgent', secs <= 5);
  }

  private renderAdvice(): void {
    const s = this.session;
    const run = s.run;
    const node = run?.node;
    for (const [id, b] of this.advisorButtons) b.setAttribute('aria-pressed', s.advisor === id ? 'true' : 'false');
    if (!this.adviceEl || !run || !node) return;
    const view = adviceView(run, node, s.advisor);
    if (!view) {
      this.adviceEl.replaceChildren(h('p', { class: 'small' }, 'Select an advisor (keys A–L) to hear their advice.'));
      return;
    }
    const { advisor, text, backs, backsAvailable } = view;
    this.adviceEl.replaceChildren(
      h('p', { class: 'speaker' }, `${advisor.name}, ${advisor.title}`),
      ...(advisor.note ? [h('p', { class: 'small advisor-note' }, advisor.note)] : []),
      text !== undefined ? h('blockquote', {}, text) : h('p', {}, `${advisor.name} has no advice here.`),
      ...(backs ? [h('p', { class: 'backs' }, `Backs: ${backs.label}`)] : []),
      ...(backs && !backsAvailable ? [h('p', { class: 'small' }, 'That option is not open to you now.')] : []),
    );
  }

  private meters(): HTMLElement {
    const run = this.session.run!;
    const group = h('div', { role: 'group', 'aria-label': 'Meters', class: 'meters' });
    for (const m of visibleMeters(run.compiled)) {
      const v = run.meters[m.id] ?? m.start;
      const pct = Math.round(((v - m.min) / Math.max(1, m.max - m.min)) * 100);
      const delta = this.session.screen === 'outcome' ? this.session.last?.step.deltas[m.id] : undefined;
      group.append(
        h(
          'div',
          {
            role: 'meter',
            'aria-label': m.label,
            'aria-valuenow': v,
            'aria-valuemin': m.min,
            'aria-valuemax': m.max,
            'aria-valuetext': `${v} of ${m.max}${delta ? `, changed ${signed(delta)}` : ''}`,
            class: 'meter',
            title: m.description,
          },
          h('span', { class: 'meter-label' }, m.label),
          h('span', { class: 'bar' }, h('span', { class: 'fill', style: `width:${pct}%` })),
          h('span', { class: 'meter-value' }, `${v}${delta ? ` (${signed(delta)})` : ''}`),
        ),
      );
    }
    return h('section', { 'aria-label': 'Meter readings', class: 'meter-section' }, h('h3', {}, 'Meters'), group);
  }

  private news(items: { source: string; text: string }[]): HTMLElement {
    return h(
      'section',
      { 'aria-label': 'News', class: 'news' },
      h('h3', {}, 'News'),
      items.length
        ? h('ul', {}, ...items.map((n) => h('li', {}, h('span', { class: 'source' }, n.source), `: ${n.text}`)))
        : h('p', { class: 'small' }, 'No news on the wires.'),
    );
  }

  private timeline(): HTMLElement {
    const run = this.session.run!;
    const nodes = run.compiled.rules.nodes;
    const list = h('ol', { 'aria-label': 'Timeline', class: 'timeline' });
    for (const t of run.trail) list.append(h('li', {}, nodes.get(t.node)?.node.title ?? t.node));
    if (run.node) list.append(h('li', { 'aria-current': 'step' }, `${run.node.title} (now)`));
    return h(
      'section',
      { class: 'timeline-section', 'aria-label': 'Timeline of decisions' },
      h('h3', {}, 'Timeline'),
      list,
    );
  }

  // ---- outcome -----------------------------------------------------------------------------

  private outcome(out: HTMLElement[]): HTMLElement | undefined {
    const s = this.session;
    const run = s.run;
    const last = s.last;
    if (!run || !last) return undefined;
    this.nodeHeader(out, last.node);
    const meters = visibleMeters(run.compiled).filter((m) => last.step.deltas[m.id]);
    const heading = h('h3', { tabindex: -1 }, 'Outcome');
    const cont = button('Continue', () => s.continueAfterOutcome(), { class: 'primary', ...canvasAt(OUTCOME.cont) });
    const headlines = outcomeHeadlines(last.choice, last.step);
    const bound = last.step.bound ? run.compiled.rules.meters.find((m) => m.id === last.step.bound!.meter) : undefined;
    out.push(
      h(
        'section',
        { 'aria-label': 'Outcome', class: 'outcome' },
        heading,
        h(
          'p',
          { class: 'chosen' },
          last.step.timeout ? `Time ran out. ${last.choice.label}` : `You chose: ${last.choice.label}`,
        ),
        ...(last.choice.outcome
          ? paragraphs(last.choice.outcome)
          : headlines.length
            ? []
            : [h('p', { class: 'untold' }, untoldOutcome(meters.length > 0))]),
        ...(headlines.length
          ? [
              h('h4', {}, 'Headlines'),
              h(
                'ul',
                {},
                ...headlines.map((n) => h('li', {}, h('span', { class: 'source' }, n.source), `: ${n.text}`)),
              ),
            ]
          : []),
        h('h4', {}, 'Changes'),
        meters.length
          ? h(
              'ul',
              { class: 'deltas' },
              ...meters.map((m) =>
                h('li', {}, `${m.label}: ${signed(last.step.deltas[m.id]!)} (now ${run.meters[m.id]})`),
              ),
            )
          : h('p', {}, 'No visible meter changed.'),
        ...(bound && !bound.hidden
          ? [h('p', {}, `${bound.label} reached its ${last.step.bound!.bound === 'min' ? 'minimum' : 'maximum'}.`)]
          : []),
        cont,
      ),
      this.meters(),
      this.timeline(),
    );
    // The live region reads the outcome; focus waits on Continue so Enter goes on.
    return cont;
  }

  // ---- debrief -----------------------------------------------------------------------------

  private debrief(out: HTMLElement[]): HTMLElement | undefined {
    const s = this.session;
    const run = s.run;
    const ending = run?.ending;
    if (!run || !ending) return undefined;
    const sc = run.compiled.scenario;
    const sourceList = (ids: string[] | undefined) =>
      ids?.length
        ? h(
            'ul',
            { class: 'sources' },
            ...sourceViews(run, ids).map((src) =>
              h('li', {}, safeLink(src.url, src.title), src.meta ? ` — ${src.meta}` : ''),
            ),
          )
        : undefined;
    const heading = h('h2', { tabindex: -1 }, 'Debrief');
    out.push(
      heading,
      h('h3', {}, ending.title),
      h('p', { class: `tone tone-${ending.tone}` }, `Tone: ${ending.tone}`),
      ...paragraphs(ending.text),
    );
    if (ending.history)
      out.push(
        h(
          'div',
          { class: 'history' },
          h('h4', {}, 'What really happened'),
          ...paragraphs(ending.history.text),
          sourceList(ending.history.sources) ?? h('span'),
        ),
      );
    out.push(...learningGoals(sc.learningGoals));

    // Chart and the same numbers as a table.
    const series = meterSeries(run);
    const table = h(
      'table',
      { class: 'chart-table' },
      h('caption', {}, 'Meter values at the start and after each decision (hidden meters marked)'),
    );
    const headRow = h(
      'tr',
      {},
      h('th', { scope: 'col' }, 'Meter'),
      h('th', { scope: 'col' }, 'Start'),
      ...run.trail.map((_, i) => h('th', { scope: 'col' }, String(i + 1))),
    );
    table.append(h('thead', {}, headRow));
    const body = h('tbody');
    series.forEach((m, k) =>
      body.append(
        h(
          'tr',
          {},
          h(
            'th',
            { scope: 'row' },
            h('span', {
              class: 'swatch',
              'aria-hidden': 'true',
              style: `background:${SERIES_COLORS[k % SERIES_COLORS.length]}`,
            }),
            m.hidden ? `${m.label} (hidden)` : m.label,
          ),
          ...m.values.map((v) => h('td', {}, String(v))),
        ),
      ),
    );
    table.append(body);
    out.push(
      h(
        'section',
        { 'aria-label': 'Meters chart', class: 'chart-section' },
        h('h3', {}, 'Meters over the run'),
        meterChartSvg(series),
        h(
          'div',
          { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Meter values by decision' },
          table,
        ),
      ),
    );

    // Decisions beside history.
    const list = h('ol', { 'aria-label': 'Your decisions', class: 'decisions' });
    for (const row of decisionRows(run)) {
      const node = row.node;
      list.append(
        h(
          'li',
          { class: row.same ? 'match' : '' },
          h('h4', {}, row.title),
          h('p', {}, `Your choice: ${row.mine}${row.timeout ? ' (time ran out)' : ''}`),
          h('p', {}, `Historical choice: ${row.historical ?? 'not recorded'}${row.same ? ' (the same as yours)' : ''}`),
          ...(row.chance
            ? [
                h(
                  'p',
                  { class: 'chance' },
                  `Chance took you to: ${row.chance.went}. In history: ${row.chance.history}${row.chance.went === row.chance.history ? ' (the same)' : ''}`,
                ),
              ]
            : []),
          ...(node?.history ? paragraphs(node.history.text) : []),
          sourceList(node?.history?.sources) ?? h('span'),
        ),
      );
    }
    out.push(h('h3', {}, 'Your decisions'), list);
    out.push(
      h(
        'div',
        { class: 'row' },
        button('Play again', () => s.playAgain(), { class: 'primary', ...canvasAt(DEBRIEF_BUTTONS.playAgain) }),
        button('Main menu', () => s.mainMenu(), canvasAt(DEBRIEF_BUTTONS.mainMenu)),
        button('Export decision path', () => this.exportPath(), canvasAt(DEBRIEF_BUTTONS.exportPath)),
      ),
    );
    // Teacher layer (both paths of a branch, replay viewer) and whatever else adds to the debrief.
    const extras = h('div', { class: 'debrief-extras' }, ...this.teacher.debriefExtras(run));
    out.push(extras);
    const twin = () => this.twinExtras('debrief', extras, debriefExtras(extras.querySelectorAll('button').length));
    twin();
    // A button that changed its label (the name on a hand-in) is drawn again with the new one.
    extras.addEventListener(RELABELLED, twin);
    return heading;
  }

  /**
   * The buttons other layers put in `container` get canvas twins in a row in `area` (the scenes
   * draw them from the view state, view-state.ts); pressing the drawn one presses the real one.
   */
  private twinExtras(place: string, container: HTMLElement, area: Box | undefined): void {
    const buttons = [...container.querySelectorAll('button')];
    const boxes = area ? buttonRow(area, buttons.length) : [];
    buttons.forEach((b, i) => {
      const at = boxes[i] ? canvasAt(boxes[i]) : {};
      for (const [k, v] of Object.entries(at)) b.setAttribute(k, String(v));
    });
    this.views.setCanvasExtras(
      place,
      buttons.map((b) => ({ label: (b.textContent ?? '').trim(), press: () => b.click() })),
    );
  }

  /**
   * In the picture view the mirror is invisible, and each button with a canvas twin lies exactly
   * over its twin: a click on the picture is a click on the real button (for the mouse, and for
   * tests that click buttons by role and name). Positions in CSS pixels, from the canvas's box.
   */
  placeTwins(): void {
    const canvas = document.querySelector<HTMLCanvasElement>('#game canvas');
    const r = canvas?.getBoundingClientRect();
    const k = r && r.width > 0 ? r.width / WIDTH : 0;
    for (const el of this.root.querySelectorAll<HTMLElement>('[data-canvas-x]')) {
      if (!r || !k) continue;
      const w = Number(el.dataset.canvasW ?? 60);
      const hgt = Number(el.dataset.canvasH ?? 60);
      el.style.setProperty('--twin-x', `${r.left + (Number(el.dataset.canvasX) - w / 2) * k}px`);
      el.style.setProperty('--twin-y', `${r.top + (Number(el.dataset.canvasY) - hgt / 2) * k}px`);
      el.style.setProperty('--twin-w', `${w * k}px`);
      el.style.setProperty('--twin-h', `${hgt * k}px`);
    }
  }

  /** Download the run as a replay file. */
  exportPath(): void {
    const file = this.session.replayJson();
    if (!file) return;
    downloadText(file.name, file.json);
    this.session.announce(`Decision path saved as ${file.name}.`);
  }
}
