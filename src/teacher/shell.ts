/**
 * Wiring the teacher's desk into the game shell: a `TeacherHost` over the `GameSession`, and the
 * `ShellHooks` the DOM layer calls on the title screen and the debrief.
 */
import type { Run } from '../engine/run.ts';
import type { GameSession, ScenarioEntry } from '../game/session.ts';
import { TeacherDesk, type TeacherHost } from './desk.ts';

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
  /** "Write a scenario": open the scenario editor (set by main.ts; absent, the title has no such button). */
  writeScenario?: () => void;
}

function entriesWithId(session: GameSession, id: string): ScenarioEntry[] {
  return session.scenarios.filter((e) => e.compiled.scenario.id === id);
}

/** The entry to use for an id: the library's when there is one (it was loaded on purpose), else the built-in. */
function pick(session: GameSession, id: string, sha256?: string): ScenarioEntry | undefined {
  const all = entriesWithId(session, id);
  return (sha256 ? all.find((e) => e.compiled.sha256 === sha256) : undefined) ?? all.find((e) => !e.builtin) ?? all[0];
}

/** Create the desk for a session and the hooks for its DOM layer. Call `desk.start()` once the title is up. */
export function createTeacherDesk(
  doc: Document,
  session: GameSession,
  root: HTMLElement,
): { desk: TeacherDesk; hooks: ShellHooks } {
  const host: TeacherHost = {
    register: (s) => session.registerScenario(s.file, s.compiled, s.warnings),
    unregister: (id) => session.unregisterScenario(id),
    findScenario: (id, sha256) => pick(session, id, sha256)?.compiled,
    play: (id) => {
      const e = pick(session, id);
      if (e) session.newGame(e);
    },
    playBranch: (compiled, run) => {
      const e =
        session.scenarios.find((x) => x.compiled === compiled) ?? pick(session, compiled.scenario.id, compiled.sha256);
      if (e) session.playRun(e, run);
    },
    announce: (t) => session.announce(t),
    focusScenario: (id) => {
      const title = pick(session, id)?.compiled.scenario.title;
      if (!title) return;
      // After the title screen redraws: focus the card's "New game".
      setTimeout(() => {
        for (const card of root.querySelectorAll('article')) {
          const label = card.getAttribute('aria-labelledby');
          const heading = label ? doc.getElementById(label) : null;
          if (heading?.textContent === title) {
            card.querySelector('button')?.focus();
            return;
          }
        }
      }, 0);
    },
    pause: () => session.pauseTimer(),
    resume: () => session.resumeTimer(),
  };
  const desk = new TeacherDesk(doc, host);
  const hooks: ShellHooks = {
    pickScenarioFile: () => desk.pickScenarioFile(),
    pickReplayFile: () => desk.pickReplayFile(),
    cardButtons: (id) => (desk.isLibraryScenario(id) ? desk.cardButtons(id) : []),
    debriefExtras: (run) => desk.debriefExtras(run),
  };
  return { desk, hooks };
}
