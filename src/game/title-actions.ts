/**
 * The title screen's row of actions ("Load scenario file…", "Open replay…", and whatever other
 * screens add, such as "Class review" or "Write a scenario"). Both views draw this one list: the DOM
 * mirror as buttons, the canvas as a row of buttons under the scenario cards.
 */

/** One action on the title screen. */
export interface TitleAction {
  /** The button's accessible name and text. */
  label: string;
  run(): void;
  /** Sort key: lower comes first (the loaders use 10 and 20). */
  order?: number;
}

const actions: TitleAction[] = [];
const listeners = new Set<() => void>();

/** Add an action to the title screen (replacing one with the same label); the title redraws. */
export function registerTitleAction(action: TitleAction): void {
  const i = actions.findIndex((a) => a.label === action.label);
  if (i >= 0) actions.splice(i, 1, action);
  else actions.push(action);
  for (const l of [...listeners]) l();
}

/** Take an action off the title screen (the one-file game has nothing to load files into); the title redraws. */
export function unregisterTitleAction(label: string): void {
  const i = actions.findIndex((a) => a.label === label);
  if (i < 0) return;
  actions.splice(i, 1);
  for (const l of [...listeners]) l();
}

/** The title screen's actions, in order. */
export function titleActions(): readonly TitleAction[] {
  return [...actions].sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
}

/** Listen for added actions; returns the unsubscribe function. */
export function onTitleActions(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
