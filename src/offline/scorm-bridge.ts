/**
 * The one-file game inside an LMS (SCORM 1.2, issue 20). The LMS puts its API object on a parent
 * (or opener) window as `API`; this finds it the standard way, starts the attempt, resumes a saved
 * one, and reports as the student plays:
 * - `cmi.core.lesson_status`: "incomplete" while playing, "completed" once a debrief is reached;
 * - `cmi.core.lesson_location`: the node the student stands at, then the ending's id;
 * - `cmi.suspend_data`: the decision path as a `#r=` replay link fragment (the replay, compressed:
 *   src/share/link.ts). The game resumes from it, and a teacher pastes it into Class review's
 *   "Paste replay links" (docs/offline.md).
 * `LMSFinish` is called when the page goes away (the LMS closes the activity).
 */
import { verifyReplay } from '../engine/replay.ts';
import { parseReplayText } from '../engine/replay-file.ts';
import type { GameSession, ScenarioEntry } from '../game/session.ts';
import { LinkError, makeFragment, readShared } from '../share/link.ts';

/** The SCORM 1.2 API an LMS offers (the calls this game uses). */
export interface Scorm12Api {
  LMSInitialize(arg: ''): string;
  LMSFinish(arg: ''): string;
  LMSGetValue(element: string): string;
  LMSSetValue(element: string, value: string): string;
  LMSCommit(arg: ''): string;
  LMSGetLastError(): string | number;
  LMSGetErrorString(code: string | number): string;
}

/** SCORM 1.2 allows at most this many characters of suspend_data. */
export const SUSPEND_DATA_LIMIT = 4096;

/** The LMS's API: on this window, a parent (up to 10 levels) or the opener's chain, as SCORM 1.2 says. */
export function findScormApi(win: Window): Scorm12Api | undefined {
  const search = (start: Window | null): Scorm12Api | undefined => {
    let w: Window | null = start;
    for (let i = 0; w && i < 10; i++) {
      try {
        const api = (w as unknown as { API?: Scorm12Api }).API;
        if (api && typeof api.LMSInitialize === 'function') return api;
      } catch {
        return undefined; // another origin: not ours to look into
      }
      if (w.parent === w) break;
      w = w.parent;
    }
    return undefined;
  };
  return search(win) ?? search(win.opener as Window | null);
}

/** The decision path of a run as suspend_data (a `#r=` fragment), or undefined when it is too long. */
export function suspendDataFor(replayJson: string, fileName: string): string | undefined {
  const made = makeFragment('replay', replayJson, fileName, SUSPEND_DATA_LIMIT);
  return made.ok ? made.fragment : undefined;
}

/** Report a session's progress to the LMS; resume the attempt saved in suspend_data. Returns false without an LMS. */
export function connectScorm(win: Window, session: GameSession, entry: ScenarioEntry): boolean {
  const api = findScormApi(win);
  if (!api) return false;
  if (String(api.LMSInitialize('')) !== 'true') {
    console.warn(`the LMS refused to start the attempt: ${api.LMSGetErrorString(api.LMSGetLastError())}`);
    return false;
  }
  const set = (element: string, value: string) => {
    if (String(api.LMSSetValue(element, value)) !== 'true')
      console.warn(`the LMS refused ${element}: ${api.LMSGetErrorString(api.LMSGetLastError())}`);
  };
  // Resume: the saved decision path, replayed on this file's scenario.
  const saved = api.LMSGetValue('cmi.suspend_data');
  if (saved) {
    try {
      const shared = readShared(saved).find((p) => p.kind === 'replay');
      const { replay } = shared ? parseReplayText(shared.text, shared.fileName) : {};
      const checked = replay ? verifyReplay(entry.compiled, replay) : undefined;
      if (checked?.ok) session.playRun(entry, checked.run);
      else session.announce('The saved attempt does not fit this scenario: starting afresh.');
    } catch (e) {
      if (!(e instanceof LinkError)) throw e;
      session.announce(`The saved attempt could not be read (${e.message}): starting afresh.`);
    }
  }
  if (api.LMSGetValue('cmi.core.lesson_status') !== 'completed') set('cmi.core.lesson_status', 'incomplete');
  let finished = false;
  const report = () => {
    const run = session.run;
    if (finished || !run || run.compiled !== entry.compiled) return;
    const replay = session.replayJson();
    const data = replay && suspendDataFor(replay.json, replay.name);
    if (data) set('cmi.suspend_data', data);
    else if (replay) console.warn('the decision path is longer than SCORM 1.2 can store; only the status is reported');
    if (run.ended) {
      set('cmi.core.lesson_location', run.ending?.id ?? '');
      set('cmi.core.lesson_status', 'completed');
      set('cmi.core.exit', '');
    } else {
      set('cmi.core.lesson_location', run.at);
      set('cmi.core.exit', 'suspend');
    }
    api.LMSCommit('');
  };
  session.subscribe((change) => {
    if (change === 'screen') report();
  });
  report();
  win.addEventListener('pagehide', () => {
    if (finished) return;
    report();
    finished = true;
    api.LMSFinish('');
  });
  return true;
}
