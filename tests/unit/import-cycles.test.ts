/**
 * A folder never imports a folder that imports it back, at any depth: for every folder under src/,
 * its subfolders (each with everything below it) form a graph by their import statements, and that
 * graph has no loop (directly or round a longer loop). Any loop between two folders shows up at the
 * level of their nearest common parent, so checking every level checks every pair.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SRC = path.join(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(name) ? [p] : [];
  });
}

function folders(dir: string): string[] {
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((p) => statSync(p).isDirectory())
    .flatMap((p) => [p, ...folders(p)]);
}

/** Every relative import of every file under root: [importing file, imported file]. */
function imports(root: string): [string, string][] {
  return files(root).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map(
      (m): [string, string] => [file, path.resolve(path.dirname(file), m[1]!)],
    ),
  );
}

/** The subfolder of `parent` that holds `file` ('' when the file is not below a subfolder of it). */
function childOf(parent: string, file: string): string {
  const rel = path.relative(parent, file).split(path.sep);
  return rel.length > 1 && rel[0] !== '..' ? rel[0]! : '';
}

/** Subfolder → the sibling subfolders it imports from, for the subfolders of `parent`. */
function siblingGraph(parent: string, edges: [string, string][]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [file, target] of edges) {
    const from = childOf(parent, file);
    const to = childOf(parent, target);
    if (from && to && to !== from) {
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

/** Every loop in the graph, each as the list of folders round it. */
function cycles(graph: Map<string, Set<string>>): string[] {
  const found = new Set<string>();
  const walk = (start: string, at: string, trail: string[]) => {
    for (const next of graph.get(at) ?? []) {
      if (next === start) {
        const loop = [...trail];
        const min = loop.indexOf([...loop].sort()[0]!);
        found.add([...loop.slice(min), ...loop.slice(0, min), loop[min]].join(' → '));
      } else if (!trail.includes(next)) walk(start, next, [...trail, next]);
    }
  };
  for (const f of graph.keys()) walk(f, f, [f]);
  return [...found].sort();
}

/** Every loop at every folder level under root, each named by the folders' paths from root. */
function folderCycles(root: string): string[] {
  const edges = imports(root);
  return [root, ...folders(root)].flatMap((parent) => {
    const prefix = path.relative(root, parent);
    return cycles(siblingGraph(parent, edges)).map((loop) =>
      loop
        .split(' → ')
        .map((f) => (prefix ? `${prefix}/${f}` : f))
        .join(' → '),
    );
  });
}

describe('import layering', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'cycles-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** A tree of .ts files under tmp/name, each given as its path and the paths it imports. */
  function tree(name: string, spec: Record<string, string[]>): string {
    const root = path.join(tmp, name);
    for (const [file, targets] of Object.entries(spec)) {
      const p = path.join(root, file);
      mkdirSync(path.dirname(p), { recursive: true });
      const lines = targets.map((t) => {
        let rel = path.relative(path.dirname(p), path.join(root, t));
        if (!rel.startsWith('.')) rel = `./${rel}`;
        return `import { x } from '${rel}';`;
      });
      writeFileSync(p, `${lines.join('\n')}\nexport const x = 1;\n`);
    }
    return root;
  }

  it('finds a loop between two top folders', () => {
    const root = tree('top', { 'game/a.ts': ['teacher/b.ts'], 'teacher/b.ts': ['game/a.ts'] });
    expect(folderCycles(root)).toEqual(['game → teacher → game']);
  });

  it('finds a loop planted two levels down, round three folders, and through a dynamic import', () => {
    const root = tree('deep', {
      'game/session.ts': ['game/dom/title.ts'],
      'game/dom/title.ts': ['game/scenes/layout.ts', 'ui/dom.ts'],
      'game/scenes/layout.ts': ['game/scenes/widgets/meters.ts'],
      'game/scenes/widgets/meters.ts': ['game/audio/sound.ts'],
      'game/audio/sound.ts': [],
      'ui/dom.ts': [],
    });
    expect(folderCycles(root)).toEqual([]);
    writeFileSync(path.join(root, 'game/audio/sound.ts'), "const m = import('../dom/title.ts');\n");
    expect(folderCycles(root)).toEqual(['game/audio → game/dom → game/scenes → game/audio']);
  });

  it('lets a parent folder and its own subfolders import each other (no sibling loop)', () => {
    const root = tree('parent', { 'game/session.ts': ['game/dom/a.ts'], 'game/dom/a.ts': ['game/session.ts'] });
    expect(folderCycles(root)).toEqual([]);
  });

  it('no folder at any depth under src/ imports a folder that imports it back', () => {
    expect(folderCycles(SRC)).toEqual([]);
  });
});
