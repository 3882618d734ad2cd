/**
 * The teacher's desk: every way a custom scenario or a replay comes into the game (file picker,
 * drag and drop, `?scenario=<url>`, `#s=` / `#r=` links), the local library behind it, the
 * "Scenario problems" panel, the share link, and the replay viewer with its branches. The game
 * shell owns the screens; it gives the desk a small `TeacherHost` and calls the desk's methods.
 */
import { openDownloadDialog } from '../offline/download-dialog.ts';
import type { CompiledScenario } from '../engine/machine.ts';
import { parseReplayText } from '../engine/replay-file.ts';
import type { Run } from '../engine/run.ts';
import { formatDiagnostic, type Diagnostic } from '../scenario/diagnostics.ts';
import type { ReplayFile } from '../scenario/schema.ts';
import type { LibraryEntry } from '../library/entry.ts';
import { addToLibrary, openLibrary, type ScenarioLibrary } from '../library/store.ts';
import { LinkError, clearSharedParams, readShared } from '../share/link.ts';
import { expandPath, missingScenarioMessage, readPath, scenarioForPath, type CompactPath } from '../share/path-link.ts';
import { buildReplayModel, branchRun, comparePaths } from '../replay-viewer/model.ts';
import { openReplayViewer } from '../replay-viewer/view.ts';
import { renderPathComparison } from '../replay-viewer/compare-view.ts';
import {
  askConfirm,
  showDamaged,
  showLoading,
  showMessage,
  showProblems,
  showProgress,
  type DamagedItem,
  type ProgressDialog,
} from './dialogs.ts';
import { button, downloadText, h } from '../ui/dom.ts';
import {
  checkedFromDiagnostics,
  countSummary,
  fetchScenarioText,
  fileKind,
  fileNameFromUrl,
  scenarioUrlFromQuery,
  unsupportedMessage,
  type CheckedScenario,
  type FetchOutcome,
} from './intake.ts';
import { startFullCheck, type FullCheckOutcome, type WorkerFactory } from './full-check.ts';
import { copyLink } from './share-dialog.ts';
import './teacher.css';

/** A scenario the game can start, as the desk hands it over. */
export interface HostScenario {
  file: string;
  compiled: CompiledScenario;
  warnings: Diagnostic[];
}

/** What the desk needs from the game shell. */
export interface TeacherHost {
  /** Offer a library scenario on the title screen (replacing one with the same id). */
  register(scenario: HostScenario): void;
  /** Stop offering a library scenario. */
  unregister(id: string): void;
  /** A playable scenario by id (built-in or from the library), for replays; prefer the file with this sha256. */
  findScenario(id: string, sha256?: string): CompiledScenario | undefined;
  /** Every scenario on offer (built-in and library), for short `#p=` links that name a file by its hash. */
  scenarios?(): CompiledScenario[];
  /** Start a new game of a scenario now on offer (the briefing comes first). */
  play(id: string): void;
  /** Continue a live run that has already replayed some steps (a branch of a replay). */
  playBranch(compiled: CompiledScenario, run: Run): void;
  /** Say something in the page's live region. */
  announce(text: string): void;
  /** Move focus to a scenario's card on the title screen, if shown. */
  focusScenario?(id: string): void;
  /** Pause and resume the node timer while a dialog is open (nested calls). */
  pause?(): void;
  resume?(): void;
}

/** Where a scenario text came from (for messages). */
export type Origin = 'file' | 'drop' | 'url' | 'link';

/** The outcome of loading a scenario text, for the shell and the tests. */
export type LoadOutcome =
  | { status: 'cancelled'; file: string }
  | { status: 'refused'; checked: CheckedScenario }
  | { status: 'added' | 'replaced' | 'identical' | 'kept'; id: string; checked: CheckedScenario };

/** A check that takes longer than this shows the "Checking scenario" dialog (quick ones never flash it). */
export const PROGRESS_DELAY_MS = 250;

