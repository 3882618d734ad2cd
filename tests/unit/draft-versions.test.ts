/** A draft's versions: the last 20 kept, pauses closer than the gap merged, an unchanged text not repeated. */
import { describe, expect, it } from 'vitest';
import {
  IndexedDbVersionStore,
  VERSION_GAP_MS,
  VERSIONS_KEPT,
  withVersion,
  type DraftVersion,
} from '../../src/editor/draft-versions.ts';
import { IDBFactory } from 'fake-indexeddb';

const v = (text: string, savedAt: number, draftId = 'd1'): DraftVersion => ({
  draftId,
  fileName: 'a.yaml',
  text,
  savedAt,
});

describe('draft versions', () => {
  it('keeps the last 20, the newest first', () => {
    let list: DraftVersion[] = [];
    for (let i = 0; i < 25; i++) list = withVersion(list, v(`t${i}`, i * VERSION_GAP_MS));
    expect(list.length).toBe(VERSIONS_KEPT);
    expect(list[0]!.text).toBe('t24');
    expect(list[VERSIONS_KEPT - 1]!.text).toBe('t5');
  });

  it('merges a pause within the gap into the newest version, unless forced; never repeats a text', () => {
    let list = withVersion([], v('a', 0));
    list = withVersion(list, v('ab', VERSION_GAP_MS - 1));
    expect(list.map((x) => x.text)).toEqual(['ab']);
    list = withVersion(list, v('abc', VERSION_GAP_MS), true);
    expect(list.map((x) => x.text)).toEqual(['abc', 'ab']);
    expect(withVersion(list, v('abc', 10 * VERSION_GAP_MS))).toBe(list);
  });

  it('IndexedDB keeps each draft apart and lists the newest draft first', async () => {
    const store = await IndexedDbVersionStore.open(new IDBFactory());
    await store.record(v('one', 1, 'd1'));
    await store.record(v('two', 2 * VERSION_GAP_MS, 'd2'));
    await store.record(v('one more', 3 * VERSION_GAP_MS, 'd1'));
    expect((await store.drafts()).map((d) => [d.draftId, d.text, d.versions])).toEqual([
      ['d1', 'one more', 2],
      ['d2', 'two', 1],
    ]);
    expect((await store.versions('d1')).map((x) => x.text)).toEqual(['one more', 'one']);
  });
});

describe('a version too large to be a scenario is not offered (issue 23, case 9)', () => {
  it('a 3 MB version kept in the store is not listed among the drafts', async () => {
    const store = await IndexedDbVersionStore.open(new IDBFactory());
    await store.record({ draftId: 'small', fileName: 'a.yaml', text: 'title: a', savedAt: 1 });
    await store.record({ draftId: 'huge', fileName: 'b.yaml', text: 'x'.repeat(3 * 1024 * 1024), savedAt: 2 });
    expect((await store.drafts()).map((d) => d.draftId)).toEqual(['small']);
    expect(await store.versions('huge')).toEqual([]);
  });
});
