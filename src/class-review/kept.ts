/**
 * The class review's replays, kept in this browser (IndexedDB) per scenario until the teacher
 * clears them: closing Class review or reloading the page loses nothing. What is kept is bounded
 * like any input from students (docs/security.md): at most KEPT_LIMITS.perScenario replays and
 * KEPT_LIMITS.scenarioChars characters a scenario, a replay of at most KEPT_LIMITS.replayChars;
 * past a limit a replay is counted but not kept, and said so. A stored record that is not a kept
 * replay (an older build, a tampered profile) is skipped, removed and reported, never thrown on.
 * Without IndexedDB the replays are kept in memory until the page closes, and the review says so.
 */
import { done, openDatabase, request } from '../library/idb.ts';

/** One kept replay: the scenario id it belongs to, its name in the tables, and its text. */
export interface KeptReplay {
  scenario: string;
  name: string;
  text: string;
}

/** What is kept at most. */
export const KEPT_LIMITS = {
  /** Replays a scenario: a school year of classes. */
  perScenario: 2000,
  /** Characters of one replay (a 10,000-step replay is about 600,000). */
  replayChars: 1_000_000,
  /** Characters of all of a scenario's replays (2,000 ordinary replays are about 4 million). */
  scenarioChars: 20_000_000,
} as const;

/** A replay that was counted but not kept, with the reason. */
export interface NotKept {
  name: string;
  reason: string;
}

/** Where the class review keeps its replays. */
export interface KeptReplays {
  /** True when they survive a reload (IndexedDB). */
  readonly persistent: boolean;
  /** Every kept replay, in the order kept, and how many damaged records were skipped (and removed). */
  load(): Promise<{ replays: KeptReplay[]; damaged: number }>;
  /** Keep these replays; those over a limit are not kept (the list says why). Rejects when the browser refuses the write. */
  keep(items: readonly KeptReplay[]): Promise<NotKept[]>;
  /** Forget every replay of a scenario. */
  clear(scenario: string): Promise<void>;
  /** How many replays of a scenario are kept. */
  count(scenario: string): number;
}

function isKept(v: unknown): v is KeptReplay {
  const r = v as Partial<KeptReplay> | undefined;
  return (
    !!r &&
    typeof r.scenario === 'string' &&
    typeof r.name === 'string' &&
    typeof r.text === 'string' &&
    r.name.length <= 1000 &&
    r.text.length <= KEPT_LIMITS.replayChars
  );
}

const n = (x: number) => x.toLocaleString('en');

/** The limits, shared by both stores: per scenario, how many replays and characters are kept. */
class Tally {
  private readonly by = new Map<string, { count: number; chars: number }>();
  add(r: KeptReplay): void {
    const t = this.by.get(r.scenario) ?? { count: 0, chars: 0 };
    t.count++;
    t.chars += r.text.length;
    this.by.set(r.scenario, t);
  }
  /** Why `r` cannot be kept, or undefined when it can (then it is counted). */
  admit(r: KeptReplay): string | undefined {
    const t = this.by.get(r.scenario) ?? { count: 0, chars: 0 };
    if (r.text.length > KEPT_LIMITS.replayChars)
      return `it is larger than ${n(KEPT_LIMITS.replayChars)} characters, the most a kept replay may be`;
    if (t.count >= KEPT_LIMITS.perScenario)
      return `this browser keeps at most ${n(KEPT_LIMITS.perScenario)} replays of one scenario`;
    if (t.chars + r.text.length > KEPT_LIMITS.scenarioChars)
      return `this browser keeps at most ${n(KEPT_LIMITS.scenarioChars)} characters of one scenario's replays`;
    this.add(r);
    return undefined;
  }
  clear(scenario: string): void {
    this.by.delete(scenario);
  }
  count(scenario: string): number {
    return this.by.get(scenario)?.count ?? 0;
  }
}

