import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkScenarioText } from '../../src/analysis/check.ts';
import type { Diagnostic } from '../../src/scenario/diagnostics.ts';
import { MAX_PROBLEM_ROWS, problemRows } from '../../src/teacher/intake.ts';
import { baseScenario, manyEndingsYaml } from './inputs.ts';
import { MiB, peakGrowth } from './memory.ts';

function at(text: string, needle: string): { line: number; col: number } {
  const i = text.indexOf(needle);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

describe('unbounded lists and the problems panel (finding 5)', () => {
  it('refuses 20,001 endings with one limit-endings error at the endings key', () => {
    // As JSON: the YAML parser's own cost for 100,000 values is the parser's, not the limit's.
    const text = manyEndingsYaml(20_001, 'json');
    const m = peakGrowth(() => checkScenarioText(text, 'endings.json'));
    const d = m.result!.diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]!.rule).toBe('limit-endings');
    expect(d[0]!.message).toBe('20,001 endings; at most 1,000 are allowed');
    expect({ line: d[0]!.line, col: d[0]!.col }).toEqual(at(text, '"endings"'));
    expect(m.grewBy).toBeLessThan(300 * MiB);
  });

  it('refuses any other open list over 200 items with limit-list at its key (news here)', () => {
    const news = Array.from({ length: 201 }, (_, i) => ({ source: 'S', text: `N${i}` }));
    const data = baseScenario();
    (data.nodes as Record<string, unknown>[])[0]!.news = news;
    const text = stringify(data, { lineWidth: 0 });
    const d = checkScenarioText(text, 'news.yaml').diagnostics;
    expect(d.map((x) => x.rule)).toEqual(['limit-list']);
    expect(d[0]!.message).toBe('201 news items; at most 200 are allowed');
    expect({ line: d[0]!.line, col: d[0]!.col }).toEqual(at(text, 'news:'));
  });

  it('the panel lists at most 200 rows of 20,000 problems, each with its own source line', () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `line ${i + 1}: ${'x'.repeat(90)}`).join('\n');
    const diagnostics: Diagnostic[] = Array.from({ length: 20_000 }, (_, i) => ({
      severity: 'error',
      rule: 'type',
      message: `problem ${i + 1}`,
      file: 'f.yaml',
      line: 20_000 - i,
      col: 3,
    }));
    const m = peakGrowth(() => problemRows(diagnostics, text));
    const rows = m.result!;
    expect(rows).toHaveLength(MAX_PROBLEM_ROWS);
    expect(rows[0]!.excerpt.line.startsWith('line 20000: ')).toBe(true);
    expect(rows[0]!.excerpt.caret).toBe('  ^');
    expect(rows[199]!.excerpt.line.startsWith('line 19801: ')).toBe(true);
    expect(m.grewBy).toBeLessThan(64 * MiB);
  });
});
