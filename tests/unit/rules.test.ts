/**
 * The pure rules, one at a time, against the contract's words: conditions (every operator, has,
 * lacks, all, any, not, AND of keys), effects with clamping, set/unset, and meter-bound endings.
 */
import { describe, expect, it } from 'vitest';
import {
  applyEffects,
  boundEnding,
  compileCondition,
  compileRules,
  parseMeterTest,
  possibleTargets,
  type CompiledBranch,
} from '../../src/engine/rules.ts';
import type { Condition, Scenario } from '../../src/scenario/schema.ts';
import { compileText, scenarioYaml } from './helpers.ts';

const holds = (cond: Condition, meters: Record<string, number>, flags: string[] = []) =>
  compileCondition(cond)(meters, flags);

describe('conditions', () => {
  it.each([
    [
      '< 30',
      [
        [29, true],
        [30, false],
        [31, false],
      ],
    ],
    [
      '<= 30',
      [
        [29, true],
        [30, true],
        [31, false],
      ],
    ],
    [
      '> 30',
      [
        [29, false],
        [30, false],
        [31, true],
      ],
    ],
    [
      '>= 30',
      [
        [29, false],
        [30, true],
        [31, true],
      ],
    ],
    [
      '== 30',
      [
        [29, false],
        [30, true],
        [31, false],
      ],
    ],
    [
      '!= 30',
      [
        [29, true],
        [30, false],
        [31, true],
      ],
    ],
    [
      '< -5',
      [
        [-6, true],
        [-5, false],
      ],
    ],
    [
      '>=0',
      [
        [0, true],
        [-1, false],
      ],
    ],
  ] as const)('"%s"', (test, cases) => {
    for (const [v, want] of cases) expect(holds({ m: test }, { m: v }), `m = ${v}`).toBe(want);
  });

  it('parses "<op> <integer>" and nothing else', () => {
    expect(parseMeterTest('>= 60')).toEqual({ op: '>=', value: 60 });
    expect(parseMeterTest('!= -3')).toEqual({ op: '!=', value: -3 });
    for (const bad of ['=> 60', '= 60', '>= 6.5', '>= sixty', '60', '>=', '', '>= 60 and < 70', '<> 1'])
      expect(parseMeterTest(bad), bad).toBeUndefined();
  });

  it('has: every flag set; lacks: none set', () => {
    expect(holds({ has: ['a', 'b'] }, {}, ['a', 'b', 'c'])).toBe(true);
    expect(holds({ has: ['a', 'b'] }, {}, ['a'])).toBe(false);
    expect(holds({ lacks: ['a', 'b'] }, {}, ['c'])).toBe(true);
    expect(holds({ lacks: ['a', 'b'] }, {}, ['b'])).toBe(false);
    expect(holds({ has: [] }, {}, [])).toBe(true);
  });

  it('all keys of a map must hold (AND)', () => {
    expect(holds({ m: '> 1', has: ['a'] }, { m: 2 }, ['a'])).toBe(true);
    expect(holds({ m: '> 1', has: ['a'] }, { m: 2 }, [])).toBe(false);
    expect(holds({ m: '> 1', has: ['a'] }, { m: 1 }, ['a'])).toBe(false);
    expect(holds({ m: '> 1', n: '< 5' }, { m: 2, n: 5 })).toBe(false);
    expect(holds({}, {})).toBe(true);
  });

  it('all, any, not', () => {
    const m = { m: 10 };
    expect(holds({ all: [{ m: '> 5' }, { m: '< 20' }] }, m)).toBe(true);
    expect(holds({ all: [{ m: '> 5' }, { m: '< 10' }] }, m)).toBe(false);
    expect(holds({ all: [] }, m)).toBe(true);
    expect(holds({ any: [{ m: '> 50' }, { m: '== 10' }] }, m)).toBe(true);
    expect(holds({ any: [{ m: '> 50' }, { m: '< 0' }] }, m)).toBe(false);
    expect(holds({ any: [] }, m)).toBe(false);
    expect(holds({ not: { m: '== 10' } }, m)).toBe(false);
    expect(holds({ not: { not: { m: '== 10' } } }, m)).toBe(true);
    expect(holds({ not: { has: ['a'] } }, m, ['a'])).toBe(false);
    // the template's wait branch: any [ trust >= 55, not lacks [talks-open] ]
    const wait: Condition = { any: [{ trust: '>= 55' }, { not: { lacks: ['talks-open'] } }] };
    expect(holds(wait, { trust: 50 }, [])).toBe(false);
    expect(holds(wait, { trust: 55 }, [])).toBe(true);
    expect(holds(wait, { trust: 0 }, ['talks-open'])).toBe(true);
  });
});

