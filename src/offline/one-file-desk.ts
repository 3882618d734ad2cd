/**
 * The one-file game's stand-in for the teacher's desk (`--mode single`, issue 20): no library, no
 * file loading, no editor. At start it reads the scenarios the file holds (src/offline/one-file-data.ts),
 * checks each again with the checker (a file edited by hand is refused with the checker's message,
 * never run), offers them on the title, and inside a SCORM package reports to the LMS.
 */
import type { ShellHooks } from '../game/a11y/dom-layer.ts';
import type { GameSession } from '../game/session.ts';
import type { ViewState } from '../game/view-state.ts';
import { ONE_FILE_DATA_ID, parseOneFileData } from './one-file-data.ts';

/** The hooks for the DOM layer (nothing to load or share) and `start()` once the title is up. */
export function oneFileDesk(
  doc: Document,
  session: GameSession,
  views: ViewState,
): { hooks: ShellHooks; start(): Promise<void>; readonly loaded: undefined; desk(): Promise<never> } {
  const hooks: ShellHooks = {
    pickScenarioFile: () => undefined,
    pickReplayFile: () => undefined,
    cardButtons: () => [],
    debriefExtras: () => [],
  };
  let started = false;
  return {
    hooks,
    loaded: undefined,
    desk: () => Promise.reject(new Error('a one-file game has no library')),
    async start() {
      if (started) return;
      started = true;
      // Only the file's own scenarios: there is nothing to load a file into.
      views.unregisterTitleAction('Load scenario file…');
      views.unregisterTitleAction('Open replay…');
      const { data, problem } = parseOneFileData(doc.getElementById(ONE_FILE_DATA_ID)?.textContent);
      const problems: string[] = problem ? [problem] : [];
      // Loaded here, not at the top: the site's start-up (which imports this module too) stays without the checker.
      const [{ checkScenarioText }, { formatDiagnostic, hasErrors }, { connectScorm }] = await Promise.all([
        import('../analysis/check.ts'),
        import('../scenario/diagnostics.ts'),
        import('./scorm-bridge.ts'),
      ]);
      for (const s of data?.scenarios ?? []) {
        const checked = checkScenarioText(s.text, s.fileName, { explore: false });
        if (checked.compiled && !hasErrors(checked.diagnostics))
          session.registerScenario(s.fileName, checked.compiled, checked.diagnostics);
        else
          for (const d of checked.diagnostics.filter((x) => x.severity === 'error').slice(0, 5))
            problems.push(formatDiagnostic(d));
      }
      if (problems.length)
        session.showNotice({ kind: 'error', title: 'This file cannot be played as it is', lines: problems });
      const first = session.scenarios[0];
      if (data?.scorm && first && !connectScorm(doc.defaultView ?? window, session, first))
        session.announce('No learning platform (LMS) was found: this attempt is not reported.');
    },
  };
}
