import { readFileSync } from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { checkedFromDiagnostics } from '../../src/teacher/intake.ts';
import { TEMPLATE } from '../unit/helpers.ts';
import { describe, expect, it } from 'vitest';
import { IndexedDbLibrary, LIBRARY_DB } from '../../src/library/store.ts';

/** Write a raw record straight into the library's object store (as an older build or a tamperer would). */
async function putRaw(factory: IDBFactory, value: unknown): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = factory.open(LIBRARY_DB);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('scenarios', 'readwrite');
    tx.objectStore('scenarios').put(value);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

describe('damaged library entries are shown, not only logged (finding 6)', () => {
  it('lists a record that is not an entry as damaged, with its raw text to export, and removes it', async () => {
    const factory = new IDBFactory();
    const lib = await IndexedDbLibrary.open(factory);
    lib.close();
    await putRaw(factory, { id: 'broken', title: 'Broken one', text: null, version: 3 });
    const again = await IndexedDbLibrary.open(factory);
    expect(await again.list()).toEqual([]);
    const damaged = await again.damaged();
    expect(damaged).toHaveLength(1);
    expect(damaged[0]!.key).toBe('broken');
    expect(damaged[0]!.title).toBe('Broken one');
    expect(JSON.parse(damaged[0]!.raw)).toEqual({ id: 'broken', title: 'Broken one', text: null, version: 3 });
    await again.remove('broken');
    expect(await again.damaged()).toEqual([]);
    again.close();
  });
});

describe('library files are not parsed again on the main thread at start-up (finding 3)', () => {
  it('a file the check worker passed is compiled from the data it sent, not from its text', async () => {
    const text = readFileSync(TEMPLATE, 'utf8');
    const full = checkScenarioText(text, 'template.yaml');
    // What the worker sends is structured-cloned: plain data only.
    const parsed = structuredClone({ scenario: full.compiled!.scenario, sha256: full.compiled!.sha256 });
    // A text the main thread could not even read: were it parsed again here, the file would be refused.
    const checked = checkedFromDiagnostics('{ not: [valid', 'template.yaml', full.diagnostics, parsed);
    expect(checked.playable).toBe(true);
    expect(checked.incoming?.id).toBe(full.compiled!.scenario.id);
    expect(checked.incoming?.sha256).toBe(full.compiled!.sha256);
    expect(checked.check.compiled!.rules.nodes.size).toBe(full.compiled!.scenario.nodes.length);
  });
});

describe('a huge record in the library is skipped, never used (issue 23, case 9)', () => {
  it('an entry whose text is 50 MB is not offered: it is listed as damaged with its size, and exported as its text', async () => {
    const factory = new IDBFactory();
    const lib = await IndexedDbLibrary.open(factory);
    lib.close();
    const huge = 'x'.repeat(50 * 1024 * 1024);
    const entry = {
      id: 'huge',
      version: '1',
      title: 'Huge one',
      fileName: 'huge.yaml',
      text: huge,
      sha256: '0'.repeat(64),
      added: '2026-12-08T00:00:00.000Z',
    };
    await putRaw(factory, entry);
    await putRaw(factory, { ...entry, id: 'small', title: 'Small one', text: 'title: small' });
    const again = await IndexedDbLibrary.open(factory);
    expect((await again.list()).map((e) => e.id)).toEqual(['small']);
    expect(await again.get('huge')).toBeUndefined();
    const damaged = await again.damaged();
    expect(damaged.map((d) => d.title)).toEqual(['Huge one (50.0 MB, too large to be a scenario)']);
    // Exported as the text itself: not a JSON copy of the whole record.
    expect(damaged[0]!.raw.length).toBe(huge.length);
    await again.remove('huge');
    expect(await again.damaged()).toEqual([]);
    again.close();
  });
});