function rulesOf(meters: string, choices: string) {
  const text = scenarioYaml({
    meters,
    nodes: `  - id: n1\n    title: T\n    text: X\n    advice: [ { advisor: adv, text: A } ]\n    choices:\n${choices}`,
    endings:
      '  - { id: end, title: E, tone: good, text: E. }\n  - { id: low, title: L, tone: bad, text: L. }\n  - { id: high, title: H, tone: good, text: H. }',
  });
  const c = compileText(text);
  return c.rules;
}

describe('effects, set, unset and bounds', () => {
  const rules = rulesOf(
    '  - { id: a, label: A, min: -10, max: 10, start: 0, onMin: low }\n  - { id: b, label: B, start: 99, onMax: high }',
    '      - { id: c1, label: C, effects: { a: -25, b: 5 }, set: [x, y], unset: [y, z], next: end }\n      - { id: c2, label: C, effects: { a: 3 }, unset: [x], next: end }',
  );
  const choice = (id: string) => rules.nodes.get('n1')!.byId.get(id)!;

  it('clamps each effect to [min, max] and reports the real change', () => {
    const r = applyEffects(rules, choice('c1'), { a: 0, b: 99 }, ['z']);
    expect(r.meters).toEqual({ a: -10, b: 100 });
    expect(r.deltas).toEqual({ a: -10, b: 1 });
  });

  it('set, then unset: a flag in both ends cleared; flags stay sorted', () => {
    expect(applyEffects(rules, choice('c1'), { a: 0, b: 0 }, ['z']).flags).toEqual(['x']);
    expect(applyEffects(rules, choice('c2'), { a: 0, b: 0 }, ['w', 'x']).flags).toEqual(['w']);
  });

  it('a meter at its bound with an ending ends the run; the first meter in file order wins', () => {
    expect(boundEnding(rules, { a: -10, b: 100 })).toEqual({ ending: 'low', meter: 'a', bound: 'min' });
    expect(boundEnding(rules, { a: -9, b: 100 })).toEqual({ ending: 'high', meter: 'b', bound: 'max' });
    expect(boundEnding(rules, { a: 10, b: 0 })).toBeUndefined(); // a has no onMax, b no onMin
    expect(boundEnding(rules, { a: -9, b: 99 })).toBeUndefined();
  });

  it('defaults: min 0, max 100', () => {
    const r = rulesOf(
      '  - { id: a, label: A, start: 50 }',
      '      - { id: c1, label: C, effects: { a: 80 }, next: end }\n      - { id: c2, label: C, effects: { a: -80 }, next: end }',
    );
    const n = r.nodes.get('n1')!;
    expect(applyEffects(r, n.byId.get('c1')!, { a: 50 }, []).meters).toEqual({ a: 100 });
    expect(applyEffects(r, n.byId.get('c2')!, { a: 50 }, []).meters).toEqual({ a: 0 });
  });
});

describe('possibleTargets (the explorer view of a branch list)', () => {
  const b = (chance: number | undefined, goto: string, test?: Condition): CompiledBranch => ({
    chance,
    goto,
    test: test ? compileCondition(test) : undefined,
  });
  it('lists what some draw can reach, stopping at the first branch that always holds', () => {
    expect(possibleTargets([b(0.5, 'x'), b(undefined, 'y')], {}, [])).toEqual(['x', 'y']);
    expect(possibleTargets([b(0, 'x'), b(undefined, 'y')], {}, [])).toEqual(['y']);
    expect(possibleTargets([b(1, 'x'), b(undefined, 'y')], {}, [])).toEqual(['x']);
    expect(possibleTargets([b(1, 'x', { m: '> 5' }), b(undefined, 'y')], { m: 1 }, [])).toEqual(['y']);
    expect(possibleTargets([b(undefined, 'x', { m: '< 5' }), b(undefined, 'y')], { m: 1 }, [])).toEqual(['x']);
  });
});

describe('compileRules', () => {
  it('applies the meter defaults', () => {
    const s = {
      meters: [{ id: 'a', label: 'A', start: 1 }],
      nodes: [],
      endings: [],
      advisors: [],
    } as unknown as Scenario;
    expect(compileRules(s).meters[0]).toMatchObject({ min: 0, max: 100 });
  });
});