/** Replays kept in memory (no IndexedDB): they last until the page is closed. */
export class MemoryKeptReplays implements KeptReplays {
  readonly persistent = false;
  private list: KeptReplay[] = [];
  private readonly tally = new Tally();
  async load(): Promise<{ replays: KeptReplay[]; damaged: number }> {
    return { replays: [...this.list], damaged: 0 };
  }
  async keep(items: readonly KeptReplay[]): Promise<NotKept[]> {
    const notKept: NotKept[] = [];
    for (const r of items) {
      const why = this.tally.admit(r);
      if (why) notKept.push({ name: r.name, reason: why });
      else this.list.push({ ...r });
    }
    return notKept;
  }
  async clear(scenario: string): Promise<void> {
    this.list = this.list.filter((r) => r.scenario !== scenario);
    this.tally.clear(scenario);
  }
  count(scenario: string): number {
    return this.tally.count(scenario);
  }
}

export const KEPT_DB = 'crisis-room-class-review';
const STORE = 'replays';
const BY_SCENARIO = 'scenario';

/** Replays kept in IndexedDB: one record each (auto-numbered, so the order kept is the order read). */
export class IndexedDbKeptReplays implements KeptReplays {
  readonly persistent = true;
  private tally = new Tally();
  private constructor(private readonly db: IDBDatabase) {}

  static async open(factory: IDBFactory, name = KEPT_DB): Promise<IndexedDbKeptReplays> {
    const db = await openDatabase(
      factory,
      name,
      1,
      (d) => {
        if (!d.objectStoreNames.contains(STORE))
          d.createObjectStore(STORE, { autoIncrement: true }).createIndex(BY_SCENARIO, 'scenario');
      },
      'the class review’s storage',
    );
    return new IndexedDbKeptReplays(db);
  }

  async load(): Promise<{ replays: KeptReplay[]; damaged: number }> {
    this.tally = new Tally();
    const tx = this.db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
    const replays: KeptReplay[] = [];
    let damaged = 0;
    (values as unknown[]).forEach((v, i) => {
      if (isKept(v) && !this.tally.admit(v)) replays.push({ scenario: v.scenario, name: v.name, text: v.text });
      else {
        // Not a kept replay (or past the limits): it would be skipped on every load, so it goes.
        damaged++;
        store.delete(keys[i]!);
      }
    });
    await done(tx);
    return { replays, damaged };
  }

  async keep(items: readonly KeptReplay[]): Promise<NotKept[]> {
    const notKept: NotKept[] = [];
    const admitted: KeptReplay[] = [];
    for (const r of items) {
      const why = this.tally.admit(r);
      if (why) notKept.push({ name: r.name, reason: why });
      else admitted.push(r);
    }
    if (!admitted.length) return notKept;
    const tx = this.db.transaction(STORE, 'readwrite');
    try {
      const store = tx.objectStore(STORE);
      for (const r of admitted) store.add({ scenario: r.scenario, name: r.name, text: r.text });
      await done(tx);
    } catch (e) {
      // Nothing of this batch was kept: count again from what is stored.
      await this.load().catch(() => undefined);
      throw e;
    }
    return notKept;
  }

  async clear(scenario: string): Promise<void> {
    const tx = this.db.transaction(STORE, 'readwrite');
    const index = tx.objectStore(STORE).index(BY_SCENARIO);
    const keys = await request(index.getAllKeys(scenario));
    for (const k of keys) tx.objectStore(STORE).delete(k);
    await done(tx);
    this.tally.clear(scenario);
  }

  count(scenario: string): number {
    return this.tally.count(scenario);
  }

  /** Close the connection (tests). */
  close(): void {
    this.db.close();
  }
}

let opened: Promise<{ store: KeptReplays; warning?: string }> | undefined;

/**
 * The class review's store for this page (opened once): IndexedDB when it opens, memory otherwise
 * (with the reason, in words for the teacher).
 */
export function keptReplays(
  factory: IDBFactory | undefined = globalThis.indexedDB,
): Promise<{ store: KeptReplays; warning?: string }> {
  opened ??= (async () => {
    if (!factory)
      return {
        store: new MemoryKeptReplays(),
        warning: 'This browser keeps no local storage: the replays stay in Class review only until the page is closed.',
      };
    try {
      return { store: await IndexedDbKeptReplays.open(factory) };
    } catch (e) {
      return {
        store: new MemoryKeptReplays(),
        warning: `This browser did not let the game keep the replays (${(e as Error).message}): they stay in Class review only until the page is closed.`,
      };
    }
  })();
  return opened;
}
