/**
 * What the views share besides the game's state (which the screen flow owns): the title screen's
 * actions ("Load scenario file…", "Open replay…", "Class review", "Write a scenario"), the extra
 * buttons the DOM layer publishes for the canvas to draw too (a library card's "Copy link", the
 * debrief's "Open replay viewer"), and the page of choice cards the room shows. One object, made
 * in src/main.ts and passed to the scenes, the DOM layer and the teacher layer: no module keeps any
 * of it, so a test or a second game on the page makes its own.
 */

/** One action on the title screen. */
export interface TitleAction {
  /** The button's accessible name and text. */
  label: string;
  run(): void;
  /** Sort key: lower comes first (the loaders use 10 and 20). */
  order?: number;
}

/** One extra button: its label and what pressing it does. */
export interface CanvasExtra {
  label: string;
  press(): void;
}

/** The choices the room shows now: first..first+count-1 of all of them. */
export interface ChoicePage {
  first: number;
  count: number;
}

/** What changed in the view state. */
export type ViewChange = 'titleActions' | 'canvasExtras' | 'choicePage';

/** The views' shared state, with one listener list. */
export class ViewState {
  private actions: TitleAction[] = [];
  private extras = new Map<string, CanvasExtra[]>();
  private page: ChoicePage = { first: 0, count: 10 };
  private listeners = new Set<(change: ViewChange) => void>();

  /** Listen for changes; returns the unsubscribe function. */
  subscribe(listener: (change: ViewChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: ViewChange): void {
    for (const l of [...this.listeners]) l(change);
  }

  /** Add an action to the title screen (replacing one with the same label); the title redraws. */
  registerTitleAction(action: TitleAction): void {
    const i = this.actions.findIndex((a) => a.label === action.label);
    if (i >= 0) this.actions.splice(i, 1, action);
    else this.actions.push(action);
    this.emit('titleActions');
  }

  /** Take an action off the title screen (the one-file game has nothing to load files into); the title redraws. */
  unregisterTitleAction(label: string): void {
    const i = this.actions.findIndex((a) => a.label === label);
    if (i < 0) return;
    this.actions.splice(i, 1);
    this.emit('titleActions');
  }

  /** The title screen's actions, in order. */
  titleActions(): readonly TitleAction[] {
    return [...this.actions].sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
  }

  /** Set the extra buttons of a place ("debrief", or "card:<scenario id>"); listeners hear of a change of labels. */
  setCanvasExtras(place: string, extras: CanvasExtra[]): void {
    const before = (this.extras.get(place) ?? []).map((e) => e.label).join('\n');
    this.extras.set(place, extras);
    if (extras.map((e) => e.label).join('\n') !== before) this.emit('canvasExtras');
  }

  /** The extra buttons of a place. */
  canvasExtras(place: string): readonly CanvasExtra[] {
    return this.extras.get(place) ?? [];
  }

  /** The room shows choices first..first+count-1 (set by the room scene; the DOM layer's twins follow). */
  setChoicePage(first: number, count: number): void {
    if (this.page.first === first && this.page.count === count) return;
    this.page = { first, count };
    this.emit('choicePage');
  }

  /** The page of choices the room shows. */
  get choicePage(): ChoicePage {
    return this.page;
  }
}
