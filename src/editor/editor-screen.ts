/**
 * The scenario editor: a screen named "Scenario editor" over the game, with a CodeMirror 6 editor
 * ("Scenario source"; YAML, or JSON for .json names), the same full check as the CLI running in
 * the check worker as the teacher types (debounced; problems underlined and listed in "Problems"),
 * completion and hover help from the JSON Schema, "Play", "Play from here" (a test run from the
 * node under the cursor), "Scenario map", and a draft kept in IndexedDB on every change.
 * Loaded lazily (import()) so CodeMirror stays off the game's start-up path.
 */
import { openDownloadDialog } from '../offline/download-dialog.ts';
import { minimalSetup } from 'codemirror';
import { EditorView, hoverTooltip, keymap, lineNumbers, highlightActiveLine } from '@codemirror/view';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { redo, undo } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { json } from '@codemirror/lang-json';
import { setDiagnostics, lintGutter, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import {
  autocompletion,
  completionKeymap,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { checkScenarioText } from '../analysis/check.ts';
import { compileScenario, type CompiledScenario } from '../engine/machine.ts';
import type { Diagnostic } from '../scenario/diagnostics.ts';
import { isJsonName } from '../scenario/source.ts';
import { FORMAT_REFERENCE } from '../scenario/schema.ts';
import { validateScenarioText } from '../scenario/validate.ts';
import { renderScenarioMap } from '../scenario-map/view.ts';
import { startFullCheck, type FullCheck, type WorkerFactory } from '../teacher/full-check.ts';
import type { LoadOutcome } from '../teacher/desk.ts';
import { openDialog } from '../ui/dialog.ts';
import { copyLink } from '../teacher/share-dialog.ts';
import { countSummary, progressText } from '../teacher/intake.ts';
import { button, downloadText, h, uid } from '../ui/dom.ts';
import { BUILTIN_TEXTS, TEMPLATE } from './builtin-texts.ts';
import { DraftConflict, DraftUnreadable, openDraftStore, type Draft, type DraftStore } from './drafts.ts';
import {
  MemoryVersionStore,
  currentDraftId,
  freshDraftId,
  newDraftId,
  openVersionStore,
  setCurrentDraftId,
  type DraftSummary,
  type VersionStore,
} from './draft-versions.ts';
import { openHelpDoc } from './help-docs.ts';
import { EDITOR_LINE_LIMIT, longestLine, splitLongLines } from './long-lines.ts';
import { COMPLETION_TYPING, typingExtensions } from './typing.ts';
import { entryAt, hoverAt, suggestionsAt, type SourceFormat } from './schema-help.ts';
import { diffText } from '../story-edit/text-edit.ts';
import { askQuickStart } from './visual/quick-start-dialog.ts';
import { VisualEditor } from './visual/visual-editor.ts';
// The dialogs' look (the map, the format reference, Share link), also when the teacher desk has not loaded yet.
import '../teacher/teacher.css';
import './editor.css';

/** A scenario the teacher can start from (built-in or from the library). */
export interface StartingPoint {
  title: string;
  fileName: string;
  text: string;
}

/** What the editor needs from the game. */
export interface EditorHost {
  /** The teacher's library scenarios, to start from a copy (the built-in ones are added here). */
  libraryScenarios(): StartingPoint[];
  /** Start a test run of a compiled scenario: from its start, or at the node `startAt`. */
  play(compiled: CompiledScenario, startAt?: string): void;
  /** Leave a test run for the title screen. */
  leaveGame(): void;
  /** "Save to library", with the library's Replace flow; says what became of it. */
  saveToLibrary(text: string, fileName: string): Promise<LoadOutcome | undefined>;
  /** Say something in the page's live region. */
  announce(text: string): void;
  /** The check worker (tests may stand in for it). */
  createWorker?: WorkerFactory;
}

/** Wait this long after the last keystroke before checking (typing never waits for a check). */
export const CHECK_DEBOUNCE_MS = 400;

const BLANK = `format: crisis-room/1
id: my-scenario
title: My scenario
version: 1.0.0
language: en
role: You are …
summary: One paragraph for the scenario card.
meters:
  - { id: order, label: Public order, start: 50 }
advisors:
  - { id: adviser, name: The adviser, title: Chief of staff }
start: first
nodes:
  - id: first
    title: The first decision
    text: What is happening.
    advice:
      - { advisor: adviser, text: What I would do. }
    choices:
      - { id: act, label: Act, effects: { order: 10 }, next: the-end }
endings:
  - { id: the-end, title: The end, tone: good, text: What became of it. }
`;

/** Offset of a 1-based line and column in the editor's document (clamped into the text). */
function offsetOf(state: EditorState, line: number, col: number): number {
  const l = state.doc.line(Math.max(1, Math.min(line, state.doc.lines)));
  return Math.min(l.to, l.from + Math.max(0, col - 1));
}

/** A diagnostic as a CodeMirror underline: from its position to the end of the word there. */
function toCm(state: EditorState, d: Diagnostic): CmDiagnostic {
  const from = offsetOf(state, d.line, d.col);
  const line = state.doc.lineAt(from);
  const rest = line.text.slice(from - line.from);
  const word = /^[^\s,}\]]+/.exec(rest)?.[0].length ?? 0;
  let to = from + Math.max(1, word);
  if (to > line.to) to = line.to;
  const start = from === to && from > line.from ? from - 1 : from;
  return { from: start, to: Math.max(to, start), severity: d.severity, message: `${d.message} [${d.rule}]` };
}

