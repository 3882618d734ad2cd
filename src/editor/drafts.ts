/**
 * The editor's draft, kept in IndexedDB on every change so a reload or a crash loses nothing.
 * One draft (the one being edited): its text, file name and cursor. Writes are queued so the
 * last change always wins; without IndexedDB the draft lives in memory and the editor says so.
 *
 * Two tabs share the one draft record, so every write is checked against the revision this tab
 * last read or wrote (issue 23, case 3): when another tab wrote in between, the write is refused
 * with a DraftConflict carrying the other tab's draft, and the editor asks which to keep. A record
 * too large to be a scenario (damaged, or written by something else) is never opened in the editor.
 */
import { formatSize } from '../library/entry.ts';
import { openDatabase, persistentOrMemory, request } from '../library/idb.ts';
import { LIMITS } from '../scenario/format.ts';

/** What is saved of the draft being edited. */
export interface Draft {
  text: string;
  fileName: string;
  /** Cursor offset, so returning to the editor puts it back where it was. */
  cursor: number;
  /** ms since 1970, when it was last changed. */
  savedAt: number;
  /** Revision of the stored record (1 for the first write); older builds wrote none. */
  rev?: number;
}

/** The largest draft the editor opens: the largest scenario file the game reads (2 MiB). */
export const DRAFT_TEXT_LIMIT = LIMITS.fileBytes;

/** Another tab saved the draft after this tab last read it: `theirs` is what it saved. */
export class DraftConflict extends Error {
  constructor(readonly theirs: Draft) {
    super('this draft was changed in another tab');
    this.name = 'DraftConflict';
  }
}

/** The stored draft record is too large or not a draft: it is not opened (`size`: its text length when known). */
export class DraftUnreadable extends Error {
  constructor(
    message: string,
    readonly size?: number,
  ) {
    super(message);
    this.name = 'DraftUnreadable';
  }
}

/** Where drafts are kept. */
export interface DraftStore {
  readonly persistent: boolean;
  load(): Promise<Draft | undefined>;
  /** Save; rejects with DraftConflict when another tab saved since this one last read or wrote. */
  save(draft: Draft): Promise<void>;
  /** Save over whatever is stored (the teacher chose this tab's version in a conflict). */
  overwrite(draft: Draft): Promise<void>;
  /** The stored draft when another tab saved it since this one last read or wrote, else undefined. */
  newer(): Promise<Draft | undefined>;
  /** This tab now shows `draft` (another tab's save, from newer() or a DraftConflict): later saves build on it. */
  adopt(draft: Draft): void;
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
    typeof d.savedAt === 'number' &&
    (d.rev === undefined || typeof d.rev === 'number')
  );
}

/** The stored record as a draft the editor can open, or DraftUnreadable saying why not. */
function readDraft(v: unknown): Draft {
  if (!isDraft(v)) throw new DraftUnreadable('the saved draft is damaged (it is not a draft the editor wrote)');
  if (v.text.length > DRAFT_TEXT_LIMIT)
    throw new DraftUnreadable(
      `the saved draft is too large to edit here (${formatSize(v.text.length)}; the largest scenario is ${formatSize(DRAFT_TEXT_LIMIT)})`,
      v.text.length,
    );
  return v;
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
  overwrite(draft: Draft): Promise<void> {
    return this.save(draft);
  }
  async newer(): Promise<Draft | undefined> {
    return undefined;
  }
  adopt(): void {}
}

/** The draft in IndexedDB. */
export class IndexedDbDraftStore implements DraftStore {
  readonly persistent = true;
  private queue: Promise<void> = Promise.resolve();
  /** The revision this tab last read or wrote (0: none yet). */
  private seen = 0;
  private constructor(private readonly db: IDBDatabase) {}

  /** Open (creating) the drafts database. */
  static async open(factory: IDBFactory, name = DRAFTS_DB): Promise<IndexedDbDraftStore> {
    const db = await openDatabase(
      factory,
      name,
      1,
      (db) => {
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE);
      },
      'the drafts database',
    );
    return new IndexedDbDraftStore(db);
  }

  async load(): Promise<Draft | undefined> {
    await this.queue.catch(() => undefined);
    const tx = this.db.transaction(STORE, 'readonly');
    const v = await request(tx.objectStore(STORE).get(KEY));
    if (v === undefined) return undefined;
    const draft = readDraft(v);
    this.seen = draft.rev ?? 0;
    return draft;
  }

  async newer(): Promise<Draft | undefined> {
    await this.queue.catch(() => undefined);
    const tx = this.db.transaction(STORE, 'readonly');
    const v: unknown = await request(tx.objectStore(STORE).get(KEY));
    return isDraft(v) && (v.rev ?? 0) !== this.seen && v.text.length <= DRAFT_TEXT_LIMIT ? v : undefined;
  }

  adopt(draft: Draft): void {
    this.seen = draft.rev ?? 0;
  }

  save(draft: Draft): Promise<void> {
    return this.write(draft, false);
  }

  overwrite(draft: Draft): Promise<void> {
    return this.write(draft, true);
  }

  /** One write at a time, in order (a slow write never lands after a newer one), checked against `seen`. */
  private write(draft: Draft, force: boolean): Promise<void> {
    const write = () =>
      new Promise<void>((resolve, reject) => {
        const tx = this.db.transaction(STORE, 'readwrite');
        const store = tx.objectStore(STORE);
        let conflict: DraftConflict | undefined;
        let rev = 0;
        const get = store.get(KEY);
        get.onsuccess = () => {
          const stored: unknown = get.result;
          const storedRev = isDraft(stored) ? (stored.rev ?? 0) : stored === undefined ? 0 : -1;
          if (!force && storedRev !== this.seen && isDraft(stored) && stored.text !== draft.text) {
            conflict = new DraftConflict({ ...stored });
            return;
          }
          rev = Math.max(storedRev, this.seen) + 1;
          store.put({ ...draft, rev }, KEY);
        };
        tx.oncomplete = () => {
          if (conflict) return reject(conflict);
          this.seen = rev;
          resolve();
        };
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
export function openDraftStore(
  factory: IDBFactory | undefined = globalThis.indexedDB,
): Promise<{ store: DraftStore; warning?: string }> {
  return persistentOrMemory<DraftStore>(
    factory,
    (f) => IndexedDbDraftStore.open(f),
    () => new MemoryDraftStore(),
    (reason) =>
      reason === undefined
        ? 'This browser keeps no local storage: download your scenario before you close the page.'
        : `Drafts cannot be kept in this browser (${reason}): download your scenario before you close the page.`,
  );
}
