import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import {
  compareVersions,
  decideAdd,
  isLibraryEntry,
  makeEntry,
  needsConfirmation,
  sortEntries,
  type LibraryEntry,
} from '../../src/library/entry.ts';
import {
  IndexedDbLibrary,
  MemoryLibrary,
  addToLibrary,
  openLibrary,
  type ScenarioLibrary,
} from '../../src/library/store.ts';

const entry = (over: Partial<LibraryEntry> = {}): LibraryEntry => ({
  id: 'harbour',
  version: '1.0.0',
  title: 'Harbour',
  fileName: 'harbour.yaml',
  text: 'format: crisis-room/1\n',
  sha256: 'a'.repeat(64),
  added: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('compareVersions', () => {
  it.each([
    ['1.0.0', '1.0.1', -1],
    ['1.2.0', '1.10.0', -1],
    ['2.0.0', '1.99.99', 1],
    ['1.0.0', '1.0.0', 0],
    ['1.0.0+build.5', '1.0.0', 0],
    ['1.0.0-alpha', '1.0.0', -1],
    ['1.0.0-alpha', '1.0.0-alpha.1', -1],
    ['1.0.0-alpha.1', '1.0.0-alpha.beta', -1],
    ['1.0.0-beta.2', '1.0.0-beta.11', -1],
    ['1.0.0-rc.1', '1.0.0-beta', 1],
    ['1.1', '1.0.9', 1],
    ['v2', '1.5.0', 1],
    ['2026-03', '2026-11', -1],
    ['draft', 'draft', 0],
  ])('%s vs %s -> %i', (a, b, want) => {
    expect(Math.sign(compareVersions(a, b))).toBe(want);
    expect(Math.sign(compareVersions(b, a))).toBe(-want || 0);
  });
});

describe('decideAdd', () => {
  const incoming = { id: 'harbour', version: '1.1.0', title: 'Harbour', sha256: 'b'.repeat(64) };
  it('adds a scenario the library does not have', () => {
    expect(decideAdd(undefined, incoming)).toEqual({ kind: 'add' });
  });
  it('does nothing for identical content, whatever the version says', () => {
    expect(decideAdd(entry({ sha256: incoming.sha256 }), incoming).kind).toBe('identical');
  });
  it('asks before a newer version replaces the old one', () => {
    const d = decideAdd(entry(), incoming);
    expect(d.kind).toBe('newer');
    expect(needsConfirmation(d)).toBe(true);
    expect(needsConfirmation(d) && d.question).toMatch(/version 1\.0\.0 .*Replace it with version 1\.1\.0\?/);
  });
  it('asks, and says so, for the same version with other content, and for an older version', () => {
    expect(decideAdd(entry({ version: '1.1.0' }), incoming).kind).toBe('same-version');
    const older = decideAdd(entry({ version: '2.0.0' }), incoming);
    expect(older.kind).toBe('older');
    expect(needsConfirmation(older) && older.question).toMatch(/older than the version 2\.0\.0/);
  });
});

describe('entries', () => {
  it('keeps the first-added date when replacing', () => {
    const now = new Date('2026-05-05T10:00:00Z');
    const e = makeEntry(
      { id: 'harbour', version: '2.0.0', title: 'H2', sha256: 'c'.repeat(64) },
      'text',
      'h2.yaml',
      now,
      entry(),
    );
    expect(e).toMatchObject({
      added: '2026-01-01T00:00:00.000Z',
      replaced: '2026-05-05T10:00:00.000Z',
      version: '2.0.0',
      fileName: 'h2.yaml',
    });
    expect(isLibraryEntry(e)).toBe(true);
    expect(isLibraryEntry({ ...e, text: 5 })).toBe(false);
    expect(isLibraryEntry(null)).toBe(false);
  });
  it('sorts most recent first', () => {
    const a = entry({ id: 'a', added: '2026-01-01T00:00:00Z' });
    const b = entry({ id: 'b', added: '2026-02-01T00:00:00Z' });
    const c = entry({ id: 'c', added: '2025-12-01T00:00:00Z', replaced: '2026-03-01T00:00:00Z' });
    expect(sortEntries([a, b, c]).map((e) => e.id)).toEqual(['c', 'b', 'a']);
  });
});

const backends: [string, () => Promise<ScenarioLibrary>][] = [
  ['memory', async () => new MemoryLibrary()],
  ['IndexedDB (fake-indexeddb)', async () => IndexedDbLibrary.open(new IDBFactory())],
];

describe.each(backends)('library store: %s', (_name, make) => {
  let lib: ScenarioLibrary;
  afterEach(() => {
    if (lib instanceof IndexedDbLibrary) lib.close();
  });
  it('adds, lists, gets, removes', async () => {
    lib = await make();
    expect(await lib.list()).toEqual([]);
    const r = await addToLibrary(
      lib,
      { id: 'x', version: '1.0.0', title: 'X', sha256: '1'.repeat(64) },
      'x: 1',
      'x.yaml',
      async () => true,
      () => new Date('2026-01-01T00:00:00Z'),
    );
    expect(r.status).toBe('added');
    await addToLibrary(
      lib,
      { id: 'y', version: '1.0.0', title: 'Y', sha256: '2'.repeat(64) },
      'y: 1',
      'y.yaml',
      async () => true,
      () => new Date('2026-01-02T00:00:00Z'),
    );
    expect((await lib.list()).map((e) => e.id)).toEqual(['y', 'x']);
    expect((await lib.get('x'))?.text).toBe('x: 1');
    await lib.remove('x');
    expect(await lib.get('x')).toBeUndefined();
    expect((await lib.list()).map((e) => e.id)).toEqual(['y']);
  });
  it('replaces a newer version only after confirmation', async () => {
    lib = await make();
    await addToLibrary(
      lib,
      { id: 'x', version: '1.0.0', title: 'X', sha256: '1'.repeat(64) },
      'v1',
      'x.yaml',
      async () => true,
    );
    const questions: string[] = [];
    const declined = await addToLibrary(
      lib,
      { id: 'x', version: '1.1.0', title: 'X', sha256: '3'.repeat(64) },
      'v1.1',
      'x.yaml',
      async (d) => {
        questions.push(d.question);
        return false;
      },
    );
    expect(declined.status).toBe('kept');
    expect((await lib.get('x'))?.text).toBe('v1');
    const accepted = await addToLibrary(
      lib,
      { id: 'x', version: '1.1.0', title: 'X', sha256: '3'.repeat(64) },
      'v1.1',
      'x.yaml',
      async () => true,
    );
    expect(accepted.status).toBe('replaced');
    expect((await lib.get('x'))?.version).toBe('1.1.0');
    expect(questions).toHaveLength(1);
    const again = await addToLibrary(
      lib,
      { id: 'x', version: '1.1.0', title: 'X', sha256: '3'.repeat(64) },
      'v1.1',
      'x.yaml',
      async () => {
        throw new Error('must not ask');
      },
    );
    expect(again.status).toBe('identical');
  });
});

describe('IndexedDB persistence', () => {
  it('survives closing and reopening the database (a reload)', async () => {
    const factory = new IDBFactory();
    const first = await IndexedDbLibrary.open(factory);
    await first.put(entry());
    first.close();
    const second = await IndexedDbLibrary.open(factory);
    expect(await second.list()).toEqual([entry()]);
    second.close();
  });
  it('falls back to memory, with a reason, without IndexedDB', async () => {
    const r = await openLibrary(undefined);
    expect(r.library.persistent).toBe(false);
    expect(r.warning).toMatch(/until the page is closed/);
  });
});