/** The BroadcastChannel on which editors in other tabs say they saved the draft. */
const DRAFT_CHANNEL = 'crisis-room-draft';

/** The open editor (one per page). */
/** Rows the Problems list shows; past them one row says how many more there are. */
export const MAX_LISTED_PROBLEMS = 200;
/** Problems underlined in the text (CodeMirror draws a mark and a gutter marker for each). */
const MAX_UNDERLINED_PROBLEMS = 1000;

export class ScenarioEditor {
  readonly element: HTMLElement;
  private view!: EditorView;
  private readonly language = new Compartment();
  private fileInput!: HTMLInputElement;
  private fileName = 'my-scenario.yaml';
  /** Which draft is being edited (its versions are kept under this id, draft-versions.ts). */
  private draftId = currentDraftId();
  private problemsList!: HTMLElement;
  private summary!: HTMLElement;
  private progress!: HTMLElement;
  private progressFill!: HTMLElement;
  private message!: HTMLElement;
  private savedNote!: HTMLElement;
  private startPanel!: HTMLElement;
  private banner: HTMLElement | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: FullCheck | undefined;
  /** The diagnostics of the last finished check and the text they are for. */
  private checked: { text: string; diagnostics: Diagnostic[] } | undefined;
  private checkDone: Promise<void> = Promise.resolve();
  private resolveCheck: (() => void) | undefined;
  private storeWarning: string | undefined;
  /** The text as this tab last saved it (or read it): what another tab's newer save may replace without asking. */
  private synced: string | undefined;
  /** Tells the page's other tabs that this one saved the draft. */
  private channel: BroadcastChannel | undefined;
  /** The open "changed in another tab" question, while it is open. */
  private conflict: ReturnType<typeof openDialog> | undefined;
  /** What had the focus before the editor opened. */
  private opener: HTMLElement | undefined;
  /** The Map view (issue 22): the same draft as a story map and forms. */
  private visual!: VisualEditor;
  private modeButtons: HTMLButtonElement[] = [];

  constructor(
    private readonly doc: Document,
    private readonly host: EditorHost,
    private readonly store: DraftStore,
    private readonly versions: VersionStore = new MemoryVersionStore(),
  ) {
    this.element = this.build();
    // Coming back to this tab (or into its editor): show a newer draft another tab saved, when
    // nothing was typed here since (otherwise the next save asks which to keep).
    const catchUp = () => void this.catchUp();
    this.element.addEventListener('focusin', catchUp);
    doc.defaultView?.addEventListener('focus', catchUp);
    doc.addEventListener('visibilitychange', () => {
      if (doc.visibilityState === 'visible') catchUp();
    });
    // Another tab saying it saved the draft: catch up at once (BroadcastChannel where the browser has it).
    const Channel = doc.defaultView?.BroadcastChannel;
    if (Channel) {
      this.channel = new Channel(DRAFT_CHANNEL);
      this.channel.onmessage = catchUp;
    }
  }

  /** Show the editor (over the game), with focus in the text where the cursor was. */
  show(): void {
    const active = this.doc.activeElement;
    if (active instanceof HTMLElement && !this.element.contains(active)) this.opener = active;
    this.banner?.remove();
    this.banner = undefined;
    this.setTestRunning(false);
    this.doc.getElementById('app')?.setAttribute('inert', '');
    this.element.hidden = false;
    this.doc.body.classList.add('cr-editing');
    this.refocus();
  }

  /**
   * Focus the text with the cursor where it was: focusing can make the browser report a selection
   * at the start of the text (after a dialog or the game had the focus), so the editor's own is put back.
   */
  private refocus(): void {
    const selection = this.view.state.selection;
    this.view.focus();
    // At once too: the browser's own caret (at the start of the text, when the focus comes back
    // from a dialog) can be read in before the timeout runs, and a key typed then lands there.
    this.view.dispatch({ selection, scrollIntoView: true });
    setTimeout(() => {
      if (!this.view.state.selection.eq(selection)) this.view.dispatch({ selection, scrollIntoView: true });
    }, 0);
  }

  /** Hide the editor (the game shows again). */
  hide(): void {
    this.element.hidden = true;
    this.doc.body.classList.remove('cr-editing');
    this.doc.getElementById('app')?.removeAttribute('inert');
    // Back where the teacher came from ("Write a scenario"), when it is still on the page.
    if (this.opener?.isConnected) this.opener.focus({ preventScroll: true });
  }

  /** The text being edited. */
  get text(): string {
    return this.view.state.doc.toString();
  }