/** The branch of a replay a run was started from. */
interface BranchOrigin {
  compiled: CompiledScenario;
  replay: ReplayFile;
  steps: number;
}

/** The teacher's desk. One per page. */
export class TeacherDesk {
  private library: ScenarioLibrary | undefined;
  private entries: LibraryEntry[] = [];
  /** By `Run.playthrough`: the screen flow steps copies of a run, all of the same playthrough. */
  private readonly branches = new WeakMap<object, BranchOrigin>();
  private scenarioInput: HTMLInputElement | undefined;
  private replayInput: HTMLInputElement | undefined;
  private dropHint: HTMLElement | undefined;
  /** A note about storage (no IndexedDB), shown once. */
  storageWarning: string | undefined;

  constructor(
    private readonly doc: Document,
    private readonly host: TeacherHost,
    /** The check worker (full-check.ts); tests may pass a stand-in. */
    private readonly createWorker?: WorkerFactory,
  ) {}

  /**
   * Open the library and offer its scenarios, then load whatever the page address carries:
   * `#s=` (a shared scenario), `#r=` (a shared replay) or `?scenario=<url>`.
   */
  async start(library?: ScenarioLibrary): Promise<void> {
    if (library) this.library = library;
    else {
      const opened = await openLibrary();
      this.library = opened.library;
      this.storageWarning = opened.warning;
    }
    await this.refresh(true);
    await this.loadFromAddress();
    // A link pasted into this same tab changes only the fragment: no reload, so listen for it.
    this.doc.defaultView?.addEventListener('hashchange', () => void this.loadFromFragment());
  }

  /** The library entries (most recent first). */
  get libraryEntries(): readonly LibraryEntry[] {
    return this.entries;
  }

  /** Whether a scenario id comes from the library (so its card gets "Copy link" and "Remove"). */
  isLibraryScenario(id: string): boolean {
    return this.entries.some((e) => e.id === id);
  }

  private async refresh(registerAll: boolean): Promise<void> {
    this.entries = this.library ? await this.library.list() : [];
    if (!registerAll) return;
    const damaged: DamagedItem[] = [];
    for (const e of [...this.entries].reverse()) {
      // Checked again in full (the checker may have changed since it was added), in the worker.
      const checked = await this.checkInFull(
        e.text,
        e.fileName,
        `Checking "${e.title}" (${e.fileName}) from your library before it is offered.`,
      );
      if (!checked) {
        const msg = `"${e.title}" was not checked, so it is not offered now. It stays in your library: reload the page to check it again.`;
        console.warn(`library scenario ${e.id}: check cancelled`);
        this.host.announce(msg);
      } else if (checked.check.compiled && checked.playable)
        this.host.register({ file: e.fileName, compiled: checked.check.compiled, warnings: checked.check.diagnostics });
      else {
        console.warn(
          `library scenario ${e.id} no longer checks:\n${checked.check.diagnostics.map(formatDiagnostic).join('\n')}`,
        );
        damaged.push({
          key: e.id,
          title: `${e.title} (${e.fileName}): ${countSummary(checked.errors, checked.warnings)}`,
          raw: e.text,
          fileName: e.fileName,
        });
      }
    }
    // Broken entries are shown, not only logged: each with Export (keep the text) and Remove.
    const records = (await this.library?.damaged?.().catch(() => [])) ?? [];
    for (const r of records)
      damaged.push({ ...r, title: `${r.title}: not a readable library entry`, fileName: `${r.key}.json` });
    if (damaged.length) {
      this.host.announce(
        `${damaged.length} scenario${damaged.length === 1 ? '' : 's'} in your library ${damaged.length === 1 ? 'is' : 'are'} damaged.`,
      );
      await this.dialogDone(
        showDamaged(this.doc, damaged, async (key) => {
          await this.library?.remove(key);
          this.entries = this.library ? await this.library.list() : [];
        }).closed,
      );
    }
  }

