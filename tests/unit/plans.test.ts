/**
 * Golden decision paths (tests/fixtures/plans/*.json): a scenario, a seed and the choices (or
 * timeouts) taken, with the node each step is taken at, the meters and flags after it, and the
 * ending. The expected values were worked out by hand from the contract, not recorded from a run.
 * Chance branches in the plans only use chance 0 and 1, whose outcome the contract fixes for any
 * draw in [0,1); the seeded draws themselves are tested by relations further down.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startRun } from '../../src/engine/run.ts';
import { verifyReplay } from '../../src/engine/replay.ts';
import { resolveNext, compileCondition, type CompiledBranch } from '../../src/engine/rules.ts';
import type { Condition } from '../../src/scenario/schema.ts';
import { FIXTURES, compileFile, compileText, read, scenarioYaml } from './helpers.ts';

interface PlanStep {
  at: string;
  choose?: string;
  timeout?: boolean;
  /** For a timeout: the onTimeout choice the step must record. */
  choice?: string;
  meters: Record<string, number>;
  flags: string[];
}
interface Plan {
  about: string;
  scenario: string;
  seed: number;
  steps: PlanStep[];
  ending: string;
}

const PLANS = join(FIXTURES, 'plans');
const plans = readdirSync(PLANS)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(read(join(PLANS, f))) as Plan] as const);

describe('golden decision-path plans', () => {
  it('there are plans to replay', () => {
    expect(plans.length).toBeGreaterThanOrEqual(10);
  });

  it.each(plans)('%s', (_file, plan) => {
    const compiled = compileFile(join(PLANS, plan.scenario));
    const run = startRun(compiled, plan.seed);
    const path: string[] = [];
    for (const [i, s] of plan.steps.entries()) {
      const where = `${plan.about}\nstep ${i + 1}`;
      expect(run.ended, where).toBe(false);
      expect(run.at, where).toBe(s.at);
      path.push(run.at);
      const taken = s.timeout ? run.timeout(1000 * (i + 1)) : run.choose(s.choose!, 1000 * (i + 1));
      expect(taken.choice, where).toBe(s.timeout ? s.choice : s.choose);
      expect(taken.timeout, where).toBe(!!s.timeout);
      expect({ ...run.meters }, where).toEqual(s.meters);
      expect([...run.flags], where).toEqual(s.flags);
    }
    expect(run.ended, plan.about).toBe(true);
    expect(run.ending?.id, plan.about).toBe(plan.ending);
    path.push(run.at);
    expect(path).toEqual([...plan.steps.map((s) => s.at), plan.ending]);

    // The record of the run replays to the same path, and says which steps timed out.
    const rec = run.record();
    expect(rec.steps.map((s) => [s.node, s.choice, !!s.timeout])).toEqual(
      plan.steps.map((s) => [s.at, s.timeout ? s.choice : s.choose, !!s.timeout]),
    );
    expect(rec.ending).toBe(plan.ending);
    const v = verifyReplay(compiled, rec);
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect(v.warnings).toEqual([]);
      expect({ ...v.run.meters }).toEqual(plan.steps[plan.steps.length - 1]!.meters);
    }
  });
});

/** A two-node scenario whose first choice goes through `first` and second through `second` (branch lists). */
function draws(first: string, second: string): string {
  return scenarioYaml({
    nodes: [
      '  - id: n1',
      '    title: One',
      '    text: First.',
      '    advice: [ { advisor: adv, text: Go. } ]',
      '    choices:',
      `      - { id: go, label: Go, effects: { m: -1 }, next: ${first} }`,
      '  - id: n2',
      '    title: Two',
      '    text: Second.',
      '    choices:',
      `      - { id: go, label: Go, next: ${second} }`,
    ].join('\n'),
    endings: ['  - { id: a, title: A, tone: good, text: A. }', '  - { id: b, title: B, tone: bad, text: B. }'].join(
      '\n',
    ),
  });
}

/** The ending reached from each seed by choosing "go" until the run ends. */
function endings(text: string, seeds: number): string[] {
  const compiled = compileText(text);
  const out: string[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const run = startRun(compiled, seed * 2654435761);
    while (!run.ended) run.choose('go');
    out.push(run.at);
  }
  return out;
}

