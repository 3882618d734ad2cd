/** localStorage that never throws (private mode, quota, disabled storage): failures read as absent. */

/** Read a JSON value, or undefined when missing, unreadable or unparsable. */
export function readJson(key: string): unknown {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    return raw == null ? undefined : (JSON.parse(raw) as unknown);
  } catch {
    return undefined;
  }
}

/** Write a JSON value; returns false when storage refused it. */
export function writeJson(key: string, value: unknown): boolean {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** Remove a key, ignoring storage errors. */
export function removeKey(key: string): void {
  try {
    globalThis.localStorage?.removeItem(key);
  } catch {
    /* storage unavailable: nothing to remove */
  }
}

/** The raw text stored under a key (for exporting a damaged save), or undefined. */
export function readRaw(key: string): string | undefined {
  try {
    return globalThis.localStorage?.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Every key starting with `prefix` (empty when storage is unavailable). */
export function keysWithPrefix(prefix: string): string[] {
  const out: string[] = [];
  try {
    const ls = globalThis.localStorage;
    if (!ls) return out;
    for (let i = 0; i < ls.length; i++) {
      const k = ls.key(i);
      if (k?.startsWith(prefix)) out.push(k);
    }
  } catch {
    /* storage unavailable: no keys */
  }
  return out;
}