  private build(): HTMLElement {
    const headingId = uid('editor-title');
    this.fileInput = h('input', {
      type: 'text',
      value: this.fileName,
      spellcheck: 'false',
      class: 'cr-editor-filename',
      'aria-label': 'File name',
    });
    this.fileInput.addEventListener('change', () => this.rename(this.fileInput.value.trim() || 'my-scenario.yaml'));
    this.summary = h('p', { class: 'cr-editor-summary', role: 'status' }, 'Not checked yet.');
    this.progressFill = h('span', { class: 'cr-progress-fill', 'aria-hidden': 'true' });
    this.progress = h(
      'div',
      { role: 'progressbar', 'aria-label': 'Checking the scenario', class: 'cr-progress', hidden: true },
      h('span', { class: 'cr-progress-track', 'aria-hidden': 'true' }, this.progressFill),
    );
    this.problemsList = h('ul', { class: 'cr-editor-problems', 'aria-label': 'Problems' });
    this.message = h('p', { class: 'cr-editor-message', role: 'alert' });
    this.savedNote = h('span', { class: 'cr-note' }, '');
    this.startPanel = this.buildStartPanel();
    const editorBox = h('div', { class: 'cr-editor-text' });
    this.view = new EditorView({
      parent: editorBox,
      state: this.newState('', 0),
    });
    this.visual = this.buildVisual(editorBox);

    const toolbar = h(
      'div',
      { class: 'cr-editor-toolbar', role: 'toolbar', 'aria-label': 'Scenario' },
      button('Play', () => void this.play()),
      button('Play from here', () => void this.play(true), {
        'aria-description': 'A test run from the node under the cursor: meters at their start values, no flags set',
      }),
      button('Scenario map', () => this.showMap()),
      button('Save to library', () => void this.saveToLibrary()),
      button('Download', () => this.download()),
      button(
        'Download as one file',
        () =>
          openDownloadDialog(
            this.doc,
            { title: this.fileName, fileName: this.fileName, text: this.text },
            this.host.libraryScenarios(),
          ),
        { 'aria-haspopup': 'dialog' },
      ),
      button('Copy link', () => void this.copyLink()),
      button('New…', () => this.toggleStart(true)),
      ...this.modeButtons,
      button('Undo', () => undo(this.view), { 'aria-keyshortcuts': 'Control+Z' }),
      button('Redo', () => redo(this.view), { 'aria-keyshortcuts': 'Control+Shift+Z' }),
    );
    const help = h(
      'details',
      { class: 'cr-editor-help' },
      h('summary', {}, 'Help'),
      h(
        'p',
        {},
        'Type in the scenario source; every change is saved in this browser at once and checked as you pause. Press Ctrl+Space for suggestions (keys, values and the ids of this file); hover a key to see what it is. Click a problem to jump to it.',
      ),
      h(
        'p',
        {},
        'Quote any text that has a colon and a space in it (title: "Suez: the crisis") and every meter test (order: ">= 40"). Keys of one map start in the same column; list items start with "- ".',
      ),
      h(
        'p',
        {},
        `Every key, with an example, is in the format reference (${FORMAT_REFERENCE}); the authoring guide walks you through a first scenario; the checker rules explain each [rule] in Problems.`,
      ),
      h(
        'p',
        { class: 'cr-editor-help-docs' },
        button('Scenario format reference', () => void openHelpDoc(this.doc, 'scenario-format.md')),
        button('Authoring guide', () => void openHelpDoc(this.doc, 'authoring.md')),
        button('Checker rules', () => void openHelpDoc(this.doc, 'checker-rules.md')),
      ),
    );
    const section = h(
      'section',
      { class: 'cr-editor', 'aria-labelledby': headingId, hidden: true },
      h(
        'header',
        { class: 'cr-editor-head' },
        h('h2', { id: headingId }, 'Scenario editor'),
        this.fileInput,
        this.savedNote,
        button('Back to the game', () => this.hide(), { class: 'ghost' }),
      ),
      toolbar,
      this.message,
      this.startPanel,
      h(
        'div',
        { class: 'cr-editor-body' },
        editorBox,
        this.visual.element,
        h(
          'div',
          { class: 'cr-editor-side' },
          h('h3', {}, 'Problems'),
          this.summary,
          this.progress,
          this.problemsList,
          help,
        ),
      ),
    );
    section.setAttribute('role', 'region');
    // Keys typed here belong to the editor, not to the game underneath (M mutes, 1–9 choose).
    section.addEventListener('keydown', (ev) => ev.stopPropagation());
    return section;
  }

  private buildStartPanel(): HTMLElement {
    const select = h('select', { 'aria-label': 'Scenario to copy' });
    const refill = () => {
      select.replaceChildren(
        ...this.startingPoints().map((p, i) => h('option', { value: String(i) }, `${p.title} (${p.fileName})`)),
      );
    };
    const pick = h('input', { type: 'file', accept: '.yaml,.yml,.json', hidden: true, 'aria-label': 'Scenario file' });
    pick.addEventListener('change', () => {
      const f = pick.files?.[0];
      if (f) void f.text().then((t) => this.startFrom({ title: f.name, fileName: f.name, text: t }));
      pick.value = '';
    });
    const panel = h(
      'div',
      { class: 'cr-editor-start', role: 'group', 'aria-label': 'Start from', hidden: true },
      h('p', {}, 'Start from:'),
      button('New scenario', () => void this.quickStart()),
      button('Blank scenario', () => this.startFrom({ title: 'Blank', fileName: 'my-scenario.yaml', text: BLANK })),
      button('Harbour Strike template', () => this.startFrom(TEMPLATE)),
      select,
      button('Copy this scenario', () => {
        const p = this.startingPoints()[Number(select.value)];
        if (p) this.startFrom({ ...p, fileName: p.fileName.replace(/(\.[a-z]+)$/i, '-copy$1') });
      }),
      button('Open a file…', () => pick.click()),
      button(
        'Recent drafts',
        () => {
          this.toggleStart(false);
          void this.showRecentDrafts();
        },
        { 'aria-haspopup': 'dialog' },
      ),
      pick,
      button('Cancel', () => this.toggleStart(false), { class: 'ghost' }),
    );
    this.refillStart = refill;
    return panel;
  }

  private refillStart: () => void = () => {};

  private startingPoints(): StartingPoint[] {
    return [...this.host.libraryScenarios(), ...BUILTIN_TEXTS];
  }

  private toggleStart(open: boolean): void {
    if (open) this.refillStart();
    this.startPanel.hidden = !open;
    if (open) this.startPanel.querySelector('button')?.focus();
  }

