/**
 * What Class review keeps in the browser (src/class-review/kept.ts), on fake-indexeddb: replays per
 * scenario survive a new connection (a reload), "Clear" forgets one scenario only, the limits hold
 * (count and size a scenario, size a replay), and a damaged record is skipped and removed, not thrown.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import {
  IndexedDbKeptReplays,
  KEPT_DB,
  KEPT_LIMITS,
  MemoryKeptReplays,
  type KeptReplay,
} from '../../src/class-review/kept.ts';

const replay = (scenario: string, k: number, text = `{"k":${k}}`): KeptReplay => ({
  scenario,
  name: `${scenario}-${k}.json`,
  text,
});

describe('kept replays', () => {
  it('survive a new connection, in the order kept; Clear forgets one scenario only', async () => {
    const factory = new IDBFactory();
    const a = await IndexedDbKeptReplays.open(factory);
    await a.keep([replay('x', 1), replay('y', 1), replay('x', 2)]);
    a.close();
    const b = await IndexedDbKeptReplays.open(factory);
    const loaded = await b.load();
    expect(loaded).toEqual({ replays: [replay('x', 1), replay('y', 1), replay('x', 2)], damaged: 0 });
    expect([b.count('x'), b.count('y')]).toEqual([2, 1]);
    await b.clear('x');
    expect(b.count('x')).toBe(0);
    b.close();
    const c = await IndexedDbKeptReplays.open(factory);
    expect((await c.load()).replays).toEqual([replay('y', 1)]);
    c.close();
  });

  it('keeps at most the limits a scenario and says why the rest are not kept', async () => {
    for (const store of [await IndexedDbKeptReplays.open(new IDBFactory()), new MemoryKeptReplays()]) {
      await store.load();
      const many = Array.from({ length: KEPT_LIMITS.perScenario + 2 }, (_, k) => replay('x', k));
      const notKept = await store.keep(many);
      expect(notKept.map((r) => r.name)).toEqual(['x-2000.json', 'x-2001.json']);
      expect(notKept[0]!.reason).toBe('this browser keeps at most 2,000 replays of one scenario');
      // Another scenario has its own room.
      expect(await store.keep([replay('y', 1)])).toEqual([]);
      const big = await store.keep([replay('y', 2, 'x'.repeat(KEPT_LIMITS.replayChars + 1))]);
      expect(big[0]!.reason).toMatch(/larger than 1,000,000 characters/);
      const halves = Array.from({ length: 21 }, (_, k) => replay('z', k, 'x'.repeat(KEPT_LIMITS.replayChars)));
      const over = await store.keep(halves);
      expect(over.map((r) => r.name)).toEqual(['z-20.json']);
      expect(over[0]!.reason).toMatch(/at most 20,000,000 characters/);
      expect([store.count('x'), store.count('y'), store.count('z')]).toEqual([2000, 1, 20]);
    }
  });

  it('skips and removes a record that is not a kept replay', async () => {
    const factory = new IDBFactory();
    const a = await IndexedDbKeptReplays.open(factory);
    await a.keep([replay('x', 1)]);
    a.close();
    // Another writer put things there.
    await new Promise<void>((resolve, reject) => {
      const req = factory.open(KEPT_DB);
      req.onsuccess = () => {
        const tx = req.result.transaction('replays', 'readwrite');
        tx.objectStore('replays').add({ scenario: 'x', name: 1, text: 'a' });
        tx.objectStore('replays').add(null);
        tx.oncomplete = () => {
          req.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
    const b = await IndexedDbKeptReplays.open(factory);
    expect(await b.load()).toEqual({ replays: [replay('x', 1)], damaged: 2 });
    expect(await b.load()).toEqual({ replays: [replay('x', 1)], damaged: 0 });
    b.close();
  });
});
