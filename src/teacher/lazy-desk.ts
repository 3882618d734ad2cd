/**
 * The teacher's desk behind a dynamic import: its code (checker, yaml, zod, worker, replay viewer,
 * library) is fetched once the title screen is up, never on the title's start-up path. Until it
 * has loaded, the hooks the DOM layer calls either wait for it (buttons) or add nothing (extra
 * card and debrief content, which only exist once the desk has registered something).
 */
import type { Run } from '../engine/run.ts';
import type { GameSession } from '../game/session.ts';
import type { TeacherDesk } from './desk.ts';
import type { ShellHooks } from './shell.ts';

/** The lazily loaded desk: hooks for the DOM layer, and `start()` to load it and open the library. */
export interface LazyTeacherDesk {
  hooks: ShellHooks;
  /** Load the desk's code, install its drop target, open the library and load what the address carries. */
  start(): Promise<void>;
  /** The desk once loaded (for tests and tools). */
  readonly loaded: TeacherDesk | undefined;
}

/** A teacher desk for this session whose code loads on `start()` or on the first teacher action. */
export function lazyTeacherDesk(doc: Document, session: GameSession, root: HTMLElement): LazyTeacherDesk {
  let desk: { desk: TeacherDesk; hooks: ShellHooks } | undefined;
  let loading: Promise<{ desk: TeacherDesk; hooks: ShellHooks }> | undefined;
  const load = () =>
    (loading ??= import('./shell.ts').then((m) => {
      desk = m.createTeacherDesk(doc, session, root);
      desk.desk.installDropTarget();
      return desk;
    }));
  let started: Promise<void> | undefined;
  const hooks: ShellHooks = {
    pickScenarioFile: () => {
      if (desk) desk.hooks.pickScenarioFile();
      else void load().then((d) => d.hooks.pickScenarioFile());
    },
    pickReplayFile: () => {
      if (desk) desk.hooks.pickReplayFile();
      else void load().then((d) => d.hooks.pickReplayFile());
    },
    cardButtons: (id: string) => desk?.hooks.cardButtons(id) ?? [],
    debriefExtras: (run: Run) => desk?.hooks.debriefExtras(run) ?? [],
  };
  return {
    hooks,
    start: () => (started ??= load().then((d) => d.desk.start())),
    get loaded() {
      return desk?.desk;
    },
  };
}
