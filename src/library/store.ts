/**
 * Where the library lives: IndexedDB in the browser (survives reloads), or memory when IndexedDB
 * is missing (private modes of some browsers, tests). Both behind one small async interface.
 */
import {
  decideAdd,
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

/** What a damaged record can show: its title when it has a text one, else its key. */
export function describeDamaged(key: IDBValidKey, value: unknown): DamagedRecord {
  const o = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  let raw: string;
  try {
    raw = JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    raw = String(value);
  }
  return { key: String(key), title: typeof o.title === 'string' ? o.title : String(key), raw };
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
    const tx = this.db.transaction(STORE, 'readonly');
    const all = await request(tx.objectStore(STORE).getAll());
    return sortEntries((all as unknown[]).filter(isLibraryEntry));
  }
  async damaged(): Promise<DamagedRecord[]> {
    const tx = this.db.transaction(STORE, 'readonly');
    const store = tx.objectStore(STORE);
    const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
    const out: DamagedRecord[] = [];
    (values as unknown[]).forEach((v, i) => {
      if (!isLibraryEntry(v)) out.push(describeDamaged(keys[i]!, v));
    });
    return out;
  }
  async get(id: string): Promise<LibraryEntry | undefined> {
    const tx = this.db.transaction(STORE, 'readonly');
    const v: unknown = await request(tx.objectStore(STORE).get(id));
    return isLibraryEntry(v) ? v : undefined;
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
