/** Global keyboard shortcuts: M mute, 1–9 choose, A–L advisors (Escape is the dialog's own). */
import type { GameSession } from '../session.ts';

import { ADVISOR_KEYS } from '../view-models.ts';

/** Listen on the document; ignores keys with modifiers, in text fields and while any modal dialog is open. */
export function installKeys(session: GameSession, dialogOpen: () => boolean): void {
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || dialogOpen() || document.querySelector('dialog[open]'))
      return;
    const t = e.target;
    if (
      t instanceof HTMLInputElement ||
      t instanceof HTMLTextAreaElement ||
      t instanceof HTMLSelectElement ||
      (t instanceof HTMLElement && t.isContentEditable)
    )
      return;
    const key = e.key.toLowerCase();
    if (key === 'm') {
      session.toggleMute();
      e.preventDefault();
      return;
    }
    if (session.screen !== 'room') return;
    const run = session.run;
    if (!run?.node) return;
    if (/^[1-9]$/.test(key)) {
      const choice = run.visibleChoices()[Number(key) - 1];
      if (choice) {
        e.preventDefault();
        session.choose(choice.id);
      }
      return;
    }
    const a = ADVISOR_KEYS.toLowerCase().indexOf(key);
    if (a >= 0 && key.length === 1) {
      const advisor = run.compiled.scenario.advisors[a];
      if (advisor) {
        e.preventDefault();
        session.selectAdvisor(advisor.id);
      }
    }
  });
}
