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
