/** Shared helpers for the unit tests: fixture paths and a checked, compiled scenario. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { checkScenarioText } from '../../src/analysis/check.ts';
import type { CompiledScenario } from '../../src/engine/machine.ts';
import type { Diagnostic } from '../../src/scenario/diagnostics.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(ROOT, 'tests', 'fixtures');
export const TEMPLATE = join(ROOT, 'scenarios', 'examples', 'template.yaml');

export function read(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Check a scenario text that must have no errors, and return its compiled form. */
export function compileText(text: string, file = 'test.yaml'): CompiledScenario {
  const r = checkScenarioText(text, file);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errors, errors.map((d) => `${d.line}:${d.col} ${d.message} [${d.rule}]`).join('\n')).toEqual([]);
  expect(r.compiled).toBeDefined();
  return r.compiled!;
}

export function compileFile(path: string): CompiledScenario {
  return compileText(read(path), path);
}

export function errorsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

/** 1-based line and column of the first occurrence of `needle` in `text` (computed here, independently of the checker). */
export function positionOf(text: string, needle: string, from = 0): { line: number; col: number } {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`"${needle}" not found`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

/** A minimal valid scenario in YAML, built from parts, for tests that generate files. */
export function scenarioYaml(parts: {
  meters?: string;
  advisors?: string;
  nodes: string;
  endings?: string;
  start?: string;
  top?: string;
}): string {
  return [
    'format: crisis-room/1',
    'id: generated',
    'title: Generated',
    'version: 1.0.0',
    'language: en',
    'role: You decide.',
    'summary: Generated for a test.',
    parts.top ?? '',
    'meters:',
    parts.meters ?? '  - { id: m, label: M, start: 50 }',
    'advisors:',
    parts.advisors ?? '  - { id: adv, name: Adv, title: Adviser }',
    `start: ${parts.start ?? 'n1'}`,
    'nodes:',
    parts.nodes,
    'endings:',
    parts.endings ?? '  - { id: end, title: End, tone: good, text: The end. }',
    '',
  ].join('\n');
}

/** A localStorage over a Map; `refuse` makes every write throw (storage full or switched off). */
export function fakeStorage(refuse = false): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => {
      if (refuse) throw new DOMException('full', 'QuotaExceededError');
      m.set(k, String(v));
    },
  };
}