  private newState(text: string, cursor: number): EditorState {
    const extensions: Extension[] = [
      minimalSetup,
      lineNumbers(),
      highlightActiveLine(),
      lintGutter(),
      this.language.of(isJsonName(this.fileName) ? json() : yaml()),
      autocompletion({ override: [(ctx) => this.complete(ctx)], ...COMPLETION_TYPING }),
      keymap.of(completionKeymap),
      typingExtensions(),
      hoverTooltip((view, pos) => {
        const help = hoverAt(view.state.doc.toString(), pos, this.format());
        if (!help) return null;
        return {
          pos: help.from,
          end: help.to,
          above: true,
          create: () => ({ dom: h('div', { class: 'cr-editor-hover' }, help.text) }),
        };
      }),
      EditorView.contentAttributes.of({ 'aria-label': 'Scenario source' }),
      EditorView.lineWrapping,
      EditorView.updateListener.of((u) => {
        if (u.docChanged) this.changed();
        else if (u.selectionSet) void this.saveDraft();
      }),
    ];
    return EditorState.create({ doc: text, selection: { anchor: Math.min(cursor, text.length) }, extensions });
  }

  /** How the draft is written: JSON for a .json file name, else YAML. */
  private format(): SourceFormat {
    return isJsonName(this.fileName) ? 'json' : 'yaml';
  }

