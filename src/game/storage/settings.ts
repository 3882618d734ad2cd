/** Player settings, remembered in localStorage (versioned key) and observable by the view. */
import { readJson, writeJson } from './local.ts';

/** What the player can change in the Settings dialog. */
export interface Settings {
  timersOff: boolean;
  /** Countdowns run twice as long (for a class still reading the headlines). */
  doubleTime: boolean;
  /** The text view (the DOM mirror as a readable panel): true or false once the player chose, null to follow the window (on when narrow). */
  textView: boolean | null;
  reducedMotion: boolean;
  largerText: boolean;
  muted: boolean;
  /** 0..1 */
  volume: number;
}

const SETTINGS_KEY = 'crisis-room:settings:v1';

function prefersReducedMotion(): boolean {
  try {
    return globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  } catch {
    return false;
  }
}

/** The defaults: timers on, motion from `prefers-reduced-motion`, sound on at 70 %. */
export function defaultSettings(): Settings {
  return {
    timersOff: false,
    doubleTime: false,
    textView: null,
    reducedMotion: prefersReducedMotion(),
    largerText: false,
    muted: false,
    volume: 0.7,
  };
}

function sanitize(raw: unknown): Settings {
  const d = defaultSettings();
  if (!raw || typeof raw !== 'object') return d;
  const r = raw as Record<string, unknown>;
  const bool = (k: keyof Settings, fallback: boolean) => (typeof r[k] === 'boolean' ? (r[k] as boolean) : fallback);
  const textView = typeof r.textView === 'boolean' ? r.textView : null;
  const vol = typeof r.volume === 'number' && Number.isFinite(r.volume) ? Math.min(1, Math.max(0, r.volume)) : d.volume;
  return {
    timersOff: bool('timersOff', d.timersOff),
    doubleTime: bool('doubleTime', d.doubleTime),
    textView,
    reducedMotion: bool('reducedMotion', d.reducedMotion),
    largerText: bool('largerText', d.largerText),
    muted: bool('muted', d.muted),
    volume: vol,
  };
}

/** A timer fixed by the page address: `?timer=double` or `?timer=off` (a teacher's link for the class). */
export type TimerOverride = 'double' | 'off' | 'normal';

/** The timer a `?timer=` query fixes, or undefined when it fixes none. */
export function timerFromQuery(search: string): TimerOverride | undefined {
  const raw = new URLSearchParams(search).get('timer')?.trim().toLowerCase();
  return raw === 'double' || raw === 'off' || raw === 'normal' ? raw : undefined;
}

/** The settings of this browser, with change notification. */
export class SettingsStore {
  private value: Settings = sanitize(readJson(SETTINGS_KEY));
  private listeners = new Set<(s: Settings) => void>();

  /** `timer`: a timer fixed by the page address, which the player's own choice does not change. */
  constructor(readonly timer?: TimerOverride) {}

  /** Current settings (a copy), with a timer fixed by the address applied. */
  get(): Settings {
    const v = { ...this.value };
    if (this.timer) {
      v.timersOff = this.timer === 'off';
      v.doubleTime = this.timer === 'double';
    }
    return v;
  }

  /** Change some settings, save them and notify listeners. */
  update(patch: Partial<Settings>): void {
    this.value = sanitize({ ...this.value, ...patch });
    writeJson(SETTINGS_KEY, this.value);
    for (const l of this.listeners) l(this.get());
  }

  /** Listen for changes; returns the unsubscribe function. */
  subscribe(listener: (s: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