  private async loadFromAddress(): Promise<void> {
    await this.loadFromFragment();
    const loc = this.doc.location;
    const q = scenarioUrlFromQuery(loc.search, loc.href);
    if (q.error) await this.dialogDone(showMessage(this.doc, 'Could not load the scenario', q.error).closed);
    else if (q.url) await this.loadScenarioUrl(q.url);
  }

  /** Load a `#s=` scenario and open a `#r=` replay carried by the fragment, then drop them from the address. */
  private async loadFromFragment(): Promise<void> {
    let shared;
    let path: CompactPath | undefined;
    try {
      shared = readShared(this.doc.location.hash);
      path = readPath(this.doc.location.hash);
    } catch (e) {
      const message = e instanceof LinkError ? e.message : String(e);
      this.clearHash();
      await this.dialogDone(
        showMessage(
          this.doc,
          'This link cannot be opened',
          `${message[0]!.toUpperCase()}${message.slice(1)}. Ask for the link again, or for the file itself.`,
        ).closed,
      );
      return;
    }
    if (!shared.length && !path) return;
    this.clearHash(true);
    for (const part of shared) {
      if (part.kind === 'scenario') {
        const r = await this.loadScenarioText(part.text, part.fileName, 'link');
        if (r.status === 'refused' || r.status === 'cancelled') return;
      } else await this.openReplayText(part.text, part.fileName);
    }
    if (path) {
      this.pendingPath = path;
      await this.openPendingPath(true);
    } else await this.openPendingPath(false);
  }

  /** A short path link whose scenario was not here: opened as soon as that scenario is loaded. */
  private pendingPath: CompactPath | undefined;

  /**
   * Open the short path link waiting for its scenario, once a scenario that fits is on offer (its
   * `#p=` then leaves the address). When `say`, tell which scenario it needs if there is none.
   */
  private async openPendingPath(say: boolean): Promise<void> {
    const path = this.pendingPath;
    if (!path) return;
    const all = this.host.scenarios?.() ?? [];
    const found = scenarioForPath(path, all);
    if (!found.compiled) {
      if (!say) return;
      const msg = missingScenarioMessage(path, found.other);
      this.host.announce(msg);
      await this.dialogDone(showMessage(this.doc, 'This decision path cannot be opened yet', msg).closed);
      return;
    }
    this.pendingPath = undefined;
    this.clearHash();
    const expanded = expandPath(path, found.compiled);
    if (!expanded.ok) {
      await this.dialogDone(showMessage(this.doc, 'This replay does not fit', expanded.message).closed);
      return;
    }
    await this.openReplay(expanded.replay, `${path.scenario.id}.replay.json`, found.compiled);
  }

  private clearHash(keepPath = false): void {
    const loc = this.doc.location;
    const rest = clearSharedParams(loc.hash, keepPath);
    try {
      this.doc.defaultView?.history.replaceState(null, '', `${loc.pathname}${loc.search}${rest}`);
    } catch {
      /* a sandboxed page without history: the hash just stays */
    }
  }

  private async dialogDone(closed: Promise<void>): Promise<void> {
    this.host.pause?.();
    try {
      await closed;
    } finally {
      this.host.resume?.();
    }
  }

  /** Fetch a scenario from a URL (`?scenario=`), explaining network, CORS and HTTP failures. */
  async loadScenarioUrl(url: string): Promise<LoadOutcome | undefined> {
    this.host.announce(`Loading the scenario from ${url}…`);
    const loc = this.doc.location;
    const cancel = new AbortController();
    let waiting: ReturnType<typeof showLoading> | undefined;
    // A slow server gets a "Loading…" dialog with Cancel; a fast one never shows it.
    const timer = setTimeout(() => {
      this.host.pause?.();
      waiting = showLoading(this.doc, url);
      void waiting.closed.then(() => {
        this.host.resume?.();
        cancel.abort();
      });
    }, PROGRESS_DELAY_MS);
    let got: FetchOutcome;
    try {
      got = await fetchScenarioText(url, { pageOrigin: loc.origin, pageProtocol: loc.protocol, signal: cancel.signal });
    } finally {
      clearTimeout(timer);
      if (waiting && !cancel.signal.aborted) {
        waiting.close();
        await waiting.closed;
      }
    }
    if (got.status === 'cancelled') {
      this.host.announce('Loading the scenario was cancelled.');
      return undefined;
    }
    if (got.status === 'failed') {
      await this.dialogDone(showMessage(this.doc, 'Could not load the scenario', got.message).closed);
      return undefined;
    }
    return this.loadScenarioText(got.text, fileNameFromUrl(got.url), 'url');
  }