  private complete(ctx: CompletionContext): CompletionResult | null {
    const s = suggestionsAt(ctx.state.doc.toString(), ctx.pos, this.format());
    if (!s) return null;
    // Unasked, the list opens once a word is begun, or after a space (YAML) or an opening quote (JSON).
    if (!ctx.explicit && s.from === ctx.pos && !/[ "]/.test(ctx.state.sliceDoc(ctx.pos - 1, ctx.pos))) return null;
    return {
      from: s.from,
      options: s.options.map((o) => ({
        label: o.label,
        apply: o.apply,
        type: o.kind === 'key' ? 'property' : o.kind === 'id' ? 'variable' : 'enum',
        detail: o.detail,
      })),
      validFor: /^[\w./-]*$/,
    };
  }

  /** Replace the whole draft (a new start), keeping it as a draft at once. */
  load(text: string, fileName: string, cursor = 0): void {
    // A line too long for the editor (issue 23, case 5): laid out again when it is JSON, else not opened.
    const long = longestLine(text);
    if (long > EDITOR_LINE_LIMIT) {
      const split = splitLongLines(text);
      if (split === undefined) return this.tellTooLong(text, fileName, long);
      text = split;
      cursor = 0;
      const note = `"${fileName}" had a line of ${long.toLocaleString('en')} characters, too long to edit: it is laid out one item per line (the same data).`;
      queueMicrotask(() => {
        this.savedNote.textContent = note;
        this.host.announce(note);
      });
    }
    this.fileName = fileName;
    this.fileInput.value = fileName;
    // A new editor state: a fresh undo history, so Undo never walks back into the last draft.
    this.view.setState(this.newState(text, cursor));
    this.visual.reset();
    this.checked = undefined;
    this.changed();
  }

  /** Start a new draft from `p`, once the teacher agrees to set the current one aside (it stays in Recent drafts). */
  private startFrom(p: StartingPoint): void {
    this.toggleStart(false);
    const start = () => {
      this.switchTo(newDraftId(), p.text, p.fileName);
      this.host.announce(`Editing a new draft from ${p.title}.`);
    };
    if (!this.text.trim()) return start();
    openDialog(this.doc, 'Replace this draft?', (body, close) => {
      const replace = button('Replace', () => {
        close();
        start();
      });
      body.append(
        h(
          'p',
          {},
          `The editor will show a new draft from ${p.title}. Your draft "${this.fileName}" is kept: open it again from "Recent drafts".`,
        ),
        h(
          'div',
          { class: 'cr-dialog-buttons' },
          replace,
          button('Cancel', () => close()),
        ),
      );
      queueMicrotask(() => replace.focus());
    });
  }

  /** Keep the current draft as a version, then edit draft `id` with `text` (its versions kept from now). */
  private switchTo(id: string, text: string, fileName: string): void {
    void this.keepVersion(true);
    this.draftId = id;
    setCurrentDraftId(id);
    this.load(text, fileName);
    void this.keepVersion(true);
    this.view.focus();
  }

  /** Keep the text as a version of the current draft (`force`: a new version even right after one). */
  private keepVersion(force = false): Promise<void> {
    // Nothing written is nothing to keep (the empty editor of a first visit).
    if (!this.text.trim()) return Promise.resolve();
    return this.versions
      .record({ draftId: this.draftId, fileName: this.fileName, text: this.text, savedAt: Date.now() }, force)
      .catch(() => undefined);
  }

  /** "Recent drafts": every draft kept in this browser, to open again, and each draft's last versions to restore. */
  private async showRecentDrafts(): Promise<void> {
    await this.keepVersion();
    const drafts = await this.versions.drafts();
    const when = (ms: number) => new Date(ms).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'medium' });
    const titleOf = (text: string) => /^title:\s*"?([^"\n]*)"?/m.exec(text)?.[1]?.trim() || 'untitled';
    const dialog = openDialog(
      this.doc,
      'Recent drafts',
      (body, close) => {
        const list = h('ol', { class: 'cr-recent-drafts', 'aria-label': 'Drafts' });
        const showVersions = async (d: DraftSummary) => {
          const versions = await this.versions.versions(d.draftId);
          list.replaceChildren(
            ...versions.map((v, i) =>
              h(
                'li',
                {},
                h(
                  'span',
                  {},
                  `${i === 0 ? 'Newest: ' : ''}${when(v.savedAt)} — ${v.fileName}, ${v.text.split('\n').length} lines`,
                ),
                ' ',
                button(`Restore version ${i + 1}`, () => {
                  close();
                  this.switchTo(d.draftId, v.text, v.fileName);
                  this.host.announce(`Restored the version of ${when(v.savedAt)}.`);
                }),
              ),
            ),
          );
          list.setAttribute('aria-label', `Versions of "${titleOf(d.text)}"`);
          heading.textContent = `The last ${versions.length} version${versions.length === 1 ? '' : 's'} of "${titleOf(d.text)}" (${d.fileName}), the newest first:`;
        };
        const heading = h(
          'p',
          {},
          drafts.length ? 'The drafts kept in this browser, the newest first:' : 'No drafts yet.',
        );
        list.replaceChildren(
          ...drafts.map((d) =>
            h(
              'li',
              {},
              h('strong', {}, titleOf(d.text)),
              ` (${d.fileName}) — ${when(d.savedAt)}${d.draftId === this.draftId ? ' — editing now' : ''} `,
              button(`Open ${d.fileName}`, () => {
                close();
                this.switchTo(d.draftId, d.text, d.fileName);
                this.host.announce(`Editing the draft ${d.fileName} again.`);
              }),
              ' ',
              button(`Versions (${d.versions})`, () => void showVersions(d)),
            ),
          ),
        );
        body.append(
          heading,
          list,
          h(
            'div',
            { class: 'cr-dialog-buttons' },
            button('Close', () => close()),
          ),
        );
      },
      { className: 'cr-recent-drafts-dialog' },
    );
    void dialog.closed.then(() => {
      if (!this.element.hidden) this.refocus();
    });
  }

  private rename(name: string): void {
    this.fileName = name;
    this.view.dispatch({ effects: this.language.reconfigure(isJsonName(name) ? json() : yaml()) });
    this.changed();
  }

  private changed(): void {
    this.visual.textChanged();
    void this.saveDraft();
    this.message.textContent = '';
    delete this.message.dataset.tone;
    this.running?.cancel();
    this.running = undefined;
    if (!this.resolveCheck) this.checkDone = new Promise((r) => (this.resolveCheck = r));
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.check(), CHECK_DEBOUNCE_MS);
  }

  private async saveDraft(): Promise<void> {
    if (this.conflict) return;
    const draft = this.currentDraft();
    try {
      await this.store.save(draft);
      this.synced = draft.text;
      this.channel?.postMessage('saved');
      this.savedNote.textContent = this.store.persistent ? 'Draft saved in this browser' : (this.storeWarning ?? '');
    } catch (e) {
      // Nothing typed here since this tab last saved: the other tab's newer text simply replaces it.
      if (e instanceof DraftConflict && this.text === this.synced) void this.resolveConflict(e.theirs, 'theirs');
      else if (e instanceof DraftConflict) this.askConflict(e.theirs);
      else
        this.savedNote.textContent = `The draft could not be saved: ${(e as Error).message}. Download it to keep it.`;
    }
  }

  private async catchUp(): Promise<void> {
    if (this.element.hidden || this.conflict || this.synced === undefined || this.text !== this.synced) return;
    const newer = await this.store.newer().catch(() => undefined);
    if (!newer || this.text !== this.synced || this.conflict) return;
    // Only the cursor moved in the other tab: take its revision, keep this tab as it is.
    if (newer.text === this.text && newer.fileName === this.fileName) this.store.adopt(newer);
    else await this.resolveConflict(newer, 'theirs');
  }

  private currentDraft(): Draft {
    return {
      text: this.text,
      fileName: this.fileName,
      cursor: this.view.state.selection.main.head,
      savedAt: Date.now(),
    };
  }

  /**
   * Another tab saved this draft since this tab read it (issue 23, case 3): nothing is saved here
   * until the teacher picks which text to keep; the other one is kept as a version in Recent drafts.
   */
  private askConflict(theirs: Draft): void {
    if (this.conflict) return;
    this.savedNote.textContent = 'Not saved: this draft was changed in another tab.';
    const when = new Date(theirs.savedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const lines = (t: string) => t.split('\n').length;
    this.conflict = openDialog(this.doc, 'This draft was changed in another tab', (body, close) => {
      const keepMine = button('Keep this tab’s version', () => {
        close();
        void this.resolveConflict(theirs, 'mine');
      });
      body.append(
        h(
          'p',
          {},
          `Another tab of Crisis Room saved this draft at ${when} ("${theirs.fileName}", ${lines(theirs.text)} lines). This tab has "${this.fileName}", ${lines(this.text)} lines. Which one should the draft be? The other one is kept in "Recent drafts", so nothing is lost.`,
        ),
        h(
          'div',
          { class: 'cr-dialog-buttons' },
          keepMine,
          button('Use the other tab’s version', () => {
            close();
            void this.resolveConflict(theirs, 'theirs');
          }),
        ),
      );
      queueMicrotask(() => keepMine.focus());
    });
    // Escape keeps this tab's text on screen, still unsaved; the next change asks again.
    void this.conflict.closed.then(() => {
      this.conflict = undefined;
    });
  }

  private async resolveConflict(theirs: Draft, keep: 'mine' | 'theirs'): Promise<void> {
    const set = keep === 'mine' ? theirs : this.currentDraft();
    const typedHere = set.text !== this.synced;
    // The text set aside becomes a draft of its own in Recent drafts (never merged into a later version).
    if (keep === 'mine' || typedHere)
      await this.versions
        .record({ draftId: freshDraftId(), fileName: set.fileName, text: set.text, savedAt: Date.now() }, true)
        .catch(() => undefined);
    if (keep === 'theirs') {
      // The other tab's draft is already stored: show it, and take its revision (no write, so no echo).
      this.fileName = theirs.fileName;
      this.fileInput.value = theirs.fileName;
      this.view.setState(this.newState(theirs.text, Math.min(theirs.cursor, theirs.text.length)));
      this.checked = undefined;
      this.visual.textChanged();
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.check(), CHECK_DEBOUNCE_MS);
      this.store.adopt(theirs);
      this.synced = theirs.text;
      this.savedNote.textContent = typedHere
        ? 'Showing the other tab’s version (this tab’s is in Recent drafts)'
        : 'Showing the newer version saved in another tab';
    } else
      try {
        const draft = this.currentDraft();
        await this.store.overwrite(draft);
        this.synced = draft.text;
        this.channel?.postMessage('saved');
        this.savedNote.textContent = 'Draft saved in this browser (the other tab’s version is in Recent drafts)';
      } catch (e) {
        this.savedNote.textContent = `The draft could not be saved: ${(e as Error).message}. Download it to keep it.`;
      }
    this.host.announce(this.savedNote.textContent);
  }

  /** Run the full check on the current text in the worker; the progress bar shows while it explores. */
  private check(): void {
    this.timer = undefined;
    // A pause in typing: a version of the draft (at most one per VERSION_GAP_MS, draft-versions.ts).
    void this.keepVersion();
    const text = this.text;
    this.summary.textContent = 'Checking…';
    let shown = false;
    const reveal = setTimeout(() => {
      shown = true;
      this.progress.hidden = false;
    }, 250);
    const run = startFullCheck(text, this.fileName, {
      onProgress: (states, limit) => {
        const label = progressText(states);
        this.progress.setAttribute('aria-valuemin', '0');
        this.progress.setAttribute('aria-valuemax', String(limit));
        this.progress.setAttribute('aria-valuenow', String(Math.min(states, limit)));
        this.progress.setAttribute('aria-valuetext', label);
        this.progressFill.style.width = `${Math.min(100, (100 * states) / Math.max(1, limit))}%`;
        if (shown) this.summary.textContent = label;
      },
      ...(this.host.createWorker ? { createWorker: this.host.createWorker } : {}),
    });
    this.running = run;
    void run.result.then(
      (outcome) => {
        clearTimeout(reveal);
        if (this.running !== run) return;
        this.running = undefined;
        this.progress.hidden = true;
        if (outcome.status !== 'done') return;
        this.showProblems(text, outcome.diagnostics);
      },
      (e: unknown) => {
        clearTimeout(reveal);
        if (this.running !== run) return;
        this.running = undefined;
        this.progress.hidden = true;
        this.summary.textContent = `The check failed: ${e instanceof Error ? e.message : String(e)}`;
        this.finishCheck();
      },
    );
  }

  private finishCheck(): void {
    const r = this.resolveCheck;
    this.resolveCheck = undefined;
    r?.();
  }

  private showProblems(text: string, diagnostics: Diagnostic[]): void {
    if (text !== this.text) return;
    this.checked = { text, diagnostics };
    this.visual.setDiagnostics(text, diagnostics);
    const state = this.view.state;
    // Underlines and rows for the first problems only: 40,000 of them were half a million DOM nodes
    // and seconds of freeze after every edit. The summary counts them all.
    this.view.dispatch(
      setDiagnostics(
        state,
        diagnostics.slice(0, MAX_UNDERLINED_PROBLEMS).map((d) => toCm(state, d)),
      ),
    );
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    this.summary.textContent = diagnostics.length
      ? `${countSummary(errors, warnings)}.${errors ? ' Fix the errors to play.' : ''}`
      : 'No problems: ready to play.';
    const more = diagnostics.length - MAX_LISTED_PROBLEMS;
    this.problemsList.replaceChildren(
      ...diagnostics.slice(0, MAX_LISTED_PROBLEMS).map((d) =>
        h(
          'li',
          { class: `cr-editor-problem cr-${d.severity}` },
          button(
            '',
            () => this.goTo(d.line, d.col),
            { 'aria-label': `${d.line}:${d.col} ${d.severity} [${d.rule}] ${d.message}` },
            h('span', { class: 'cr-position' }, `${d.line}:${d.col}`),
            ' ',
            h('span', { class: 'cr-severity' }, d.severity),
            ' ',
            h('span', { class: 'cr-rule' }, `[${d.rule}]`),
            ' ',
            h('span', { class: 'cr-text' }, d.message),
          ),
        ),
      ),
      ...(more > 0
        ? [
            h(
              'li',
              { class: 'cr-editor-problems-more' },
              `…and ${more.toLocaleString('en')} more problem${more === 1 ? '' : 's'} not listed here: fix these first.`,
            ),
          ]
        : []),
    );
    this.finishCheck();
  }

  /** Move the cursor to a line and column and give the text the focus. */
  goTo(line: number, col: number): void {
    const at = offsetOf(this.view.state, line, col);
    this.view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
    this.view.focus();
  }

  /** The check of the current text, waiting for it when one is due or running. */
  private async currentCheck(): Promise<Diagnostic[] | undefined> {
    if (this.checked?.text === this.text) return this.checked.diagnostics;
    if (this.timer) {
      clearTimeout(this.timer);
      this.check();
    }
    this.summary.textContent = 'Checking before playing…';
    await this.checkDone;
    return this.checked?.text === this.text ? this.checked.diagnostics : undefined;
  }

  /** The number of errors in the current text ("Checking…" first when due), or undefined when no check finished. */
  private async currentErrors(): Promise<number | undefined> {
    const diagnostics = await this.currentCheck();
    return diagnostics?.filter((d) => d.severity === 'error').length;
  }

  private async play(fromHere = false): Promise<void> {
    const text = this.text;
    const startAt = fromHere ? entryAt(text, this.view.state.selection.main.head) : undefined;
    if (fromHere && startAt?.kind !== 'node') {
      this.message.textContent = 'Put the cursor inside a node (under "nodes:") to play from there.';
      return;
    }
    const errors = await this.currentErrors();
    if (errors === undefined) return;
    if (errors) {
      delete this.message.dataset.tone;
      this.message.textContent = `This draft has ${errors} error${errors === 1 ? '' : 's'}: it is kept as a draft, but cannot be played until ${errors === 1 ? 'it is' : 'they are'} fixed (see Problems).`;
      return;
    }
    // Compiled here (the worker sends back data only); exploration was the worker's job.
    const r = checkScenarioText(text, this.fileName, { explore: false });
    if (!r.compiled) return;
    const s = r.compiled.scenario;
    // A test run: its own id (so it never touches the save of a real scenario) and a title that says so.
    const testRun = compileScenario(
      { ...s, id: 'editor-test-run', title: `Test run: ${s.title}` },
      `editor-test-run-${r.compiled.sha256}`,
    );
    this.hide();
    this.showBanner(startAt ? `Test run of your draft, from node "${startAt.id}"` : 'Test run of your draft');
    this.host.play(testRun, startAt?.id);
  }

  private showBanner(text: string): void {
    this.banner?.remove();
    this.banner = h(
      'div',
      { class: 'cr-test-run', role: 'region', 'aria-label': 'Test run' },
      h('span', {}, text),
      button('Back to the editor', () => {
        this.host.leaveGame();
        this.show();
      }),
    );
    this.doc.body.appendChild(this.banner);
    this.setTestRunning(true);
  }

  /**
   * The game moves down under the test run's bar instead of being covered by it (editor.css). The
   * picture fits itself to its stage on a window resize, so one is signalled when the stage changes.
   */
  private setTestRunning(on: boolean): void {
    const body = this.doc.body;
    if (body.classList.contains('cr-test-running') === on) return;
    body.classList.toggle('cr-test-running', on);
    const win = this.doc.defaultView;
    win?.requestAnimationFrame(() => win.dispatchEvent(new Event('resize')));
  }

  /** The Map view and the "Map" / "Text" switch; both edit the one draft (src/editor/visual/). */
  private buildVisual(editorBox: HTMLElement): VisualEditor {
    const visual = new VisualEditor(this.doc, {
      text: () => this.text,
      fileName: () => this.fileName,
      replaceText: (next) => this.view.dispatch({ changes: diffText(this.text, next), userEvent: 'input.visual' }),
      undo: () => undo(this.view),
      redo: () => redo(this.view),
      say: (t) => this.host.announce(t),
    });
    const mode = (map: boolean) => {
      editorBox.hidden = map;
      this.element.classList.toggle('cr-editor-map-mode', map);
      for (const b of this.modeButtons) b.setAttribute('aria-pressed', String((b.textContent === 'Map') === map));
      if (map) visual.show();
      else {
        visual.hide();
        this.view.focus();
      }
      if (map && this.checked?.text === this.text) visual.setDiagnostics(this.checked.text, this.checked.diagnostics);
    };
    this.modeButtons = [
      button('Map', () => mode(true), { 'aria-pressed': 'false', class: 'cr-editor-mode' }),
      button('Text', () => mode(false), { 'aria-pressed': 'true', class: 'cr-editor-mode' }),
    ];
    this.showMode = mode;
    return visual;
  }

  private showMode: (map: boolean) => void = () => {};

  /** "New scenario": the quick start's short form, then its first decision on the map. */
  private async quickStart(): Promise<void> {
    const made = await askQuickStart(this.doc);
    if (!made) return;
    this.toggleStart(false);
    // A draft of its own: the one being edited stays in "Recent drafts".
    this.switchTo(newDraftId(), made.text, made.fileName);
    this.host.announce('A first decision with three choices and three endings is on the map.');
    this.showMode(true);
  }

  private showMap(): void {
    const text = this.text;
    const v = validateScenarioText(text, this.fileName);
    const here = entryAt(text, this.view.state.selection.main.head);
    let drawn: { cancel(): void } | undefined;
    const map = openDialog(
      this.doc,
      'Scenario map',
      (body, close) => {
        if (!v.loaded) {
          body.appendChild(
            h('p', { class: 'cr-message' }, 'The map can be drawn once the file has no errors (see Problems).'),
          );
        } else {
          if (here)
            body.appendChild(
              h('p', { class: 'cr-note' }, `The ${here.kind} under the cursor, "${here.id}", is marked.`),
            );
          const rendered = renderScenarioMap(this.doc, v.loaded.scenario, { current: here?.id });
          drawn = rendered;
          body.appendChild(rendered.element);
        }
        body.appendChild(
          h(
            'div',
            { class: 'cr-dialog-buttons' },
            button('Back to the editor', () => close()),
          ),
        );
      },
      { className: 'cr-editor-map-dialog' },
    );
    // "Back to the editor" (or Escape): back in the text, with the cursor where it was.
    void map.closed.then(() => {
      drawn?.cancel();
      if (!this.element.hidden) this.refocus();
    });
  }

  /**
   * Only a scenario without errors goes into the library (the library plays what it holds); a
   * draft with errors stays a draft in this browser, and the editor says so instead of opening the
   * library's own problems dialog over the list the teacher already sees.
   */
  private async saveToLibrary(): Promise<void> {
    const text = this.text;
    const errors = await this.currentErrors();
    if (errors === undefined) return;
    if (errors) {
      delete this.message.dataset.tone;
      this.message.textContent = `This draft has ${errors} error${errors === 1 ? '' : 's'}: it is kept as a draft in this browser, but it cannot be saved to the library or played until ${errors === 1 ? 'it is' : 'they are'} fixed (see Problems).`;
      return;
    }
    const outcome = await this.host.saveToLibrary(text, this.fileName);
    this.message.textContent = outcome ? saveOutcomeText(outcome) : '';
    // Saved is good news: not in the warning colour of refusals.
    const saved = outcome && ['added', 'replaced', 'identical'].includes(outcome.status);
    if (saved) this.message.dataset.tone = 'ok';
    // "Play anyway" in the library's warnings dialog starts the game beneath the editor: show it.
    const screen = this.doc.body.dataset.screen;
    if (!this.element.hidden && screen && screen !== 'title') this.hide();
  }

  private download(): void {
    downloadText(this.fileName, this.text, isJsonName(this.fileName) ? 'application/json' : 'text/yaml');
  }

  private async copyLink(): Promise<void> {
    const title = /^title:\s*"?([^"\n]*)"?/m.exec(this.text)?.[1] ?? this.fileName;
    await copyLink(this.doc, this.text, this.fileName, title);
  }

  /** Open the saved draft, or offer the ways to start. */
  async restore(): Promise<void> {
    let draft;
    try {
      draft = await this.store.load();
    } catch (e) {
      draft = undefined;
      if (e instanceof DraftUnreadable) this.tellUnreadable(e);
    }
    if (draft) {
      this.synced = draft.text;
      this.load(draft.text, draft.fileName, draft.cursor);
    } else this.toggleStart(true);
  }

  /** A text with a line too long to edit that cannot be laid out again: not opened; it can be downloaded. */
  private tellTooLong(text: string, fileName: string, long: number): void {
    if (!this.text.trim()) this.toggleStart(true);
    const message = `"${fileName}" has a line of ${long.toLocaleString('en')} characters; the editor takes lines of up to ${EDITOR_LINE_LIMIT.toLocaleString('en')}. It does not read as JSON, so it cannot be laid out again here. Download it to keep it, and break the line in another editor.`;
    this.host.announce(message);
    openDialog(this.doc, 'This draft has a line too long to edit', (body, close) => {
      const keep = button('Download it', () => downloadText(fileName, text, 'text/plain'));
      body.append(
        h('p', {}, message),
        h(
          'div',
          { class: 'cr-dialog-buttons' },
          keep,
          button('Close', () => close()),
        ),
      );
      queueMicrotask(() => keep.focus());
    });
  }

  /** The stored draft is damaged or too large: say so, and say that the next draft replaces it. */
  private tellUnreadable(e: DraftUnreadable): void {
    const message = `The draft saved in this browser was not opened: ${e.message}. The editor starts empty; the first thing you write here replaces it.`;
    this.savedNote.textContent = 'The saved draft was not opened (see the message).';
    this.host.announce(message);
    openDialog(this.doc, 'The saved draft was not opened', (body, close) => {
      const ok = button('Start without it', () => close());
      body.append(h('p', {}, message), h('div', { class: 'cr-dialog-buttons' }, ok));
      queueMicrotask(() => ok.focus());
    });
  }

  /** Note shown when drafts cannot be kept. */
  setStoreWarning(w: string | undefined): void {
    this.storeWarning = w;
    if (w) this.savedNote.textContent = w;
  }
}

