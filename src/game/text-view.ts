/**
 * The text view: the DOM mirror shown as a readable panel beside (or, in narrow windows, below) the
 * picture. Without it the mirror stays complete for screen readers and the keyboard but is visually
 * hidden, and the canvas fills the window.
 */
import type { Settings, SettingsStore } from './storage/settings.ts';

/** Below this window width the text view is the default (the canvas becomes a picture above it). */
export const NARROW_WIDTH = 700;

/** Whether the text view shows: the player's choice, or else on in narrow windows. */
export function textViewOn(s: Settings, windowWidth: number = globalThis.innerWidth ?? 1280): boolean {
  return s.textView ?? windowWidth < NARROW_WIDTH;
}

/** Keep `body.text-view` in step with the setting and the window width. */
export function applyTextView(settings: SettingsStore, body: HTMLElement): void {
  const apply = () => body.classList.toggle('text-view', textViewOn(settings.get()));
  settings.subscribe(apply);
  window.addEventListener('resize', apply);
  apply();
}
