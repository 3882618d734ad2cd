/** The editor's draft survives a reload: it is written to IndexedDB on every change, last change wins. */
import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import {
  DRAFT_TEXT_LIMIT,
  DRAFTS_DB,
  DraftConflict,
  DraftUnreadable,
  IndexedDbDraftStore,
  openDraftStore,
} from '../../src/editor/drafts.ts';

const draft = (text: string, savedAt = 1) => ({ text, fileName: 'my.yaml', cursor: 0, savedAt });

/** Write a record straight into the drafts store, as a damaged disk or another program would. */
async function putRaw(factory: IDBFactory, value: unknown): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = factory.open(DRAFTS_DB);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('drafts', 'readwrite');
    tx.objectStore('drafts').put(value, 'current');
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

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
    expect(await again.load()).toEqual({
      text: 'format: crisis-room/1',
      fileName: 'my.yaml',
      cursor: 21,
      savedAt: 2,
      rev: 3,
    });
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

describe('two tabs editing one draft (issue 23, case 3)', () => {
  it("a tab that saves after another tab's save is refused with the other tab's draft, and nothing is overwritten", async () => {
    const factory = new IDBFactory();
    const tabA = await IndexedDbDraftStore.open(factory);
    const tabB = await IndexedDbDraftStore.open(factory);
    await tabA.load();
    await tabB.load();
    await tabA.save(draft('written in tab A'));
    await tabA.save(draft('written in tab A, more'));
    const refused = await tabB.save(draft('written in tab B')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(DraftConflict);
    expect((refused as DraftConflict).theirs.text).toBe('written in tab A, more');
    // A reload shows tab A's work: tab B's refused write did not replace it.
    const reload = await IndexedDbDraftStore.open(factory);
    expect((await reload.load())?.text).toBe('written in tab A, more');
    // Tab B's later saves keep being refused until the teacher chooses...
    await expect(tabB.save(draft('tab B again'))).rejects.toBeInstanceOf(DraftConflict);
    // ...and choosing "keep this tab's version" writes it; then tab A is the one asked.
    await tabB.overwrite(draft('tab B chosen'));
    expect((await reload.load())?.text).toBe('tab B chosen');
    await expect(tabA.save(draft('tab A once more'))).rejects.toBeInstanceOf(DraftConflict);
    for (const s of [tabA, tabB, reload]) s.close();
  });

  it('one tab saving many times in a row is never asked', async () => {
    const factory = new IDBFactory();
    const tab = await IndexedDbDraftStore.open(factory);
    await tab.load();
    await Promise.all(['a', 'ab', 'abc', 'abcd'].map((t) => tab.save(draft(t))));
    tab.close();
    const reload = await IndexedDbDraftStore.open(factory);
    expect((await reload.load())?.text).toBe('abcd');
    reload.close();
  });

  it('a draft written by an older build (no revision) is read and saved over without a question', async () => {
    const factory = new IDBFactory();
    await IndexedDbDraftStore.open(factory).then((s) => s.close());
    await putRaw(factory, draft('from an older build'));
    const tab = await IndexedDbDraftStore.open(factory);
    expect((await tab.load())?.text).toBe('from an older build');
    await tab.save(draft('edited now'));
    expect((await tab.load())?.text).toBe('edited now');
    tab.close();
  });
});

describe('a damaged or huge stored draft is not opened (issue 23, case 9)', () => {
  it('a 50 MB draft is refused with its size, not handed to the editor', async () => {
    const factory = new IDBFactory();
    await IndexedDbDraftStore.open(factory).then((s) => s.close());
    await putRaw(factory, draft('x'.repeat(50 * 1024 * 1024)));
    const tab = await IndexedDbDraftStore.open(factory);
    const e = await tab.load().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(DraftUnreadable);
    expect((e as Error).message).toMatch(/too large to edit here \(50\.0 MB; the largest scenario is 2\.0 MB\)/);
    // The limit is the largest scenario text: a draft just under it opens.
    await tab.overwrite(draft('y'.repeat(DRAFT_TEXT_LIMIT)));
    expect((await tab.load())?.text.length).toBe(DRAFT_TEXT_LIMIT);
    tab.close();
  });

  it('a record that is not a draft is refused as damaged', async () => {
    const factory = new IDBFactory();
    await IndexedDbDraftStore.open(factory).then((s) => s.close());
    await putRaw(factory, { text: 42 });
    const tab = await IndexedDbDraftStore.open(factory);
    await expect(tab.load()).rejects.toThrow(/damaged/);
    tab.close();
  });
});