/** What "Save to library" did, in a sentence for the editor. */
export function saveOutcomeText(outcome: LoadOutcome): string {
  if (outcome.status === 'cancelled') return 'Not saved to the library: the check was cancelled.';
  if (outcome.status === 'refused')
    return `Not saved to the library: it has ${outcome.checked.errors} error${outcome.checked.errors === 1 ? '' : 's'}. The draft is kept in this browser.`;
  const s = outcome.checked.incoming;
  const name = s ? `"${s.title}" (version ${s.version})` : 'The scenario';
  switch (outcome.status) {
    case 'added':
      return `Saved ${name} to your library: it is on the title screen.`;
    case 'replaced':
      return `Saved ${name} to your library, replacing the one it had.`;
    case 'identical':
      return `${name} is already in your library, unchanged.`;
    case 'kept':
      return `Not saved: your library keeps the one it had. The draft is kept in this browser.`;
  }
}

let opened: Promise<ScenarioEditor> | undefined;

/** Open the page's scenario editor (created on first use, with the saved draft). */
export function openScenarioEditor(doc: Document, host: EditorHost): Promise<ScenarioEditor> {
  opened ??= (async () => {
    const { store, warning } = await openDraftStore();
    const editor = new ScenarioEditor(doc, host, store, await openVersionStore());
    doc.body.appendChild(editor.element);
    editor.setStoreWarning(warning);
    await editor.restore();
    return editor;
  })();
  return opened.then((e) => {
    e.show();
    return e;
  });
}