  /**
   * The full check of a file (the CLI's, up to 1,000,000 states) in the check worker, with the
   * "Checking scenario" dialog (progress and Cancel) once it takes longer than PROGRESS_DELAY_MS.
   * The worker sends back only diagnostics; without errors the file is compiled here
   * (`explore: false`). Undefined when the player cancelled.
   */
  async checkInFull(text: string, file: string, what: string): Promise<CheckedScenario | undefined> {
    let progress: ProgressDialog | undefined;
    let latest: [number, number] | undefined;
    let finished = false;
    const run = startFullCheck(text, file, {
      onProgress: (states, limit) => {
        latest = [states, limit];
        progress?.update(states, limit);
      },
      ...(this.createWorker ? { createWorker: this.createWorker } : {}),
    });
    const timer = setTimeout(() => {
      if (finished) return;
      this.host.pause?.();
      const shown = showProgress(this.doc, file, what);
      progress = shown;
      if (latest) shown.update(...latest);
      void shown.closed.then(() => {
        this.host.resume?.();
        // Closed before the check ended: Cancel or Escape.
        if (!finished) run.cancel();
      });
    }, PROGRESS_DELAY_MS);
    let outcome: FullCheckOutcome;
    try {
      outcome = await run.result;
    } finally {
      finished = true;
      clearTimeout(timer);
      if (progress) {
        progress.close();
        await progress.closed;
      }
    }
    return outcome.status === 'cancelled'
      ? undefined
      : checkedFromDiagnostics(text, file, outcome.diagnostics, outcome.parsed);
  }

  /**
   * Check a scenario text in full and, when it can be played, keep it in the library (asking
   * before a different file replaces one with the same id) and offer it on the title screen.
   * Errors and warnings open the "Scenario problems" panel.
   */
  async loadScenarioText(text: string, file: string, origin: Origin = 'file'): Promise<LoadOutcome> {
    const r = await this.loadScenarioTextOnly(text, file, origin);
    // A short path link that was waiting for this scenario opens now (a link's own path opens after it).
    if (origin !== 'link' && r.status !== 'refused' && r.status !== 'cancelled') await this.openPendingPath(false);
    return r;
  }