describe('seeded chance draws', () => {
  const SEEDS = 400;
  const half = '[ { chance: 0.5, goto: a }, { goto: b } ]';

  it('the same seed and choices take the same path; different seeds do not all agree', () => {
    const text = draws('[ { chance: 0.5, goto: n2 }, { goto: a } ]', half);
    const once = endings(text, SEEDS);
    expect(endings(text, SEEDS)).toEqual(once);
    expect(new Set(once)).toEqual(new Set(['a', 'b']));
  });

  it('a branch is taken when u < chance: over many seeds, chance 0.25 is taken about a quarter of the time', () => {
    const got =
      endings(draws('n2', '[ { chance: 0.25, goto: a }, { goto: b } ]'), 2000).filter((e) => e === 'a').length / 2000;
    expect(got).toBeGreaterThan(0.21);
    expect(got).toBeLessThan(0.29);
  });

  it('a branch whose if fails is skipped without a draw', () => {
    // n1 draws nothing in either file; in the second, n2 has a failing if+chance branch before the same 0.5 branch.
    const plain = endings(draws('n2', half), SEEDS);
    const skipped = endings(
      draws('n2', '[ { if: { m: "> 90" }, chance: 0.5, goto: b }, { chance: 0.5, goto: a }, { goto: b } ]'),
      SEEDS,
    );
    expect(skipped).toEqual(plain);
  });

  it('an if that holds before a chance: the chance still draws', () => {
    const plain = endings(draws('n2', half), SEEDS);
    const held = endings(
      draws('n2', '[ { if: { m: "< 90" }, chance: 0, goto: b }, { chance: 0.5, goto: a }, { goto: b } ]'),
      SEEDS,
    );
    // The chance-0 branch is reached, so it consumes the first draw: the 0.5 branch sees the second one.
    expect(held).not.toEqual(plain);
    const drawnEarlier = endings(draws('[ { chance: 0, goto: b }, { goto: n2 } ]', half), SEEDS);
    expect(held).toEqual(drawnEarlier);
  });

  it('every reached chance branch consumes exactly one draw, chance 0 and chance 1 included', () => {
    // One draw spent at n1 (by a chance 1 branch that is taken), then the 0.5 branch at n2 sees draw 2 ...
    const viaOne = endings(draws('[ { chance: 1, goto: n2 }, { goto: a } ]', half), SEEDS);
    // ... the same as spending one draw on a chance 0 branch at n2 before it.
    const viaZero = endings(draws('n2', '[ { chance: 0, goto: b }, { chance: 0.5, goto: a }, { goto: b } ]'), SEEDS);
    expect(viaOne).toEqual(viaZero);
    // Two draws spent differ from one.
    const viaTwo = endings(draws('[ { chance: 0, goto: b }, { chance: 1, goto: n2 }, { goto: a } ]', half), SEEDS);
    expect(viaTwo).not.toEqual(viaOne);
    // A plain id never draws.
    expect(endings(draws('[ { goto: n2 } ]', half), SEEDS)).toEqual(endings(draws('n2', half), SEEDS));
  });

  it('resolveNext: u < chance is strict, the if is tested first, one draw per reached chance branch', () => {
    const b = (chance: number | undefined, goto: string, cond?: Condition): CompiledBranch => ({
      test: cond ? compileCondition(cond) : undefined,
      chance,
      goto,
    });
    const feed = (...us: number[]) => {
      let n = 0;
      return { draw: () => us[n++] ?? Number.NaN, used: () => n };
    };
    let f = feed(0);
    expect(resolveNext([b(0, 'x'), b(undefined, 'y')], {}, [], f.draw)).toBe('y'); // u = 0 is not < 0
    expect(f.used()).toBe(1);
    f = feed(0.25);
    expect(resolveNext([b(0.25, 'x'), b(undefined, 'y')], {}, [], f.draw)).toBe('y'); // u = chance: not taken
    f = feed(0.2499);
    expect(resolveNext([b(0.25, 'x'), b(undefined, 'y')], {}, [], f.draw)).toBe('x');
    f = feed(0.9999999);
    expect(resolveNext([b(1, 'x'), b(undefined, 'y')], {}, [], f.draw)).toBe('x');
    f = feed(0.1, 0.1);
    expect(resolveNext([b(0.5, 'x', { m: '> 5' }), b(0.5, 'z'), b(undefined, 'y')], { m: 1 }, [], f.draw)).toBe('z');
    expect(f.used()).toBe(1);
    f = feed(0.9, 0.9, 0.1);
    expect(resolveNext([b(0.5, 'x'), b(0.5, 'z'), b(0.5, 'w'), b(undefined, 'y')], {}, [], f.draw)).toBe('w');
    expect(f.used()).toBe(3);
    f = feed();
    expect(resolveNext([b(undefined, 'y', { m: '> 5' }), b(undefined, 'v')], { m: 1 }, [], f.draw)).toBe('v');
    expect(f.used()).toBe(0);
  });
});
