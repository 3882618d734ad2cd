/**
 * The editor's draft, kept in IndexedDB on every change so a reload or a crash loses nothing.
 * One draft (the one being edited): its text, file name and cursor. Writes are queued so the
 * last change always wins; without IndexedDB the draft lives in memory and the editor says so.
 */

/** What is saved of the draft being edited. */
export interface Draft {
  text: string;
  fileName: string;
  /** Cursor offset, so returning to the editor puts it back where it was. */
  cursor: number;
  /** ms since 1970, when it was last changed. */
  savedAt: number;
}

/** Where drafts are kept. */
export interface DraftStore {
  readonly persistent: boolean;
  load(): Promise<Draft | undefined>;
  save(draft: Draft): Promise<void>;
}

export const DRAFTS_DB = 'crisis-room-editor';
const STORE = 'drafts';
const KEY = 'current';

function isDraft(v: unknown): v is Draft {
  const d = v as Partial<Draft> | undefined;
  return (
    !!d &&
    typeof d.text === 'string' &&
    typeof d.fileName === 'string' &&
    typeof d.cursor === 'number' &&
    typeof d.savedAt === 'number'
  );
}

/** A draft kept in memory only (no IndexedDB in this browser). */
export class MemoryDraftStore implements DraftStore {
  readonly persistent = false;
  private draft: Draft | undefined;
  async load(): Promise<Draft | undefined> {
    return this.draft && { ...this.draft };
  }
  async save(draft: Draft): Promise<void> {
    this.draft = { ...draft };
  }
}

/** The draft in IndexedDB. */
export class IndexedDbDraftStore implements DraftStore {
  readonly persistent = true;
  private queue: Promise<void> = Promise.resolve();
  private constructor(private readonly db: IDBDatabase) {}

  /** Open (creating) the drafts database. */
  static async open(factory: IDBFactory, name = DRAFTS_DB): Promise<IndexedDbDraftStore> {
    const req = factory.open(name, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
    };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('could not open the drafts database'));
      req.onblocked = () => reject(new Error('the drafts database is blocked by another tab of the game'));
    });
    db.onversionchange = () => db.close();
    return new IndexedDbDraftStore(db);
  }

  async load(): Promise<Draft | undefined> {
    await this.queue;
    const tx = this.db.transaction(STORE, 'readonly');
    const req = tx.objectStore(STORE).get(KEY);
    const v = await new Promise<unknown>((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('could not read the draft'));
    });
    return isDraft(v) ? v : undefined;
  }

  save(draft: Draft): Promise<void> {
    // One write at a time, in order: a slow write never lands after a newer one.
    const write = () =>
      new Promise<void>((resolve, reject) => {
        const tx = this.db.transaction(STORE, 'readwrite');
        tx.objectStore(STORE).put({ ...draft }, KEY);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('could not save the draft'));
        tx.onabort = () => reject(tx.error ?? new Error('saving the draft was aborted'));
      });
    this.queue = this.queue.then(write, write);
    return this.queue;
  }

  /** Close the connection (tests). */
  close(): void {
    this.db.close();
  }
}

/** The best draft store available: IndexedDB when it opens, memory otherwise (with the reason). */
export async function openDraftStore(
  factory: IDBFactory | undefined = globalThis.indexedDB,
): Promise<{ store: DraftStore; warning?: string }> {
  if (!factory)
    return {
      store: new MemoryDraftStore(),
      warning: 'This browser keeps no local storage: download your scenario before you close the page.',
    };
  try {
    return { store: await IndexedDbDraftStore.open(factory) };
  } catch (e) {
    return {
      store: new MemoryDraftStore(),
      warning: `Drafts cannot be kept in this browser (${(e as Error).message}): download your scenario before you close the page.`,
    };
  }
}
