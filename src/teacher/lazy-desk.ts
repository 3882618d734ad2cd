/**
 * The teacher's desk behind a dynamic import: its code (checker, yaml, zod, worker, replay viewer)
 * is not on the title's start-up path, and a first visit does not fetch it at all. It loads at once
 * when the address carries a scenario or a replay or the library holds scenarios (they must show on
 * the title), and otherwise on the first teacher action (load a file, open a replay, drop a file,
 * paste a link) or when a game starts (the debrief offers the replay tools).
 */
import type { Run } from '../engine/run.ts';
import type { GameSession } from '../game/session.ts';
import { openLibrary, type ScenarioLibrary } from '../library/store.ts';
import type { TeacherDesk } from './desk.ts';
import type { ShellHooks } from './shell.ts';
import type { ViewState } from '../game/view-state.ts';
import { button } from '../ui/dom.ts';

/** The lazily loaded desk: hooks for the DOM layer, and `start()` once the title screen is up. */
export interface LazyTeacherDesk {
  hooks: ShellHooks;
  /** Once the title is up: load and start the desk now if the address or the library needs it. */
  start(): Promise<void>;
  /** The desk once loaded and started (for tests and tools). */
  readonly loaded: TeacherDesk | undefined;
  /** The desk, loading and starting it if needed (the scenario editor's "Save to library"). */
  desk(): Promise<TeacherDesk>;
}

type Loaded = { desk: TeacherDesk; hooks: ShellHooks; openReview: () => void };

/** Whether the title needs the desk now: a scenario or replay in the address, or records in the library. */
async function neededAtStart(doc: Document): Promise<{ needed: boolean; library?: ScenarioLibrary; warning?: string }> {
  const loc = doc.location;
  if (new URLSearchParams(loc.search).has('scenario') || loc.hash.length > 1) return { needed: true };
  const opened = await openLibrary();
  // No storage (a warning): nothing stored to offer, but the title says so.
  if (opened.warning) return { needed: false, warning: opened.warning };
  // Counted, not read: a damaged or huge record is shown by the desk, and nothing is read twice here.
  return { needed: (await opened.library.count()) > 0, library: opened.library };
}

/**
 * A teacher desk for this session whose code loads when needed (see the file comment). A file
 * dropped before the desk has loaded is kept (not opened by the browser as a page) and handed to
 * the desk when it is ready.
 */
export function lazyTeacherDesk(
  doc: Document,
  session: GameSession,
  root: HTMLElement,
  views: ViewState,
): LazyTeacherDesk {
  // Created (its hooks can draw cards while it starts), then started (its actions can run).
  let created: Loaded | undefined;
  let started: Loaded | undefined;
  let loading: Promise<Loaded> | undefined;
  let warned = false;
  const warnOnce = (text: string) => {
    if (!warned) session.warnStorage(text);
    warned = true;
  };
  const target: EventTarget = doc.defaultView ?? doc;
  const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
  const early = (ev: Event) => {
    const e = ev as DragEvent;
    if (!hasFiles(e)) return;
    e.preventDefault();
    const files = ev.type === 'drop' ? Array.from(e.dataTransfer?.files ?? []) : [];
    if (files.length)
      void ensure().then(async (d) => {
        for (const f of files) await d.desk.openFile(f);
      });
  };
  const onHash = () => {
    if (doc.location.hash.length > 1) void ensure();
  };
  target.addEventListener('dragover', early);
  target.addEventListener('drop', early);
  doc.defaultView?.addEventListener('hashchange', onHash);

  /** Load the desk's code, install its drop target and start it (library, address) — once. */
  const ensure = (library?: ScenarioLibrary): Promise<Loaded> =>
    (loading ??= import('./shell.ts').then(async (m) => {
      const made = m.createTeacherDesk(doc, session, root);
      target.removeEventListener('dragover', early);
      target.removeEventListener('drop', early);
      doc.defaultView?.removeEventListener('hashchange', onHash);
      made.desk.installDropTarget(target);
      created = made;
      await made.desk.start(library);
      if (made.desk.storageWarning) warnOnce(made.desk.storageWarning);
      started = made;
      return made;
    }));

  // A game started: the debrief will offer the replay viewer and links, so have the desk ready by then.
  session.subscribe((change) => {
    if (change === 'screen' && session.screen !== 'loading' && session.screen !== 'title') void ensure();
  });

  // Before the desk has started, the picker opens at once (a browser opens it only during the
  // click), and the chosen file waits for the desk.
  const pickBeforeStart = (accept: string, label: string, kind: 'scenario' | 'replay') => {
    const input = doc.createElement('input');
    Object.assign(input, { type: 'file', accept, hidden: true, tabIndex: -1 });
    input.setAttribute('aria-label', label);
    input.addEventListener('change', () => {
      const f = input.files?.[0];
      input.remove();
      if (f) void ensure().then((d) => d.desk.openFile(f, kind));
    });
    input.addEventListener('cancel', () => input.remove());
    doc.body.appendChild(input);
    input.click();
  };
  const hooks: ShellHooks = {
    pickScenarioFile: () => {
      if (started) started.hooks.pickScenarioFile();
      else pickBeforeStart('.yaml,.yml,.json,application/json,text/yaml,application/yaml', 'Scenario file', 'scenario');
    },
    pickReplayFile: () => {
      if (started) started.hooks.pickReplayFile();
      else pickBeforeStart('.json,application/json', 'Replay file', 'replay');
    },
    cardButtons: (id: string) => created?.hooks.cardButtons(id) ?? [],
    debriefExtras: (run: Run) => created?.hooks.debriefExtras(run) ?? [],
    // On every card from the start (the desk may never load); the map's code loads on the click.
    cardExtras: (entry) => [
      button(
        'Scenario map',
        () =>
          void import('../class-review/map-dialog.ts').then(({ openScenarioMapDialog }) =>
            openScenarioMapDialog(doc, entry.compiled.scenario),
          ),
        { 'aria-haspopup': 'dialog' },
      ),
    ],
  };
  // A title action from the start too: it loads the desk (the replay viewer behind "Open replay") first.
  views.registerTitleAction({ label: 'Class review', order: 30, run: () => void ensure().then((d) => d.openReview()) });
  let starting: Promise<void> | undefined;
  return {
    hooks,
    start: () =>
      (starting ??= neededAtStart(doc).then(async (n) => {
        if (n.warning) warnOnce(n.warning);
        if (n.needed) await ensure(n.library);
      })),
    get loaded() {
      return started?.desk;
    },
    desk: () => ensure().then((l) => l.desk),
  };
}
