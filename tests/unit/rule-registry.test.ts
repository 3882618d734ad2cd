/**
 * One registry of checker rules (RULES in src/scenario/diagnostics.ts): docs/checker-rules.md lists
 * exactly its ids under their severity, every diagnostic the fixtures give carries its rule's
 * severity, and the keys the checker suggests on a typo are the schema's own.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { RULES, type RuleId } from '../../src/scenario/diagnostics.ts';
import { ReplaySchema, ScenarioSchema } from '../../src/scenario/schema.ts';
import { schemaKeys, suggestKey } from '../../src/scenario/validate.ts';
import { parseReplayText } from '../../src/engine/replay-file.ts';
import { FIXTURES, ROOT, read } from './helpers.ts';

/** The rule ids in the first column of each table, by the heading ("Errors" or "Warnings") above it. */
function documentedRules(): Map<string, string> {
  const out = new Map<string, string>();
  let section = '';
  for (const line of read(join(ROOT, 'docs', 'checker-rules.md')).split('\n')) {
    const heading = /^## (\w+)/.exec(line);
    if (heading) section = heading[1]!.toLowerCase();
    const cell = /^\| ([^|]+) \|/.exec(line)?.[1];
    if (!cell || cell.trim() === 'rule') continue;
    for (const m of cell.matchAll(/`([a-z][a-zA-Z-]*)`/g)) out.set(m[1]!, section);
  }
  return out;
}

describe('the checker rule registry', () => {
  it('docs/checker-rules.md lists exactly the registered rules, errors and warnings in their own tables', () => {
    const documented = documentedRules();
    const registered = Object.keys(RULES) as RuleId[];
    expect([...documented.keys()].sort()).toEqual([...registered].sort());
    for (const rule of registered) expect(documented.get(rule), rule).toBe(`${RULES[rule]}s`);
  });

  it('every diagnostic of the error and warning fixtures has the severity its rule is registered with', () => {
    let seen = 0;
    for (const dir of ['errors', 'warnings']) {
      for (const f of readdirSync(join(FIXTURES, dir)).filter((x) => !x.endsWith('.json') || x.startsWith('json-'))) {
        for (const d of checkScenarioText(read(join(FIXTURES, dir, f)), f).diagnostics) {
          expect(RULES[d.rule], `${f}: ${d.rule}`).toBe(d.severity);
          seen++;
        }
      }
    }
    expect(seen).toBeGreaterThan(100);
  });
});

describe('known keys come from the schema', () => {
  it('every key of the scenario schema, nested ones and condition keys included, is known', () => {
    const keys = schemaKeys(ScenarioSchema);
    for (const k of ['format', 'learningGoals', 'higherIsBetter', 'onTimeout', 'recommends', 'goto', 'chance', 'has']) {
      expect(keys, k).toContain(k);
    }
    expect(keys).toContain('not'); // a key of the recursive condition schema, behind a getter
    for (const k of keys) expect(suggestKey(k), k).toBe(k);
  });

  it('suggests the closest schema key for a typo, and nothing for a key far from all of them', () => {
    expect(suggestKey('plaec')).toBe('place');
    expect(suggestKey('onTimeuot')).toBe('onTimeout');
    expect(suggestKey('zzzzzzzz')).toBeUndefined();
  });

  it('walks any schema: the replay schema has its own keys', () => {
    const keys = schemaKeys(ReplaySchema);
    expect(keys).toContain('steps');
    expect(keys).toContain('sha256');
    expect(keys).not.toContain('meters');
  });
});

describe('one mapping of zod issues for scenario and replay files', () => {
  it('a replay reports an unknown key at the key with the closest replay key, and a missing key at its map', () => {
    const good = JSON.stringify(
      {
        format: 'crisis-room-replay/1',
        scenario: { id: 's', version: '1.0.0', sha256: 'a'.repeat(64) },
        seed: 1,
        steps: [],
      },
      null,
      2,
    );
    const unknown = parseReplayText(good.replace('"seed"', '"sede"'), 'r.json').diagnostics;
    const lines = good.split('\n');
    expect(unknown.map((d) => [d.rule, d.message, d.line])).toContainEqual([
      'unknown-key',
      'unknown key "sede" (did you mean "seed"?); only keys starting with "x-" may be added',
      lines.findIndex((l) => l.includes('"seed"')) + 1,
    ]);
    const missing = parseReplayText(good.replace('"version": "1.0.0",', ''), 'r.json').diagnostics;
    expect(missing.map((d) => [d.rule, d.message, d.line])).toEqual([
      ['required', 'missing required key "version"', lines.findIndex((l) => l.includes('"scenario"')) + 1],
    ]);
  });
});
