/**
 * Where the library lives: IndexedDB in the browser (survives reloads), or memory when IndexedDB
 * is missing (private modes of some browsers, tests). Both behind one small async interface.
 */
import { LIMITS } from '../scenario/format.ts';
import {
  decideAdd,
  formatSize,
  isLibraryEntry,
  makeEntry,
  needsConfirmation,
  sortEntries,
  type AddDecision,
  type Incoming,
  type LibraryEntry,
} from './entry.ts';
import { done, openDatabase, request } from './idb.ts';

/** The library's storage: one entry per scenario id. */
export interface ScenarioLibrary {
  /** Every entry, most recent first. */
  list(): Promise<LibraryEntry[]>;
  /** How many records are stored, damaged ones included (nothing is read). */
  count(): Promise<number>;
  get(id: string): Promise<LibraryEntry | undefined>;
  /** Store an entry, replacing any with the same id. */
  put(entry: LibraryEntry): Promise<void>;
  remove(id: string): Promise<void>;
  /** True when entries survive a reload (IndexedDB), false for the memory fallback. */
  readonly persistent: boolean;
  /** Stored records that are not entries (written by an older build, or tampered with), to show as damaged. */
  damaged?(): Promise<DamagedRecord[]>;
}

/** A stored record that is not a library entry: its key, what can be told of it, and its raw JSON to export. */
export interface DamagedRecord {
  key: string;
  title: string;
  raw: string;
}

/**
 * What a damaged record can show: its title when it has a text one, else its key. A record with a
 * text too large to be a scenario (issue 23, case 9) is named with its size and exported as that
 * text alone: it is never turned into indented JSON, which would copy it several times over.
 */
export function describeDamaged(key: IDBValidKey, value: unknown): DamagedRecord {
  const o = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const title = typeof o.title === 'string' ? o.title.slice(0, 200) : String(key);
  if (typeof o.text === 'string' && o.text.length > LIBRARY_TEXT_LIMIT)
    return {
      key: String(key),
      title: `${title} (${formatSize(o.text.length)}, too large to be a scenario)`,
      raw: o.text,
    };
  let raw: string;
  try {
    raw = JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    raw = String(value);
  }
  return { key: String(key), title, raw };
}

/** The largest scenario text a library entry may hold: the largest scenario file (2 MiB). */
export const LIBRARY_TEXT_LIMIT = LIMITS.fileBytes;

/** A stored record the game can use: an entry whose text is not too large to be a scenario. */
function isUsableEntry(v: unknown): v is LibraryEntry {
  return isLibraryEntry(v) && v.text.length <= LIBRARY_TEXT_LIMIT;
}

export const LIBRARY_DB = 'crisis-room-library';
const STORE = 'scenarios';
const DB_VERSION = 1;

/** A library in memory (tests, or browsers without IndexedDB). */
export class MemoryLibrary implements ScenarioLibrary {
  readonly persistent = false;
  private readonly entries = new Map<string, LibraryEntry>();

  async list(): Promise<LibraryEntry[]> {
    return sortEntries([...this.entries.values()].map((e) => ({ ...e })));
  }
  async count(): Promise<number> {
    return this.entries.size;
  }
  async get(id: string): Promise<LibraryEntry | undefined> {
    const e = this.entries.get(id);
    return e ? { ...e } : undefined;
  }
  async put(entry: LibraryEntry): Promise<void> {
    this.entries.set(entry.id, { ...entry });
  }
  async remove(id: string): Promise<void> {
    this.entries.delete(id);
  }
}

/** A library in IndexedDB. */
export class IndexedDbLibrary implements ScenarioLibrary {
  readonly persistent = true;
  private constructor(private readonly db: IDBDatabase) {}

  /** Open (creating or upgrading) the library database. */
  static async open(factory: IDBFactory, name = LIBRARY_DB): Promise<IndexedDbLibrary> {
    const db = await openDatabase(
      factory,
      name,
      DB_VERSION,
      (d) => {
        if (!d.objectStoreNames.contains(STORE)) d.createObjectStore(STORE, { keyPath: 'id' });
      },
      'the scenario library',
    );
    return new IndexedDbLibrary(db);
  }

