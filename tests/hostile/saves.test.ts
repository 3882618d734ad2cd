import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRun } from '../../src/engine/run.ts';
import {
  clearSave,
  exportSave,
  onSaveFailure,
  restoreSave,
  saveRun,
  saveStatus,
} from '../../src/game/storage/saves.ts';
import { compileFile, TEMPLATE } from '../unit/helpers.ts';

/** A Storage in memory that refuses writes past `quota` characters (as a full browser store does). */
class MemoryStorage {
  private map = new Map<string, string>();
  constructor(private quota = Number.POSITIVE_INFINITY) {}
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    let used = 0;
    for (const [kk, vv] of this.map) if (kk !== k) used += kk.length + vv.length;
    if (used + k.length + v.length > this.quota) throw new DOMException('full', 'QuotaExceededError');
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  clear() {
    this.map.clear();
  }
}

const g = globalThis as unknown as { localStorage?: MemoryStorage; sessionStorage?: MemoryStorage };
let shared: MemoryStorage;
const tabA = new MemoryStorage();
const tabB = new MemoryStorage();
const inTab = (tab: MemoryStorage) => {
  g.sessionStorage = tab;
};

beforeEach(() => {
  shared = new MemoryStorage();
  g.localStorage = shared;
  tabA.clear();
  tabB.clear();
  inTab(tabA);
});
afterEach(() => {
  delete g.localStorage;
  delete g.sessionStorage;
  onSaveFailure(undefined);
});

describe('saves are never lost without a word (finding 6)', () => {
  const compiled = compileFile(TEMPLATE);
  const firstChoice = () => compiled.scenario.nodes.find((n) => n.id === compiled.scenario.start)!.choices[0]!.id;

  it('a full storage: the failed write is announced, every time', () => {
    g.localStorage = new MemoryStorage(10);
    const said: string[] = [];
    onSaveFailure((m) => said.push(m));
    const run = startRun(compiled, 1);
    expect(saveRun(run)).toBe(false);
    run.choose(firstChoice());
    expect(saveRun(run)).toBe(false);
    expect(said).toHaveLength(2);
    expect(said[0]).toMatch(/could not be saved: the browser's storage is full or turned off/);
  });

  it('two tabs of the same scenario each continue their own game', () => {
    inTab(tabA);
    const a = startRun(compiled, 111);
    a.choose(firstChoice());
    saveRun(a);
    inTab(tabB);
    const b = startRun(compiled, 222);
    saveRun(b);
    inTab(tabA);
    const ra = restoreSave(compiled);
    expect(ra.ok && ra.run.seed).toBe(111);
    expect(ra.ok && ra.run.trail.length).toBe(1);
    inTab(tabB);
    const rb = restoreSave(compiled);
    expect(rb.ok && rb.run.seed).toBe(222);
    // A's next move does not overwrite B's save.
    inTab(tabA);
    saveRun(a);
    inTab(tabB);
    expect(restoreSave(compiled).ok && (restoreSave(compiled) as { run: { seed: number } }).run.seed).toBe(222);
  });

  it('a save with a null step is shown as damaged: Continue explains instead of throwing; Export and Remove work', () => {
    const run = startRun(compiled, 5);
    run.choose(firstChoice());
    saveRun(run);
    const key = [...Array(shared.length).keys()].map((i) => shared.key(i)!).find((k) => k.includes(':save:'))!;
    const broken = JSON.parse(shared.getItem(key)!);
    broken.steps = [null];
    shared.setItem(key, JSON.stringify(broken));
    expect(saveStatus(compiled)).toBe('damaged');
    const r = restoreSave(compiled);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/damaged.*Export it to keep it, or remove it/);
    expect(exportSave(compiled.scenario.id)).toContain('"steps":[null]');
    clearSave(compiled.scenario.id);
    expect(saveStatus(compiled)).toBe('none');
  });

  it('a save that is not even JSON is damaged too, not silently gone', () => {
    shared.setItem(`crisis-room:save:v1:${compiled.scenario.id}:x1`, '{"version":1,"seed":');
    expect(saveStatus(compiled)).toBe('damaged');
    expect(exportSave(compiled.scenario.id)).toBe('{"version":1,"seed":');
  });
});
