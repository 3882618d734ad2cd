import { describe, expect, it } from 'vitest';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { exploreStates } from '../../src/analysis/explore.ts';
import { LIMITS } from '../../src/scenario/schema.ts';
import { flagBombYaml, manyStatesYaml } from './inputs.ts';
import { MiB, peakGrowth } from './memory.ts';

/** 1-based line and column of the first `needle` in `text`. */
function at(text: string, needle: string): { line: number; col: number } {
  const i = text.indexOf(needle);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

describe('explorer memory is bounded, not just its states (finding 1)', () => {
  it('refuses the finding (a thousand long flags per choice) with limit-list at each set list, at once', () => {
    const text = flagBombYaml(4, 1000, 60);
    const m = peakGrowth(() => checkScenarioText(text, 'flags.yaml'));
    const errors = m.result!.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.rule)).toEqual(['limit-list', 'limit-list', 'limit-list', 'limit-list']);
    expect(errors[0]!.message).toBe('1,000 flags in one set list; at most 200 are allowed');
    expect({ line: errors[0]!.line, col: errors[0]!.col }).toEqual(at(text, 'set:'));
    expect(m.grewBy).toBeLessThan(200 * MiB);
  });

  it('refuses more than 256 distinct flags with limit-flags at the first flag over the limit', () => {
    const text = flagBombYaml(4, 100, 60);
    const m = peakGrowth(() => checkScenarioText(text, 'flags.yaml'));
    const errors = m.result!.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.rule)).toEqual(['limit-flags']);
    expect(errors[0]!.message).toMatch(/at most 256 distinct flags/);
    // Flag 257 is the 257th name of the first choice's set list.
    expect({ line: errors[0]!.line, col: errors[0]!.col }).toEqual(at(text, 'c2f56-'));
    expect(m.grewBy).toBeLessThan(200 * MiB);
  });

  it('holds a state in bytes: 50,000 states carrying dozens of 64-character flags stay far below what the names would take', () => {
    const text = manyStatesYaml(224, 4, 7);
    const r = checkScenarioText(text, 'many.yaml', { explore: false });
    expect(r.compiled).toBeDefined();
    const m = peakGrowth((sample) => exploreStates(r.compiled!.rules, { limit: 50_000, onProgress: sample }));
    expect(m.result!.states).toBe(50_000);
    expect(m.result!.stoppedBy).toBe('states');
    // Held by name (as before issue 13), each state's flags take kilobytes: these states grew the process by ~175 MiB.
    expect(m.grewBy).toBeLessThan(100 * MiB);
  });

  it('stops at the memory budget with a positioned limit-explore-memory warning', () => {
    const text = manyStatesYaml(224, 4, 7);
    const r = checkScenarioText(text, 'many.yaml', { maxBytes: 4 * MiB });
    const w = r.diagnostics.find((d) => d.rule === 'limit-explore-memory');
    expect(w).toBeDefined();
    expect(w!.severity).toBe('warning');
    expect(w!.message).toMatch(/memory budget of 4 MiB after [\d,]+ states/);
    expect({ line: w!.line, col: w!.col }).toEqual(at(text, 'set:'));
    expect(r.explore!.bytes).toBeLessThanOrEqual(4 * MiB);
    expect(r.explore!.complete).toBe(false);
  });

  it('keeps the default budget where the contract says', () => {
    expect(LIMITS.exploreBytes).toBe(256 * MiB);
    expect(LIMITS.flags).toBe(256);
  });
});