  private async loadScenarioTextOnly(text: string, file: string, origin: Origin): Promise<LoadOutcome> {
    const checked = await this.checkInFull(text, file, `Checking "${file}" before it can be played.`);
    if (!checked) {
      this.host.announce(`Checking ${file} was cancelled: the file was not loaded.`);
      return { status: 'cancelled', file };
    }
    if (!checked.playable || !checked.incoming || !checked.check.compiled) {
      this.host.announce(`${file} was not loaded: it has ${checked.errors} error${checked.errors === 1 ? '' : 's'}.`);
      await this.dialogDone(showProblems(this.doc, checked).closed);
      return { status: 'refused', checked };
    }
    const incoming = checked.incoming;
    const compiled = checked.check.compiled;
    const library = this.library;
    if (!library) throw new Error('TeacherDesk.start() was not called');
    let result: Awaited<ReturnType<typeof addToLibrary>>;
    try {
      result = await addToLibrary(library, incoming, text, file, async (d) => {
        this.host.pause?.();
        try {
          return await askConfirm(this.doc, 'Replace scenario?', d.question, 'Replace', 'Keep the one I have');
        } finally {
          this.host.resume?.();
        }
      });
    } catch (e) {
      // A failed write (storage full, private mode) is said, and the file is still offered for now.
      this.host.register({ file, compiled, warnings: checked.check.diagnostics });
      const message = `"${incoming.title}" could not be saved in your library (${e instanceof Error ? e.message : String(e)}): the browser's storage may be full. It can be played until the page is closed; to keep it, free some space and load the file again.`;
      this.host.announce(message);
      await this.dialogDone(showMessage(this.doc, 'Not saved in your library', message).closed);
      this.host.focusScenario?.(incoming.id);
      return { status: 'added', id: incoming.id, checked };
    }
    await this.refresh(false);
    const from = origin === 'link' ? ' from a shared link' : origin === 'url' ? ` from ${file}` : '';
    if (result.status === 'kept') {
      this.host.announce(`Kept version ${result.entry.version} of "${result.entry.title}" in your library.`);
      this.host.focusScenario?.(incoming.id);
      return { status: 'kept', id: incoming.id, checked };
    }
    this.host.register({ file, compiled, warnings: checked.check.diagnostics });
    const verb =
      result.status === 'added' ? 'Added' : result.status === 'replaced' ? 'Replaced' : 'Already in your library:';
    this.host.announce(
      `${verb} "${incoming.title}" (version ${incoming.version})${from}.${checked.warnings ? ` ${checked.warnings} warning${checked.warnings === 1 ? '' : 's'}.` : ''}`,
    );
    if (checked.warnings) {
      let play = false;
      await this.dialogDone(showProblems(this.doc, checked, () => (play = true)).closed);
      if (play) this.host.play(incoming.id);
      else this.host.focusScenario?.(incoming.id);
    } else this.host.focusScenario?.(incoming.id);
    return { status: result.status, id: incoming.id, checked };
  }

  /** Remove a scenario from the library after asking. */
  async removeScenario(id: string): Promise<boolean> {
    const e = this.entries.find((x) => x.id === id);
    if (!e || !this.library) return false;
    this.host.pause?.();
    const yes = await askConfirm(
      this.doc,
      'Remove scenario?',
      `Remove "${e.title}" (version ${e.version}) from your library? Replays of it can only be opened again once you load its file again.`,
      'Remove',
      'Keep it',
    ).finally(() => this.host.resume?.());
    if (!yes) return false;
    await this.library.remove(id);
    await this.refresh(false);
    this.host.unregister(id);
    this.host.announce(`Removed "${e.title}" from your library.`);
    return true;
  }

  /** The extra buttons of a library scenario's card: "Copy link", "Download file", "Download as one file", "Remove". */
  cardButtons(id: string): HTMLElement[] {
    const e = this.entries.find((x) => x.id === id);
    if (!e) return [];
    return [
      button('Copy link', () => void copyLink(this.doc, e.text, e.fileName, `"${e.title}"`)),
      // Short on the card (four or more cards leave a narrow button), full as its accessible name.
      button('Download', () => downloadText(e.fileName, e.text, 'text/plain'), {
        'aria-label': 'Download file',
        title: 'Download file',
      }),
      // Short on the card (its canvas twin is a small button); the full name is its accessible name.
      button('One file', () => openDownloadDialog(this.doc, e, this.entries), {
        'aria-haspopup': 'dialog',
        'aria-label': 'Download as one file',
        title: 'Download as one file',
      }),
      button('Remove', () => void this.removeScenario(id)),
    ];
  }

  // ---- files: picker and drop ---------------------------------------------------------------

  /** Open the file picker for a scenario file ("Load scenario file…"). */
  pickScenarioFile(): void {
    this.scenarioInput ??= this.fileInput(
      '.yaml,.yml,.json,application/json,text/yaml,application/yaml',
      'Scenario file',
    );
    this.scenarioInput.click();
  }

  /** Open the file picker for a replay file ("Open replay…"). */
  pickReplayFile(): void {
    this.replayInput ??= this.fileInput('.json,application/json', 'Replay file');
    this.replayInput.click();
  }

