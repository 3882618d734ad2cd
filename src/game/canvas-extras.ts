/**
 * Buttons that other layers add to the DOM mirror (a library card's "Copy link" and "Remove", the
 * debrief's "Open replay viewer", …) also get drawn on the canvas, so the picture offers everything
 * the mirror does. The DOM layer publishes them here per place; the scenes draw them; pressing the
 * drawn one presses the real button.
 */

/** One extra button: its label and what pressing it does. */
export interface CanvasExtra {
  label: string;
  press(): void;
}

const places = new Map<string, CanvasExtra[]>();
const listeners = new Set<() => void>();

/** Set the extra buttons of a place ("debrief", or "card:<scenario id>"); listeners hear of a change. */
export function setCanvasExtras(place: string, extras: CanvasExtra[]): void {
  const before = (places.get(place) ?? []).map((e) => e.label).join('\n');
  places.set(place, extras);
  if (extras.map((e) => e.label).join('\n') !== before) for (const l of [...listeners]) l();
}

/** The extra buttons of a place. */
export function canvasExtras(place: string): readonly CanvasExtra[] {
  return places.get(place) ?? [];
}

/** Listen for changed extras; returns the unsubscribe function. */
export function onCanvasExtras(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
