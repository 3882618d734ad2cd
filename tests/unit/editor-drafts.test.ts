/** The editor's draft survives a reload: it is written to IndexedDB on every change, last change wins. */
import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { IndexedDbDraftStore, openDraftStore } from '../../src/editor/drafts.ts';

describe('drafts in IndexedDB', () => {
  it('a saved draft comes back from a new connection (a reload)', async () => {
    const factory = new IDBFactory();
    const first = await IndexedDbDraftStore.open(factory);
    expect(await first.load()).toBeUndefined();
    // Many quick saves, as typing makes: the last one is what comes back.
    const saves = ['f', 'fo', 'format: crisis-room/1'].map((text, i) =>
      first.save({ text, fileName: 'my.yaml', cursor: text.length, savedAt: i }),
    );
    await Promise.all(saves);
    first.close();
    const again = await IndexedDbDraftStore.open(factory);
    expect(await again.load()).toEqual({ text: 'format: crisis-room/1', fileName: 'my.yaml', cursor: 21, savedAt: 2 });
    again.close();
  });
  it('without IndexedDB the draft lives in memory, and the editor is told why', async () => {
    const { store, warning } = await openDraftStore(undefined);
    expect(store.persistent).toBe(false);
    expect(warning).toMatch(/download your scenario/);
    await store.save({ text: 'x', fileName: 'a.yaml', cursor: 1, savedAt: 1 });
    expect((await store.load())?.text).toBe('x');
  });
});
