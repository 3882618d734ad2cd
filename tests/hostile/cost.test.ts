/**
 * Issue 23, cases 1 and 8: a cost budget, not only size limits. A condition is bounded by its
 * number of tests (`limit-condition`), a replay by steps x the cost of each step
 * (`limit-replay-work`) and the explorer by the work it did (`limit-explore-work`).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { runCli, type Output } from '../../src/cli/main.ts';
import { parseReplayText } from '../../src/engine/replay-file.ts';
import { verifyReplay } from '../../src/engine/replay.ts';
import { LIMITS } from '../../src/scenario/schema.ts';
import { makeFragmentOf, readShared } from '../../src/share/link.ts';
import { conditionBombYaml, costlyStepYaml, longReplayJson } from './inputs.ts';
import { MiB, peakGrowth } from './memory.ts';

/** 1-based line and column of the first `needle` in `text`. */
function at(text: string, needle: string): { line: number; col: number } {
  const i = text.indexOf(needle);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

describe('case 1: a link with a 100,000-test condition and a 10,000-step replay', () => {
  it('fits in a small link, and the checker refuses the condition at its `if` with limit-condition', () => {
    const text = conditionBombYaml(200, 100);
    const made = makeFragmentOf([
      { kind: 'scenario', text, fileName: 'bomb.yaml' },
      { kind: 'replay', text: longReplayJson('0'.repeat(64), 10_000), fileName: 'bomb.replay.json' },
    ]);
    expect(made.ok).toBe(true);
    const fragment = made.ok ? made.fragment : '';
    expect(fragment.length).toBeLessThan(32 * 1024);
    const shared = readShared(fragment);
    const m = peakGrowth(() => checkScenarioText(shared[0]!.text, 'bomb.yaml'));
    const errors = m.result!.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.rule)).toEqual(['limit-condition']);
    expect(errors[0]!.message).toMatch(/this condition has 120,201 tests .*; at most 1,000 are allowed/);
    expect({ line: errors[0]!.line, col: errors[0]!.col }).toEqual(at(text, 'if:'));
    // No compiled scenario: nothing can replay against it.
    expect(m.result!.compiled).toBeUndefined();
    expect(m.grewBy).toBeLessThan(600 * MiB);
  });

  it('a replay whose steps cost more than the budget is refused at the step that goes over', () => {
    const r = checkScenarioText(costlyStepYaml(8, 990), 'costly.yaml');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const compiled = r.compiled!;
    const replay = parseReplayText(longReplayJson(compiled.sha256, 10_000), 'r.json').replay!;
    const stepCost = compiled.rules.nodes.get('n')!.cost;
    expect(stepCost).toBeGreaterThan(7_000);
    const v = verifyReplay(compiled, replay);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.rule).toBe('limit-replay-work');
    expect(v.step).toBe(Math.floor(LIMITS.replayWork / stepCost));
    expect(v.message).toMatch(/^step [\d,]+ goes over the work a replay may cost: .* 10,000 steps\)$/);
    // A short replay of the same file still plays.
    const short = parseReplayText(longReplayJson(compiled.sha256, 100), 'r.json').replay!;
    expect(verifyReplay(compiled, short).ok).toBe(true);
  });

  it('the CLI refuses that replay with a positioned limit-replay-work error instead of running for minutes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crisis-hostile-cost-'));
    const text = costlyStepYaml(8, 990);
    const sha = checkScenarioText(text, 'costly.yaml').compiled!.sha256;
    writeFileSync(join(dir, 'costly.yaml'), text);
    writeFileSync(join(dir, 'long.replay.json'), longReplayJson(sha, 10_000));
    const lines: string[] = [];
    const o: Output = { out: (l) => lines.push(l), err: (l) => lines.push(l) };
    expect(runCli(['check', join(dir, 'costly.yaml'), join(dir, 'long.replay.json')], o)).toBe(1);
    expect(lines.join('\n')).toMatch(
      /long\.replay\.json:1:\d+: error: replay refused: step [\d,]+ goes over the work a replay may cost.* \[limit-replay-work\]/,
    );
    lines.length = 0;
    expect(runCli(['play', join(dir, 'costly.yaml'), '--replay', join(dir, 'long.replay.json')], o)).toBe(1);
    expect(lines.join('\n')).toMatch(/error: replay refused: step [\d,]+ goes over the work a replay may cost/);
  });
});

describe('case 8: an explorer condition bomb stops at the work budget', () => {
  it('101^4 states each costing four 991-test conditions stop with a positioned limit-explore-work warning', () => {
    const text = costlyStepYaml(4, 990, true);
    const m = peakGrowth((sample) => checkScenarioText(text, 'walk.yaml', { onProgress: sample }));
    const r = m.result!;
    const w = r.diagnostics.find((d) => d.rule === 'limit-explore-work');
    expect(w?.severity).toBe('warning');
    expect(w!.message).toMatch(
      /work budget of 100,000,000 condition tests, choices and branches ran out after [\d,]+ states/,
    );
    // At the id of the node whose step costs most.
    const node = at(text, 'id: n\n');
    expect({ line: w!.line, col: w!.col }).toEqual({ line: node.line, col: node.col + 4 });
    expect(r.explore!.work).toBeLessThanOrEqual(LIMITS.exploreWork);
    expect(r.explore!.complete).toBe(false);
    expect(r.explore!.states).toBeLessThan(100_000);
    // Still playable: a warning, not an error.
    expect(r.compiled).toBeDefined();
    expect(m.grewBy).toBeLessThan(300 * MiB);
  });
});
