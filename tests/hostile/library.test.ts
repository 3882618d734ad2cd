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
