/**
 * The teacher's console, kept in this tab (sessionStorage) while it is open, so a reload brings the
 * teacher back to the same room with its controls (the server keeps only a hash of the teacher's
 * secret: the browser must keep the secret itself). Closing the console, deleting the session or
 * the server refusing the secret forgets it. Tiny and import-free: main.ts reads it at start-up.
 */

/** What reopens the console: the room's code, the teacher's secret, the projector's key, the title. */
export interface KeptConsole {
  code: string;
  teacherSecret: string;
  projectorKey: string;
  title: string;
}

const KEY = 'crisis-room.live-console';

/** The console this tab had open, if any. */
export function keptConsole(): KeptConsole | undefined {
  try {
    const v = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<KeptConsole> | null;
    if (!v || typeof v !== 'object') return undefined;
    const { code, teacherSecret, projectorKey, title } = v;
    if ([code, teacherSecret, projectorKey, title].every((s) => typeof s === 'string' && s.length < 500))
      return { code, teacherSecret, projectorKey, title } as KeptConsole;
  } catch {
    /* no storage, or not ours */
  }
  return undefined;
}

/** Keep `k` as this tab's open console. */
export function keepConsole(k: KeptConsole): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(k));
  } catch {
    /* no storage: a reload loses the console, as before */
  }
}

/** Forget this tab's console. */
export function forgetConsole(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    /* nothing kept */
  }
}