  private fileInput(accept: string, label: string): HTMLInputElement {
    const input = h('input', {
      type: 'file',
      accept,
      class: 'cr-file-input',
      tabindex: -1,
      'aria-hidden': 'true',
      'aria-label': label,
    });
    input.addEventListener('change', () => {
      const f = input.files?.[0];
      input.value = '';
      if (f) void this.openFile(f, label === 'Replay file' ? 'replay' : 'scenario');
    });
    this.doc.body.appendChild(input);
    return input;
  }

  /** Open a File from the picker or a drop: a scenario or a replay, by its name and content. */
  async openFile(file: File, expected?: 'scenario' | 'replay'): Promise<void> {
    let text: string;
    try {
      text = await file.text();
    } catch {
      await this.dialogDone(
        showMessage(
          this.doc,
          'Could not read the file',
          `"${file.name}" could not be read. Try saving it again, then load it.`,
        ).closed,
      );
      return;
    }
    let kind = fileKind(file.name, text);
    if (kind === 'unsupported' && expected) kind = expected;
    if (kind === 'unsupported') {
      await this.dialogDone(showMessage(this.doc, 'Not a scenario or replay', unsupportedMessage(file.name)).closed);
      return;
    }
    if (kind === 'replay') await this.openReplayText(text, file.name);
    else await this.loadScenarioText(text, file.name, 'file');
  }

