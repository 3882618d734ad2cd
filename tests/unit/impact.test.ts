import { describe, expect, it } from 'vitest';
import { decisionImpact, totalVariation } from '../../src/analysis/impact.ts';
import { runCli } from '../../src/cli/main.ts';
import { compileText, scenarioYaml, TEMPLATE } from './helpers.ts';

// n1 decides the ending outright; n2 changes nothing; n3's options differ only by a coin flip's odds.
const SCENARIO = scenarioYaml({
  meters: '  - { id: m, label: M, start: 50 }',
  nodes: `
  - id: n1
    title: Decides
    text: The choice that matters.
    choices:
      - { id: left, label: Left, effects: { m: 10 }, next: n2 }
      - { id: right, label: Right, effects: { m: -10 }, next: n2 }
  - id: n2
    title: Cosmetic
    text: The choice that does not.
    choices:
      - { id: tea, label: Tea, next: n3 }
      - { id: coffee, label: Coffee, next: n3 }
  - id: n3
    title: Odds
    text: Chance decides, with odds the choice sets.
    choices:
      - id: safe
        label: Safe
        next:
          - { if: { m: "> 50" }, goto: good }
          - { goto: bad }
      - id: gamble
        label: Gamble
        next:
          - { chance: 0.5, goto: good }
          - { goto: bad }`,
  endings: `
  - { id: good, title: Good, tone: good, text: Good. }
  - { id: bad, title: Bad, tone: bad, text: Bad. }`,
});

describe('decision impact (total-variation distance between the options that differ most)', () => {
  const rules = compileText(SCENARIO).rules;
  const byNode = Object.fromEntries(decisionImpact(rules, { runs: 400, seed: 7 }).map((i) => [i.node, i]));

  it('is 0 for a choice that never changes the ending and large for one that decides it', () => {
    expect(byNode.n2!.widest!.distance).toBe(0);
    // Left then safe always ends good, right then safe always bad; with random play after n1 the
    // gap is the half of runs that take `safe` at n3.
    expect(byNode.n1!.widest).toMatchObject({ a: 'left', b: 'right' });
    expect(byNode.n1!.widest!.distance).toBeGreaterThan(0.4);
    expect(byNode.n1!.widest!.distance).toBeLessThan(0.6);
    expect(byNode.n1!.visits).toBe(400);
  });

  it('compares the options from the same states with the same chance draws', () => {
    // At n3, safe follows the meter (good after left, bad after right) and gamble a fair coin:
    // over all states both end good about half the time, so their distributions nearly agree.
    expect(byNode.n3!.widest!.distance).toBeLessThan(0.1);
    const safe = byNode.n3!.options.find((o) => o.choice === 'safe')!;
    expect(safe.runs).toBe(400);
  });

  it('gives the same numbers for the same seed', () => {
    expect(decisionImpact(rules, { runs: 200, seed: 3 })).toEqual(decisionImpact(rules, { runs: 200, seed: 3 }));
  });

  it('totalVariation is half the sum of share differences', () => {
    expect(totalVariation({ a: 1, b: 1 }, { a: 1, b: 1 })).toBe(0);
    expect(totalVariation({ a: 3 }, { b: 5 })).toBe(1);
    expect(totalVariation({ a: 3, b: 1 }, { a: 1, b: 1 })).toBeCloseTo(0.25);
  });
});

/** Run the CLI in-process and collect its output. */
function cli(...args: string[]): { code: number; out: string } {
  const out: string[] = [];
  const code = runCli(args, { out: (l) => out.push(l), err: (l) => out.push(l) });
  return { code, out: out.join('\n') };
}

describe('crisis-room explore --impact', () => {
  it('prints one row per decision with its widest pair', () => {
    const r = cli('explore', TEMPLATE, '--runs', '200', '--seed', '2', '--impact');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Decision impact: 200 random runs, seed 2/);
    expect(r.out).toMatch(/^ {2}\S+ +\d+ +(\d\.\d\d|-) +/m);
  });
});