  async list(): Promise<LibraryEntry[]> {
    const out: LibraryEntry[] = [];
    await this.scan((_key, v) => {
      if (isUsableEntry(v)) out.push(v);
    });
    return sortEntries(out);
  }
  async damaged(): Promise<DamagedRecord[]> {
    const out: DamagedRecord[] = [];
    await this.scan((key, v) => {
      if (!isUsableEntry(v)) out.push(describeDamaged(key, v));
    });
    return out;
  }
  async count(): Promise<number> {
    return request(this.db.transaction(STORE, 'readonly').objectStore(STORE).count());
  }
  /** Visit every record once, one at a time (a cursor: never every record in one array). */
  private scan(visit: (key: IDBValidKey, value: unknown) => void): Promise<void> {
    const tx = this.db.transaction(STORE, 'readonly');
    const req = tx.objectStore(STORE).openCursor();
    return new Promise((resolve, reject) => {
      req.onsuccess = () => {
        const cursor = req.result;
        if (!cursor) return resolve();
        visit(cursor.primaryKey, cursor.value);
        cursor.continue();
      };
      req.onerror = () => reject(req.error ?? new Error('could not read the scenario library'));
    });
  }
  async get(id: string): Promise<LibraryEntry | undefined> {
    const tx = this.db.transaction(STORE, 'readonly');
    const v: unknown = await request(tx.objectStore(STORE).get(id));
    return isUsableEntry(v) ? v : undefined;
  }
  async put(entry: LibraryEntry): Promise<void> {
    const tx = this.db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put({ ...entry });
    await done(tx);
  }
  async remove(id: string): Promise<void> {
    const tx = this.db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).delete(id);
    await done(tx);
  }
  /** Close the connection (tests; the game keeps it open). */
  close(): void {
    this.db.close();
  }
}

/** Open the best library available: IndexedDB when it works, memory otherwise (with the reason). */
export async function openLibrary(
  factory: IDBFactory | undefined = globalThis.indexedDB,
): Promise<{ library: ScenarioLibrary; warning?: string }> {
  if (!factory)
    return {
      library: new MemoryLibrary(),
      warning: 'This browser keeps no local storage for the game: loaded scenarios last until the page is closed.',
    };
  try {
    return { library: await IndexedDbLibrary.open(factory) };
  } catch (e) {
    return {
      library: new MemoryLibrary(),
      warning: `The scenario library could not be opened (${(e as Error).message}): loaded scenarios last until the page is closed.`,
    };
  }
}

/** What adding a file did. */
export type AddResult =
  | { status: 'added'; entry: LibraryEntry }
  | { status: 'replaced'; entry: LibraryEntry; previous: LibraryEntry }
  | { status: 'identical'; entry: LibraryEntry }
  /** The user declined to replace: the library keeps `entry`. */
  | { status: 'kept'; entry: LibraryEntry; declined: LibraryEntry };

/**
 * Add a checked scenario file to the library. When one with the same id is there and differs,
 * `confirm` is asked the decision's question first; declining keeps the library unchanged.
 */
export async function addToLibrary(
  library: ScenarioLibrary,
  incoming: Incoming,
  text: string,
  fileName: string,
  confirm: (decision: Extract<AddDecision, { question: string }>) => Promise<boolean>,
  now: () => Date = () => new Date(),
): Promise<AddResult> {
  const existing = await library.get(incoming.id);
  const decision = decideAdd(existing, incoming);
  if (decision.kind === 'add') {
    const entry = makeEntry(incoming, text, fileName, now());
    await library.put(entry);
    return { status: 'added', entry };
  }
  if (decision.kind === 'identical') return { status: 'identical', entry: decision.existing };
  if (!needsConfirmation(decision)) throw new Error('unreachable');
  const candidate = makeEntry(incoming, text, fileName, now(), decision.existing);
  if (!(await confirm(decision))) return { status: 'kept', entry: decision.existing, declined: candidate };
  await library.put(candidate);
  return { status: 'replaced', entry: candidate, previous: decision.existing };
}
