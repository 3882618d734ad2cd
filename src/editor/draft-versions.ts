/**
 * Every draft the editor has held, and the last versions of each, kept in IndexedDB beside the
 * current draft (drafts.ts): "Recent drafts" lists them and opens one again, and any of a draft's
 * last VERSIONS_KEPT versions can be restored. A version is taken when the teacher pauses typing
 * (at most one per VERSION_GAP_MS: a newer pause within it replaces the newest version) and always
 * before the draft is replaced, so no action in the editor loses what was written.
 */
import { openDatabase } from '../library/idb.ts';
import { LIMITS } from '../scenario/format.ts';

/** One saved version of a draft. */
export interface DraftVersion {
  /** Which draft it belongs to (one id per draft the editor started). */
  draftId: string;
  fileName: string;
  text: string;
  /** ms since 1970. */
  savedAt: number;
}

/** A draft as "Recent drafts" lists it: its newest version and how many are kept. */
export interface DraftSummary extends DraftVersion {
  versions: number;
}

/** How many versions of each draft are kept. */
export const VERSIONS_KEPT = 20;
/** Pauses in typing closer than this make one version (the newest replaces the one before). */
export const VERSION_GAP_MS = 10_000;

/** Where versions are kept: IndexedDB, or memory when the browser has none. */
export interface VersionStore {
  /** Keep `v` as the newest version of its draft (see VERSION_GAP_MS; `force`: always a new one). */
  record(v: DraftVersion, force?: boolean): Promise<void>;
  /** Every draft, the newest first. */
  drafts(): Promise<DraftSummary[]>;
  /** A draft's versions, the newest first. */
  versions(draftId: string): Promise<DraftVersion[]>;
}

/** The rules shared by both stores: what the list of one draft's versions becomes after `v`. */
export function withVersion(list: DraftVersion[], v: DraftVersion, force = false): DraftVersion[] {
  const newest = list[0];
  if (newest && newest.text === v.text && newest.fileName === v.fileName) return list;
  const merge = !force && newest && v.savedAt - newest.savedAt < VERSION_GAP_MS;
  return [v, ...(merge ? list.slice(1) : list)].slice(0, VERSIONS_KEPT);
}

/** Versions kept in memory only. */
export class MemoryVersionStore implements VersionStore {
  private byDraft = new Map<string, DraftVersion[]>();
  async record(v: DraftVersion, force = false): Promise<void> {
    this.byDraft.set(v.draftId, withVersion(this.byDraft.get(v.draftId) ?? [], { ...v }, force));
  }
  async drafts(): Promise<DraftSummary[]> {
    return summaries([...this.byDraft.values()]);
  }
  async versions(draftId: string): Promise<DraftVersion[]> {
    return [...(this.byDraft.get(draftId) ?? [])];
  }
}

function summaries(lists: DraftVersion[][]): DraftSummary[] {
  return lists
    .filter((l) => l.length)
    .map((l) => ({ ...l[0]!, versions: l.length }))
    .sort((a, b) => b.savedAt - a.savedAt);
}

const DB = 'crisis-room-draft-versions';
const STORE = 'drafts';

function isVersion(v: unknown): v is DraftVersion {
  const d = v as Partial<DraftVersion> | undefined;
  return (
    !!d &&
    typeof d.draftId === 'string' &&
    typeof d.fileName === 'string' &&
    typeof d.text === 'string' &&
    // A version too large to be a scenario (damaged, or written by something else) is not offered.
    d.text.length <= LIMITS.fileBytes &&
    typeof d.savedAt === 'number'
  );
}

/** Versions in IndexedDB: one record per draft (its id the key) holding its versions, newest first. */
export class IndexedDbVersionStore implements VersionStore {
  private queue: Promise<void> = Promise.resolve();
  private constructor(private readonly db: IDBDatabase) {}

  /** Open (creating) the versions database. */
  static async open(factory: IDBFactory, name = DB): Promise<IndexedDbVersionStore> {
    const db = await openDatabase(
      factory,
      name,
      1,
      (db) => {
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE);
      },
      'the draft versions',
    );
    return new IndexedDbVersionStore(db);
  }

  private all(): Promise<DraftVersion[][]> {
    const tx = this.db.transaction(STORE, 'readonly');
    const req = tx.objectStore(STORE).getAll();
    return new Promise((resolve, reject) => {
      req.onsuccess = () =>
        resolve(
          (req.result as unknown[]).map((l) => (Array.isArray(l) ? l.filter(isVersion) : [])).filter((l) => l.length),
        );
      req.onerror = () => reject(req.error ?? new Error('could not read the draft versions'));
    });
  }

  record(v: DraftVersion, force = false): Promise<void> {
    // Read and write in one transaction, one at a time: a version is never lost to a race.
    const write = () =>
      new Promise<void>((resolve, reject) => {
        const tx = this.db.transaction(STORE, 'readwrite');
        const store = tx.objectStore(STORE);
        const get = store.get(v.draftId);
        get.onsuccess = () => {
          const list = Array.isArray(get.result) ? (get.result as unknown[]).filter(isVersion) : [];
          store.put(withVersion(list, { ...v }, force), v.draftId);
        };
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('could not keep the draft version'));
        tx.onabort = () => reject(tx.error ?? new Error('keeping the draft version was aborted'));
      });
    this.queue = this.queue.then(write, write);
    return this.queue;
  }

  async drafts(): Promise<DraftSummary[]> {
    await this.queue.catch(() => undefined);
    return summaries(await this.all());
  }

  async versions(draftId: string): Promise<DraftVersion[]> {
    await this.queue.catch(() => undefined);
    return (await this.all()).find((l) => l[0]?.draftId === draftId) ?? [];
  }
}

/** The best version store available: IndexedDB when it opens, memory otherwise. */
export async function openVersionStore(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<VersionStore> {
  if (!factory) return new MemoryVersionStore();
  try {
    return await IndexedDbVersionStore.open(factory);
  } catch {
    return new MemoryVersionStore();
  }
}

const CURRENT_KEY = 'crisis-room.editor.draft-id';

/** The id of the draft being edited in this browser (a new one when none is kept). */
export function currentDraftId(): string {
  try {
    const kept = localStorage.getItem(CURRENT_KEY);
    if (kept) return kept;
  } catch {
    /* no storage: an id for this page only */
  }
  return newDraftId();
}

/** Start a new draft id and keep it as the current one. */
export function newDraftId(): string {
  const id = freshDraftId();
  setCurrentDraftId(id);
  return id;
}

/** A new draft id, not made the current one (a text set aside, listed in Recent drafts). */
export function freshDraftId(): string {
  return `d-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Keep `id` as the draft being edited. */
export function setCurrentDraftId(id: string): void {
  try {
    localStorage.setItem(CURRENT_KEY, id);
  } catch {
    /* no storage */
  }
}