  /** Accept `.yaml`, `.yml`, `.json` and `.replay.json` files dropped anywhere on the page. */
  installDropTarget(target: EventTarget = this.doc.defaultView ?? this.doc): () => void {
    let depth = 0;
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
    const show = (on: boolean) => {
      if (on && !this.dropHint) {
        this.dropHint = h(
          'div',
          { class: 'cr-drop-hint', 'aria-hidden': 'true' },
          'Drop a scenario (.yaml, .yml, .json) or a replay (.replay.json) to open it',
        );
        this.doc.body.appendChild(this.dropHint);
      } else if (!on && this.dropHint) {
        this.dropHint.remove();
        this.dropHint = undefined;
      }
    };
    const enter = (ev: Event) => {
      const e = ev as DragEvent;
      if (!hasFiles(e)) return;
      depth++;
      show(true);
    };
    const over = (ev: Event) => {
      const e = ev as DragEvent;
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (ev: Event) => {
      if (!hasFiles(ev as DragEvent)) return;
      depth = Math.max(0, depth - 1);
      if (!depth) show(false);
    };
    const drop = (ev: Event) => {
      const e = ev as DragEvent;
      depth = 0;
      show(false);
      const files = e.dataTransfer?.files;
      if (!files?.length) return;
      e.preventDefault();
      void (async () => {
        for (const f of Array.from(files)) await this.openFile(f);
      })();
    };
    target.addEventListener('dragenter', enter);
    target.addEventListener('dragover', over);
    target.addEventListener('dragleave', leave);
    target.addEventListener('drop', drop);
    return () => {
      target.removeEventListener('dragenter', enter);
      target.removeEventListener('dragover', over);
      target.removeEventListener('dragleave', leave);
      target.removeEventListener('drop', drop);
    };
  }

  // ---- replays ------------------------------------------------------------------------------

  /**
   * Open a replay text in the viewer, or explain why not: a damaged file (with FILE:LINE:COL), a
   * scenario that is not loaded (which one to load), or a step that does not fit (which step).
   */
  async openReplayText(text: string, file: string): Promise<boolean> {
    const parsed = parseReplayText(text, file);
    if (!parsed.replay) {
      await this.dialogDone(
        showMessage(this.doc, 'This replay cannot be opened', `${file} is not a readable replay file:`, (body) => {
          const list = h('ul', { class: 'cr-problems' });
          for (const d of parsed.diagnostics) list.appendChild(h('li', {}, h('code', {}, formatDiagnostic(d))));
          body.appendChild(list);
        }).closed,
      );
      return false;
    }
    return this.openReplay(parsed.replay, file);
  }

  /** Open a parsed replay in the viewer (see `openReplayText`), against `known` when given, else the library's scenario. */
  async openReplay(replay: ReplayFile, file = 'replay', known?: CompiledScenario): Promise<boolean> {
    // A run's own scenario is known (an editor test run's is in no library).
    const compiled = known ?? this.host.findScenario(replay.scenario.id, replay.scenario.sha256);
    if (!compiled) {
      const msg = `This replay (${file}) is for the scenario "${replay.scenario.id}", version ${replay.scenario.version}, which is not in your library. Load that scenario file first ("Load scenario file…"), then open the replay again.`;
      this.host.announce(msg);
      await this.dialogDone(showMessage(this.doc, 'This replay cannot be opened', msg).closed);
      return false;
    }
    const built = buildReplayModel(compiled, replay);
    if (!built.ok) {
      const msg = `This replay does not fit the scenario "${compiled.scenario.title}" (version ${compiled.scenario.version}): ${built.message}.`;
      this.host.announce(msg);
      await this.dialogDone(showMessage(this.doc, 'This replay does not fit', msg).closed);
      return false;
    }
    this.host.announce(`Replay viewer: ${built.model.steps.length} steps of "${compiled.scenario.title}".`);
    const viewer = openReplayViewer(this.doc, built.model, {
      branch: (steps) => this.branch(compiled, replay, steps),
    });
    await this.dialogDone(viewer.dialog.closed);
    return true;
  }

  /** Open a run (the debrief's "Open replay viewer") in the viewer. */
  openRun(run: Run): Promise<boolean> {
    return this.openReplay(run.record(), `${run.compiled.scenario.id}.replay.json`, run.compiled);
  }

  /** Start a live game from a replay after its first `steps` steps, with the same seed. */
  branch(compiled: CompiledScenario, replay: ReplayFile, steps: number): Run {
    const run = branchRun(compiled, replay, steps);
    this.branches.set(run.playthrough, { compiled, replay, steps });
    this.host.announce(
      `Branch from step ${steps + 1}: the first ${steps} step${steps === 1 ? '' : 's'} replayed; the choices are yours now.`,
    );
    this.host.playBranch(compiled, run);
    return run;
  }

  /** Whether a run is a branch of a replay (its debrief then shows both paths). */
  isBranch(run: Run): boolean {
    return this.branches.has(run.playthrough);
  }

  /** The debrief's "Both paths" section for a branch run (undefined for an ordinary run). */
  branchComparison(run: Run): HTMLElement | undefined {
    const origin = this.branches.get(run.playthrough);
    if (!origin) return undefined;
    return renderPathComparison(
      this.doc,
      origin.compiled,
      comparePaths(origin.compiled, origin.replay, run, origin.steps),
    );
  }

  /** Everything the debrief adds: "Both paths" for a branch, then the replay buttons. */
  debriefExtras(run: Run): HTMLElement[] {
    const out: HTMLElement[] = [];
    const cmp = this.branchComparison(run);
    if (cmp) out.push(cmp);
    out.push(h('div', { class: 'row cr-debrief-buttons' }, ...this.debriefButtons(run)));
    return out;
  }

  /** The debrief's extra buttons: "Open replay viewer" and "Copy replay link". */
  debriefButtons(run: Run): HTMLElement[] {
    return [
      button('Open replay viewer', () => void this.openRun(run)),
      button('Copy replay link', () => {
        const own = this.entries.find((e) => e.sha256 === run.compiled.sha256);
        const scenario = own ? { kind: 'scenario' as const, text: own.text, fileName: own.fileName } : undefined;
        const replay = run.record();
        void copyLink(
          this.doc,
          JSON.stringify(replay),
          `${run.compiled.scenario.id}.replay.json`,
          `the decision path in "${run.compiled.scenario.title}"`,
          'replay',
          scenario,
          { replay, compiled: run.compiled },
        );
      }),
    ];
  }
}
