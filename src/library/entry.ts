/**
 * The scenario library's data and its pure decisions: how versions compare, and what adding a
 * file means when the library already holds a scenario with the same id. No IndexedDB here.
 */

/** One scenario kept in the library: the raw text as loaded, plus what the cards and replays need. */
export interface LibraryEntry {
  /** The scenario `id` (the library's key: one entry per id). */
  id: string;
  version: string;
  title: string;
  fileName: string;
  /** The file's text exactly as loaded; re-checked when played, never trusted blindly. */
  text: string;
  /** sha256 over the canonical JSON (as replays record it). */
  sha256: string;
  /** When the entry was first added (ISO 8601). */
  added: string;
  /** When its file was last replaced (ISO 8601), if ever. */
  replaced?: string;
}

/** Parse a version into numeric core parts and prerelease identifiers (semver 2.0; lenient on missing parts). */
function parseVersion(v: string): { core: number[]; pre: string[] } | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v.trim());
  if (!m) return undefined;
  return { core: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)], pre: m[4] ? m[4].split('.') : [] };
}

/**
 * Compare two content versions: negative when `a` is older, 0 when equal, positive when newer.
 * Semver precedence (build metadata ignored; a prerelease is older than its release). Versions that
 * are not semver compare by their dotted numeric parts, then as text.
 */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) {
    const na = a.split(/[.-]/);
    const nb = b.split(/[.-]/);
    for (let i = 0; i < Math.max(na.length, nb.length); i++) {
      const x = na[i] ?? '';
      const y = nb[i] ?? '';
      const c = comparePart(x, y);
      if (c) return c;
    }
    return 0;
  }
  for (let i = 0; i < 3; i++) {
    const d = pa.core[i]! - pb.core[i]!;
    if (d) return Math.sign(d);
  }
  if (!pa.pre.length || !pb.pre.length) return pa.pre.length === pb.pre.length ? 0 : pa.pre.length ? -1 : 1;
  for (let i = 0; i < Math.max(pa.pre.length, pb.pre.length); i++) {
    const x = pa.pre[i];
    const y = pb.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const c = comparePart(x, y);
    if (c) return c;
  }
  return 0;
}

function comparePart(x: string, y: string): number {
  const nx = /^\d+$/.test(x);
  const ny = /^\d+$/.test(y);
  if (nx && ny) return Math.sign(Number(x) - Number(y));
  if (nx !== ny) return nx ? -1 : 1; // numeric identifiers sort before alphanumeric ones (semver)
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The few facts about an incoming file that the decision needs. */
export interface Incoming {
  id: string;
  version: string;
  title: string;
  sha256: string;
}

/** What adding a file to the library means. */
export type AddDecision =
  /** No scenario with this id yet: add it. */
  | { kind: 'add' }
  /** The very same content is already there: nothing to store, just use it. */
  | { kind: 'identical'; existing: LibraryEntry }
  /** A newer version of a scenario in the library: replace only after the user confirms. */
  | { kind: 'newer'; existing: LibraryEntry; question: string }
  /** Same version number, different content: ask, since a replay of the old file may stop fitting. */
  | { kind: 'same-version'; existing: LibraryEntry; question: string }
  /** An older version than the library's: ask, and say it is older. */
  | { kind: 'older'; existing: LibraryEntry; question: string };

/** Decide what adding `incoming` to a library that holds `existing` (same id, or none) means. */
export function decideAdd(existing: LibraryEntry | undefined, incoming: Incoming): AddDecision {
  if (!existing) return { kind: 'add' };
  if (existing.sha256 === incoming.sha256) return { kind: 'identical', existing };
  const c = compareVersions(incoming.version, existing.version);
  const name = `"${incoming.title}" (${incoming.id})`;
  if (c > 0) {
    return {
      kind: 'newer',
      existing,
      question: `Your library has version ${existing.version} of ${name}. Replace it with version ${incoming.version}?`,
    };
  }
  if (c === 0) {
    return {
      kind: 'same-version',
      existing,
      question: `Your library already has version ${existing.version} of ${name}, with different content. Replace it with this file? (Replays of the old file may no longer fit.)`,
    };
  }
  return {
    kind: 'older',
    existing,
    question: `This file is version ${incoming.version} of ${name}, older than the version ${existing.version} in your library. Replace the newer one with it?`,
  };
}

/** Whether a decision needs the user to confirm before the library changes. */
export function needsConfirmation(d: AddDecision): d is Extract<AddDecision, { question: string }> {
  return d.kind === 'newer' || d.kind === 'same-version' || d.kind === 'older';
}

/** The entry to store for an incoming file, keeping the first-added date when replacing. */
export function makeEntry(
  incoming: Incoming,
  text: string,
  fileName: string,
  now: Date,
  existing?: LibraryEntry,
): LibraryEntry {
  return {
    id: incoming.id,
    version: incoming.version,
    title: incoming.title,
    fileName,
    text,
    sha256: incoming.sha256,
    added: existing ? existing.added : now.toISOString(),
    ...(existing ? { replaced: now.toISOString() } : {}),
  };
}

/** Library entries in display order: most recently added or replaced first, then by title. */
export function sortEntries(entries: readonly LibraryEntry[]): LibraryEntry[] {
  const stamp = (e: LibraryEntry) => e.replaced ?? e.added;
  return [...entries].sort((a, b) =>
    stamp(a) < stamp(b) ? 1 : stamp(a) > stamp(b) ? -1 : a.title.localeCompare(b.title),
  );
}

/** Check that a stored value still has the entry's shape (a library written by an older build, or tampered with). */
export function isLibraryEntry(v: unknown): v is LibraryEntry {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return (
    ['id', 'version', 'title', 'fileName', 'text', 'sha256', 'added'].every((k) => typeof o[k] === 'string') &&
    (o.replaced === undefined || typeof o.replaced === 'string')
  );
}

/** A text's size for a message: "50.0 MB", "12 KB" (characters, near enough to bytes for the reader). */
export function formatSize(chars: number): string {
  return chars >= 1024 * 1024 ? `${(chars / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(chars / 1024)} KB`;
}
