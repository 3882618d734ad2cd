/**
 * The top of the house stays simple: no folder under src/ imports a folder that imports it back
 * (directly or round a longer loop). Read from the import statements of every source file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.join(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(name) ? [p] : [];
  });
}

/** The top folder under src/ a file belongs to ('' for files directly in src/). */
const folderOf = (file: string) => {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length > 1 ? rel[0]! : '';
};

/** Folder → the other folders it imports from (static imports, re-exports and dynamic imports alike). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files(SRC)) {
    const from = folderOf(file);
    if (!from) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), m[1]!);
      if (!target.startsWith(SRC + path.sep)) continue;
      const to = folderOf(target);
      if (to && to !== from) {
        if (!graph.has(from)) graph.set(from, new Set());
        graph.get(from)!.add(to);
      }
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

describe('import layering', () => {
  it('finds the loop in a graph that has one (the check itself works)', () => {
    const g = new Map([
      ['game', new Set(['teacher'])],
      ['teacher', new Set(['game'])],
    ]);
    expect(cycles(g)).toEqual(['game → teacher → game']);
  });

  it('no folder under src/ imports a folder that imports it back', () => {
    expect(cycles(folderGraph())).toEqual([]);
  });
});
