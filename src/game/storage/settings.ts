/** Player settings, remembered in localStorage (versioned key) and observable by the view. */
import { readJson, writeJson } from './local.ts';

/** What the player can change in the Settings dialog. */
export interface Settings {
  timersOff: boolean;
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
  return { timersOff: false, reducedMotion: prefersReducedMotion(), largerText: false, muted: false, volume: 0.7 };
}

function sanitize(raw: unknown): Settings {
  const d = defaultSettings();
  if (!raw || typeof raw !== 'object') return d;
  const r = raw as Record<string, unknown>;
  const bool = (k: keyof Settings, fallback: boolean) => (typeof r[k] === 'boolean' ? (r[k] as boolean) : fallback);
  const vol = typeof r.volume === 'number' && Number.isFinite(r.volume) ? Math.min(1, Math.max(0, r.volume)) : d.volume;
  return {
    timersOff: bool('timersOff', d.timersOff),
    reducedMotion: bool('reducedMotion', d.reducedMotion),
    largerText: bool('largerText', d.largerText),
    muted: bool('muted', d.muted),
    volume: vol,
  };
}

/** The settings of this browser, with change notification. */
export class SettingsStore {
  private value: Settings = sanitize(readJson(SETTINGS_KEY));
  private listeners = new Set<(s: Settings) => void>();

  /** Current settings (a copy). */
  get(): Settings {
    return { ...this.value };
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
