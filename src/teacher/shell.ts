/**
 * Wiring the teacher's desk into the game shell: a `TeacherHost` over the `GameSession`, and the
 * `ShellHooks` the DOM layer calls on the title screen and the debrief.
 */
import type { GameSession, ScenarioEntry } from '../game/session.ts';
import type { ShellHooks } from '../game/a11y/dom-layer.ts';
import { handInSection } from '../class-review/hand-in.ts';

// The hooks' type belongs to the game (which calls them), so the teacher layer imports the game, never the reverse.
export type { ShellHooks };
import { TeacherDesk, type TeacherHost } from './desk.ts';

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
): { desk: TeacherDesk; hooks: ShellHooks; openReview: () => void } {
  const host: TeacherHost = {
    register: (s) => session.registerScenario(s.file, s.compiled, s.warnings),
    unregister: (id) => session.unregisterScenario(id),
    findScenario: (id, sha256) => pick(session, id, sha256)?.compiled,
    scenarios: () => session.scenarios.map((e) => e.compiled),
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
    debriefExtras: (run) => [...desk.debriefExtras(run), handInSection(doc, run)],
  };
  /** The "Class review" dialog, loaded on first use (off the title screen's start-up path). */
  const openReview = () =>
    void import('../class-review/screen.ts').then(({ openClassReview }) =>
      openClassReview(doc, {
        findScenario: (id, sha256) => pick(session, id, sha256)?.compiled,
        scenarios: () => session.scenarios.map((e) => e.compiled),
        openReplay: (replay, file) => void desk.openReplay(replay, file),
      }),
    );
  return { desk, hooks, openReview };
}
