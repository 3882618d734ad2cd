/**
 * Property-based tests (fast-check): thousands of random and mutated scenario files never crash or
 * hang the checker, and every diagnostic points inside the file; random valid scenarios either pass
 * or report, and random play of a passing one never takes a hidden choice, never gets stuck and
 * stays inside what the explorer proved.
 */
import { describe, expect, it as vitestIt, vi } from 'vitest';

// Thousands of checks per test: generous time on a busy machine (the point is no hang, not speed).
const it = (name: string, fn: () => void) => vitestIt(name, fn, 300_000);
import fc from 'fast-check';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { randomPlaythroughs } from '../../src/analysis/playthrough.ts';
import { ChoiceError, startRun } from '../../src/engine/run.ts';
import { verifyReplay } from '../../src/engine/replay.ts';
import type { Diagnostic } from '../../src/scenario/diagnostics.ts';
import { FIXTURES, TEMPLATE, read } from './helpers.ts';
import { readdirSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { parsePlainYaml } from '../../src/scenario/plain-yaml.ts';

// The fast path for plain YAML can be switched off, so one file is checked through both paths.
const fastPath = vi.hoisted(() => ({ on: true }));
vi.mock('../../src/scenario/plain-yaml.ts', async (original) => {
  const m = await original<typeof import('../../src/scenario/plain-yaml.ts')>();
  return { ...m, parsePlainYaml: (text: string) => (fastPath.on ? m.parsePlainYaml(text) : undefined) };
});

const SOURCES = [
  { file: 'template.yaml', text: read(TEMPLATE) },
  { file: 'base.yaml', text: read(join(FIXTURES, 'valid', 'base.yaml')) },
  { file: 'template.json', text: read(join(FIXTURES, 'valid', 'template.json')) },
  {
    file: 'base.json',
    text: JSON.stringify(
      JSON.parse(read(join(FIXTURES, 'errors', 'json-unknown-key.json')).replace('"tilte": "Second",', '')),
      null,
      1,
    ),
  },
];

/** The checker must return (a hang fails by the test timeout) with every diagnostic inside the file. */
function checkWellBehaved(text: string, file: string): Diagnostic[] {
  const r = checkScenarioText(text, file);
  // Lines end at \n (a CRLF line keeps its \r as a last column); a lone \r is not a line break here.
  const lines = text.split('\n');
  for (const d of r.diagnostics) {
    const where = `${d.file}:${d.line}:${d.col} ${d.message} [${d.rule}]`;
    expect(d.file).toBe(file);
    expect(Number.isInteger(d.line) && Number.isInteger(d.col), where).toBe(true);
    expect(d.line, where).toBeGreaterThanOrEqual(1);
    expect(d.col, where).toBeGreaterThanOrEqual(1);
    expect(d.line, where).toBeLessThanOrEqual(Math.max(1, lines.length));
    expect(d.col, where).toBeLessThanOrEqual((lines[d.line - 1]?.length ?? 0) + 1);
    expect(d.rule, where).toMatch(/^[a-z][a-zA-Z-]*$/);
    expect(d.message.length, where).toBeGreaterThan(0);
  }
  const errors = r.diagnostics.some((d) => d.severity === 'error');
  expect(r.compiled === undefined, 'compiled exactly when there is no error').toBe(errors);
  return r.diagnostics;
}

type Mutation = (text: string) => string;

const KEYS = [
  'id',
  'title',
  'text',
  'next',
  'goto',
  'if',
  'chance',
  'effects',
  'choices',
  'nodes',
  'meters',
  'start',
  'min',
  'max',
  'onMin',
  'timeLimit',
  'onTimeout',
  'has',
  'x-note',
  'format',
];
const VALUES = [
  '',
  '0',
  '-1',
  '1.5',
  '99999999999999999999',
  'null',
  '~',
  'true',
  '[]',
  '{}',
  '[a, b]',
  '{ a: 1 }',
  '"< 30"',
  '">= x"',
  '&a',
  '*a',
  '|',
  '>',
  '"unterminated',
  "'",
  '#',
  '- x',
  ':',
  'crisis-room/1',
  '<script>',
  '\t',
  '"\\u0000"',
  'é',
  '😀',
];

const mutation = (source: string): fc.Arbitrary<Mutation> => {
  const lineCount = source.split('\n').length;
  const pos = fc.nat({ max: source.length });
  const line = fc.nat({ max: lineCount - 1 });
  const onLines =
    (f: (lines: string[]) => void): Mutation =>
    (t) => {
      const lines = t.split('\n');
      f(lines);
      return lines.join('\n');
    };
  return fc.oneof(
    // drop a line
    line.map((i) => onLines((l) => l.splice(i, 1))),
    // duplicate a line
    line.map((i) => onLines((l) => l.splice(i, 0, l[i] ?? ''))),
    // swap two lines
    fc.tuple(line, line).map(([i, j]) => onLines((l) => ([l[i], l[j]] = [l[j] ?? '', l[i] ?? '']))),
    // re-indent a line
    fc
      .tuple(line, fc.integer({ min: -4, max: 4 }))
      .map(([i, d]) => onLines((l) => (l[i] = d >= 0 ? ' '.repeat(d) + (l[i] ?? '') : (l[i] ?? '').slice(-d)))),
    // rename a key: change, drop or add a character in the text before a colon
    fc
      .tuple(line, fc.constantFrom('', 'x', 'X', '-', '_', 'x-', ' '))
      .map(([i, c]) =>
        onLines(
          (l) =>
            (l[i] = (l[i] ?? '').replace(
              /(["\w-]+)(["]?\s*:)/,
              (_m, k: string, rest: string) => k.slice(0, -1) + c + rest,
            )),
        ),
      ),
    // replace a value by another of a different type
    fc
      .tuple(line, fc.constantFrom(...VALUES))
      .map(([i, v]) => onLines((l) => (l[i] = (l[i] ?? '').replace(/:\s+.*$/, `: ${v}`)))),
    // replace an id-like word everywhere it appears first
    fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...KEYS, ...VALUES)).map(
      ([k, v]): Mutation =>
        (t) =>
          t.replace(k, v),
    ),
    // insert garbage
    fc.tuple(pos, fc.string({ maxLength: 8, unit: 'binary' })).map(
      ([p, g]): Mutation =>
        (t) =>
          t.slice(0, p) + g + t.slice(p),
    ),
    fc
      .tuple(
        pos,
        fc.constantFrom(
          '{',
          '}',
          '[',
          ']',
          '"',
          "'",
          ',',
          ':',
          '\n',
          '\t',
          '#',
          '&',
          '*',
          '!',
          '%',
          '@',
          '`',
          '\r',
          '\u0000',
          '\ufeff',
        ),
      )
      .map(
        ([p, g]): Mutation =>
          (t) =>
            t.slice(0, p) + g + t.slice(p),
      ),
    // delete a span
    fc.tuple(pos, fc.nat({ max: 40 })).map(
      ([p, n]): Mutation =>
        (t) =>
          t.slice(0, p) + t.slice(p + n),
    ),
    // truncate
    pos.map(
      (p): Mutation =>
        (t) =>
          t.slice(0, p),
    ),
  );
};

describe('mutated scenario files', () => {
  for (const src of SOURCES) {
    it(`${src.file}: 1 to 4 mutations never crash, hang or point outside the file`, () => {
      fc.assert(
        fc.property(fc.array(mutation(src.text), { minLength: 1, maxLength: 4 }), (ms) => {
          const text = ms.reduce((t, m) => m(t), src.text);
          checkWellBehaved(text, src.file);
        }),
        { numRuns: 400, seed: 20260101 + src.file.length },
      );
    });
  }

  it('mutants that only touch x- keys still pass', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = read(TEMPLATE).replace(
          'x-notes: "Keys that start with x- are kept and ignored: use them for your own notes."',
          () => `x-notes: ${JSON.stringify(v)}`,
        );
        const d = checkWellBehaved(text, 'template.yaml');
        expect(d.filter((x) => x.severity === 'error' && x.rule !== 'limit-depth')).toEqual([]);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe('random files', () => {
  it('random YAML documents (any data) are refused or pass, never crash', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        checkWellBehaved(toYaml(v), 'random.yaml');
        checkWellBehaved(JSON.stringify(v, null, 2), 'random.json');
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it('random text, as YAML and as JSON', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (s) => {
        checkWellBehaved(s, 'random.yaml');
        checkWellBehaved(s, 'random.json');
      }),
      { numRuns: 500, seed: 12 },
    );
  });

  it('random maps with scenario-like keys at the top level', () => {
    const key = fc.constantFrom(
      'format',
      'id',
      'title',
      'version',
      'language',
      'role',
      'summary',
      'meters',
      'advisors',
      'start',
      'nodes',
      'endings',
      'sources',
      'x-a',
      'tilte',
    );
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue({ maxDepth: 3 })), (m) => {
        checkWellBehaved(toYaml(m), 'random.yaml');
        checkWellBehaved(JSON.stringify(m), 'random.json');
      }),
      { numRuns: 400, seed: 13 },
    );
  });

  it('deep nesting is refused, not a stack overflow', () => {
    for (const depth of [65, 200, 5000, 20_000]) {
      for (const [file, text] of [
        ['deep.yaml', `x-a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`],
        ['deep.json', `{"x-a": ${'['.repeat(depth)}${']'.repeat(depth)}}`],
        ['deep2.yaml', `x-a: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`],
      ] as const) {
        const d = checkWellBehaved(text, file);
        expect(
          d.filter((x) => x.severity === 'error').map((x) => x.rule),
          `${file} at depth ${depth}`,
        ).toEqual(['limit-depth']);
      }
    }
  });

  it('an alias bomb is refused quickly', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const d = checkWellBehaved(lines.join('\n') + '\n', 'bomb.yaml');
    expect(d.some((x) => x.severity === 'error')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Random valid scenarios

interface Gen {
  meters: { id: string; min: number; max: number; start: number; onMin?: number; onMax?: number }[];
  nodes: {
    choices: {
      shape: number;
      ifMeter?: [number, string, number];
      ifFlag?: [boolean, number];
      effects: [number, number][];
      set: number[];
      unset: number[];
      next: { ifMeter?: [number, string, number]; chance?: number; goto: number }[];
    }[];
    timeout?: number;
  }[];
  endings: number;
}

const OPS = ['<', '<=', '>', '>=', '==', '!='];

const genArb: fc.Arbitrary<Gen> = fc
  .record({
    meterCount: fc.integer({ min: 1, max: 3 }),
    nodeCount: fc.integer({ min: 1, max: 6 }),
    endings: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ meterCount, nodeCount, endings }) => {
    const targets = nodeCount + endings;
    const meterArb = fc.record({
      min: fc.integer({ min: -5, max: 0 }),
      span: fc.integer({ min: 0, max: 8 }),
      at: fc.nat({ max: 8 }),
      onMin: fc.option(fc.nat({ max: endings - 1 }), { nil: undefined }),
      onMax: fc.option(fc.nat({ max: endings - 1 }), { nil: undefined }),
    });
    const test = fc.tuple(fc.nat({ max: meterCount - 1 }), fc.constantFrom(...OPS), fc.integer({ min: -6, max: 9 }));
    const choice = fc.record({
      shape: fc.nat({ max: 3 }),
      ifMeter: fc.option(test, { nil: undefined, freq: 3 }),
      ifFlag: fc.option(fc.tuple(fc.boolean(), fc.nat({ max: 2 })), { nil: undefined, freq: 3 }),
      effects: fc.array(fc.tuple(fc.nat({ max: meterCount - 1 }), fc.integer({ min: -4, max: 4 })), { maxLength: 2 }),
      set: fc.array(fc.nat({ max: 2 }), { maxLength: 2 }),
      unset: fc.array(fc.nat({ max: 2 }), { maxLength: 1 }),
      next: fc.array(
        fc.record({
          ifMeter: fc.option(test, { nil: undefined }),
          chance: fc.option(fc.constantFrom(0, 0.1, 0.5, 0.9, 1), { nil: undefined }),
          goto: fc.nat({ max: targets - 1 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    });
    return fc.record({
      meters: fc.array(meterArb, { minLength: meterCount, maxLength: meterCount }).map((ms) =>
        ms.map((m, i) => ({
          id: `m${i}`,
          min: m.min,
          max: m.min + m.span,
          start: m.min + Math.min(m.at, m.span),
          onMin: m.onMin,
          onMax: m.onMax,
        })),
      ),
      nodes: fc.array(
        fc.record({
          choices: fc.array(choice, { minLength: 1, maxLength: 3 }),
          timeout: fc.option(fc.nat({ max: 2 }), { nil: undefined }),
        }),
        { minLength: nodeCount, maxLength: nodeCount },
      ),
      endings: fc.constant(endings),
    });
  });

/** Turn a generated description into scenario data that follows the contract's shape and references. */
function toScenario(g: Gen): unknown {
  const nodeIds = g.nodes.map((_, i) => `n${i}`);
  const endingIds = Array.from({ length: g.endings }, (_, i) => `e${i}`);
  const target = (i: number) => (i < nodeIds.length ? nodeIds[i]! : endingIds[i - nodeIds.length]!);
  const meterTest = ([m, op, v]: [number, string, number]) => ({ [`m${m}`]: `${op} ${v}` });
  return {
    format: 'crisis-room/1',
    id: 'random',
    title: 'Random',
    version: '1.0.0',
    language: 'en',
    role: 'You.',
    summary: 'Random.',
    meters: g.meters.map((m) => ({
      id: m.id,
      label: m.id,
      min: m.min,
      max: m.max,
      start: m.start,
      ...(m.onMin !== undefined ? { onMin: endingIds[m.onMin] } : {}),
      ...(m.onMax !== undefined ? { onMax: endingIds[m.onMax] } : {}),
    })),
    advisors: [{ id: 'adv', name: 'Adv', title: 'Adviser' }],
    start: 'n0',
    nodes: g.nodes.map((n, i) => ({
      id: nodeIds[i],
      title: `Node ${i}`,
      text: 'Text.',
      ...(i === 0 ? { advice: [{ advisor: 'adv', text: 'Hm.' }] } : {}),
      ...(n.timeout !== undefined && n.timeout < n.choices.length ? { timeLimit: 30, onTimeout: `c${n.timeout}` } : {}),
      choices: n.choices.map((c, ci) => {
        const plain = {
          ...(c.ifMeter ? meterTest(c.ifMeter) : {}),
          ...(c.ifFlag ? { [c.ifFlag[0] ? 'has' : 'lacks']: [`f${c.ifFlag[1]}`] } : {}),
        };
        // all, any and not around the plain test, by shape
        const cond =
          Object.keys(plain).length === 0 || c.shape === 0
            ? plain
            : c.shape === 1
              ? { not: plain }
              : c.shape === 2
                ? { any: [plain, { has: ['f0'] }] }
                : { all: [plain, { not: { lacks: ['f1'] } }] };
        const effects = Object.fromEntries(c.effects.map(([m, d]) => [`m${m}`, d]));
        const branches = c.next.map((b, bi) => {
          const last = bi === c.next.length - 1;
          return {
            ...(!last && b.ifMeter ? { if: meterTest(b.ifMeter) } : {}),
            ...(!last && b.chance !== undefined ? { chance: b.chance } : {}),
            goto: target(b.goto),
          };
        });
        return {
          id: `c${ci}`,
          label: `Choice ${ci}`,
          ...(Object.keys(cond).length ? { if: cond } : {}),
          ...(Object.keys(effects).length ? { effects } : {}),
          ...(c.set.length ? { set: [...new Set(c.set)].map((f) => `f${f}`) } : {}),
          ...(c.unset.length ? { unset: c.unset.map((f) => `f${f}`) } : {}),
          next: branches.length === 1 ? branches[0]!.goto : branches,
        };
      }),
    })),
    endings: endingIds.map((id) => ({ id, title: id, tone: 'good', text: 'End.' })),
  };
}

describe('random valid scenarios', () => {
  it('pass, or report only what the state space proves (trap, stuck); random play never takes a hidden choice', () => {
    let passed = 0;
    fc.assert(
      fc.property(genArb, fc.boolean(), fc.integer({ min: 0, max: 4294967295 }), (g, asJson, seed) => {
        const data = toScenario(g);
        const file = asJson ? 'random.json' : 'random.yaml';
        const text = asJson ? JSON.stringify(data, null, 2) : toYaml(data);
        const r = checkScenarioText(text, file);
        const errors = r.diagnostics.filter((d) => d.severity === 'error');
        expect(
          errors
            .filter((d) => d.rule !== 'trap' && d.rule !== 'stuck')
            .map((d) => `${d.line}:${d.col} ${d.message} [${d.rule}]`),
        ).toEqual([]);
        if (!r.compiled) return;
        passed++;
        const ex = r.explore!;
        // Play at random with the Run API: always a visible choice (no stuck), never a hidden one taken.
        let pick = seed;
        const next = () => (pick = (Math.imul(pick, 1664525) + 1013904223) >>> 0) / 4294967296;
        const run = startRun(r.compiled, seed);
        const meters = r.compiled.rules.meters;
        for (let step = 0; step < 60 && !run.ended; step++) {
          expect(ex.reachedNodes.has(run.at), `explorer missed node ${run.at}`).toBe(true);
          const shown = run.visibleChoices();
          expect(shown.length, `stuck at ${run.at} though the checker passed`).toBeGreaterThan(0);
          const all = run.node!.choices;
          const hidden = all.filter((c) => !shown.includes(c));
          for (const h of hidden) {
            expect(() => run.choose(h.id)).toThrow(ChoiceError);
          }
          const timeout = run.node!.timeLimit !== undefined && next() < 0.2;
          const taken = timeout ? run.timeout() : run.choose(shown[Math.floor(next() * shown.length)]!.id);
          if (!timeout) expect(shown.map((c) => c.id)).toContain(taken.choice);
          for (const m of meters) {
            expect(run.meters[m.id]).toBeGreaterThanOrEqual(m.min);
            expect(run.meters[m.id]).toBeLessThanOrEqual(m.max);
          }
        }
        if (run.ended) expect(ex.reachedEndings.has(run.at), `explorer missed ending ${run.at}`).toBe(true);
        const v = verifyReplay(r.compiled, run.record());
        expect(v.ok).toBe(true);
        const stats = randomPlaythroughs(r.compiled.rules, 20, seed);
        expect(Object.values(stats.endings).reduce((a, b) => a + b, 0) + stats.unfinished).toBe(20);
      }),
      { numRuns: 250, seed: 99 },
    );
    expect(passed).toBeGreaterThan(30);
  });
});

// ---------------------------------------------------------------------------------------------
// A reference model of the contract, written here from its words only, to check the explorer.

type Cond = Record<string, unknown>;
interface RefChoice {
  id: string;
  if?: Cond;
  effects?: Record<string, number>;
  set?: string[];
  unset?: string[];
  next: string | { if?: Cond; chance?: number; goto: string }[];
}
interface RefScenario {
  start: string;
  meters: { id: string; min: number; max: number; start: number; onMin?: string; onMax?: string }[];
  nodes: { id: string; timeLimit?: number; onTimeout?: string; choices: RefChoice[] }[];
  endings: { id: string }[];
}

function refHolds(c: Cond | undefined, meters: Record<string, number>, flags: Set<string>): boolean {
  if (!c) return true;
  return Object.entries(c).every(([k, v]) => {
    if (k === 'has') return (v as string[]).every((f) => flags.has(f));
    if (k === 'lacks') return (v as string[]).every((f) => !flags.has(f));
    if (k === 'all') return (v as Cond[]).every((x) => refHolds(x, meters, flags));
    if (k === 'any') return (v as Cond[]).some((x) => refHolds(x, meters, flags));
    if (k === 'not') return !refHolds(v as Cond, meters, flags);
    const [op, num] = (v as string).trim().split(/\s+/) as [string, string];
    const a = meters[k]!;
    const b = Number(num);
    return { '<': a < b, '<=': a <= b, '>': a > b, '>=': a >= b, '==': a === b, '!=': a !== b }[op]!;
  });
}

/** Breadth-first over (node, meters, flags): reachable nodes and endings, stuck nodes, trap nodes. */
function refExplore(s: RefScenario) {
  const nodes = new Map(s.nodes.map((n) => [n.id, n]));
  const endings = new Set(s.endings.map((e) => e.id));
  const key = (node: string, m: Record<string, number>, f: Set<string>) =>
    `${node}|${s.meters.map((x) => m[x.id]).join(',')}|${[...f].sort().join(',')}`;
  const states: {
    node: string;
    m: Record<string, number>;
    f: Set<string>;
    succ: number[];
    ends: boolean;
    stuck: boolean;
  }[] = [];
  const index = new Map<string, number>();
  const add = (node: string, m: Record<string, number>, f: Set<string>) => {
    const k = key(node, m, f);
    if (!index.has(k)) {
      index.set(k, states.length);
      states.push({ node, m, f, succ: [], ends: false, stuck: false });
    }
    return index.get(k)!;
  };
  const reachedEndings = new Set<string>();
  add(s.start, Object.fromEntries(s.meters.map((x) => [x.id, x.start])), new Set());
  for (let i = 0; i < states.length; i++) {
    const st = states[i]!;
    const n = nodes.get(st.node)!;
    const shown = n.choices.filter((c) => refHolds(c.if, st.m, st.f));
    st.stuck = shown.length === 0;
    const taken = [...shown];
    // "onTimeout: a choice id of this node, taken when time runs out"
    if (n.timeLimit !== undefined && n.onTimeout) {
      const t = n.choices.find((c) => c.id === n.onTimeout)!;
      if (!taken.includes(t)) taken.push(t);
    }
    for (const c of taken) {
      // effects (each clamped), set, unset, then onMin/onMax, then next
      const m = { ...st.m };
      for (const [id, d] of Object.entries(c.effects ?? {})) {
        const meter = s.meters.find((x) => x.id === id)!;
        m[id] = Math.min(meter.max, Math.max(meter.min, m[id]! + d));
      }
      const f = new Set(st.f);
      for (const x of c.set ?? []) f.add(x);
      for (const x of c.unset ?? []) f.delete(x);
      let targets: string[] = [];
      const bound = s.meters
        .map((x) => (x.onMin && m[x.id] === x.min ? x.onMin : x.onMax && m[x.id] === x.max ? x.onMax : undefined))
        .find((x) => x);
      if (bound) targets = [bound];
      else if (typeof c.next === 'string') targets = [c.next];
      else {
        for (const b of c.next) {
          if (!refHolds(b.if, m, f)) continue;
          if (b.chance === undefined || b.chance >= 1) {
            targets.push(b.goto);
            break;
          }
          if (b.chance > 0) targets.push(b.goto); // some u in [0,1) is below it, some is not
        }
      }
      for (const t of targets) {
        if (endings.has(t)) {
          reachedEndings.add(t);
          st.ends = true;
        } else st.succ.push(add(t, m, f));
      }
    }
  }
  // An ending is reachable from a state when it ends or a successor can reach one.
  let changed = true;
  while (changed) {
    changed = false;
    for (const st of states) if (!st.ends && st.succ.some((j) => states[j]!.ends)) changed = st.ends = true;
  }
  const stuck = new Set(states.filter((x) => x.stuck).map((x) => x.node));
  const traps = new Set(states.filter((x) => !x.ends && !stuck.has(x.node)).map((x) => x.node));
  return { states: states.length, nodes: new Set(states.map((x) => x.node)), endings: reachedEndings, stuck, traps };
}

describe('the explorer agrees with a reference model of the contract', () => {
  it('same reachable nodes and endings, same stuck nodes, same traps, same number of states', () => {
    let withProblems = 0;
    fc.assert(
      fc.property(genArb, (g) => {
        const data = toScenario(g) as RefScenario;
        const r = checkScenarioText(JSON.stringify(data), 'random.json');
        const ex = r.explore!;
        expect(ex, r.diagnostics.map((d) => d.message).join('\n')).toBeDefined();
        expect(ex.complete).toBe(true);
        const ref = refExplore(data);
        expect(ex.states).toBe(ref.states);
        expect([...ex.reachedNodes].sort()).toEqual([...ref.nodes].sort());
        expect([...ex.reachedEndings].sort()).toEqual([...ref.endings].sort());
        expect(ex.stuck.map((x) => x.node).sort()).toEqual([...ref.stuck].sort());
        expect(ex.traps.map((x) => x.node).sort()).toEqual([...ref.traps].sort());
        // and what the checker reports follows from it
        const rules = (rule: string) => r.diagnostics.filter((d) => d.rule === rule).length;
        expect(rules('stuck')).toBe(ref.stuck.size);
        expect(rules('trap')).toBe(ref.traps.size);
        expect(rules('unreachable')).toBe(data.nodes.length - ref.nodes.size + data.endings.length - ref.endings.size);
        if (ref.stuck.size + ref.traps.size > 0) withProblems++;
      }),
      { numRuns: 500, seed: 2026 },
    );
    expect(withProblems).toBeGreaterThan(20);
  });
});

describe('YAML and JSON forms of the same data get the same diagnostics', () => {
  type Json = unknown;
  /** Paths to every value in the data. */
  const paths = (v: Json, p: (string | number)[] = [], out: (string | number)[][] = []) => {
    out.push(p);
    if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...p, i], out));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...p, k], out);
    return out;
  };
  const template = (): Json => JSON.parse(read(join(FIXTURES, 'valid', 'template.json')));
  const edit = (
    data: Json,
    path: (string | number)[],
    f: (parent: Record<string | number, unknown>, key: string | number) => void,
  ) => {
    let cur = data as Record<string | number, unknown>;
    for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
    if (path.length) f(cur, path[path.length - 1]!);
  };

  it('for random edits of the template data: the same rules and messages', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat(),
            fc.constantFrom('delete', 'replace', 'rename'),
            fc.jsonValue({ maxDepth: 2 }),
            fc.constantFrom('tilte', 'x-n', 'next', 'id', 'if', 'chance'),
          ),
          { minLength: 1, maxLength: 3 },
        ),
        (edits) => {
          const data = template();
          for (const [n, op, value, name] of edits) {
            const all = paths(data).filter((p) => p.length > 0);
            const path = all[n % all.length]!;
            edit(data, path, (parent, key) => {
              if (op === 'replace') parent[key] = value;
              else if (Array.isArray(parent)) parent.splice(Number(key), 1);
              else if (op === 'delete') delete parent[key];
              else if (!(name in parent)) {
                parent[name] = parent[key];
                delete parent[key];
              }
            });
          }
          const summary = (file: string, text: string) =>
            checkScenarioText(text, file)
              .diagnostics.map((d) => `${d.severity} [${d.rule}] ${d.message}`)
              .sort();
          expect(summary('t.json', JSON.stringify(data, null, 2))).toEqual(summary('t.yaml', toYaml(data)));
        },
      ),
      { numRuns: 300, seed: 31 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The fast path for plain YAML against the positioned parser

/** Diagnostics of a full check through the fast path and through the positioned parser alone. */
function bothPaths(text: string, file: string): { fast: Diagnostic[]; positioned: Diagnostic[] } {
  const fast = checkScenarioText(text, file).diagnostics;
  fastPath.on = false;
  try {
    return { fast, positioned: checkScenarioText(text, file).diagnostics };
  } finally {
    fastPath.on = true;
  }
}

/** Where the fast reader gives data, the `yaml` parser (as the checker runs it) must give the same and no error. */
function expectSameData(text: string): boolean {
  const fast = parsePlainYaml(text);
  if (fast === undefined) return false;
  const doc = parseDocument(text, {
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    version: '1.2',
    logLevel: 'error',
  });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  expect(fast).toStrictEqual(doc.toJS());
  return true;
}

const YAML_FIXTURES = [
  ...['valid', 'errors', 'warnings', 'plans/scenarios', 'teacher'].flatMap((d) =>
    readdirSync(join(FIXTURES, d))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(FIXTURES, d, f)),
  ),
  TEMPLATE,
  join(FIXTURES, '..', '..', 'scenarios', 'kazakhstan-2022.yaml'),
];

describe('the fast path for plain YAML', () => {
  it('reads every valid fixture and the built-in scenarios itself, with the same data as the yaml parser', () => {
    const valid = YAML_FIXTURES.filter((f) => !f.includes('/errors/'));
    for (const f of valid) expect(expectSameData(read(f)), f).toBe(true);
  });

  it('gives the same diagnostics as the positioned parser on every fixture, broken or not', () => {
    let fast = 0;
    for (const f of YAML_FIXTURES) {
      const text = read(f);
      if (parsePlainYaml(text) !== undefined) fast++;
      const r = bothPaths(text, f);
      expect(r.fast, f).toEqual(r.positioned);
    }
    // Most broken files are still plain YAML: their diagnostics come through the lazy positions.
    expect(fast).toBeGreaterThan(YAML_FIXTURES.length / 2);
  });

  for (const src of SOURCES.filter((x) => x.file.endsWith('.yaml'))) {
    it(`${src.file}: mutated files give the same data and the same diagnostics on both paths`, () => {
      fc.assert(
        fc.property(fc.array(mutation(src.text), { minLength: 1, maxLength: 3 }), (ms) => {
          const text = ms.reduce((t, m) => m(t), src.text);
          if (expectSameData(text)) {
            const r = bothPaths(text, src.file);
            expect(r.fast).toEqual(r.positioned);
          }
        }),
        { numRuns: 300, seed: 20261201 + src.file.length },
      );
    });
  }

  it('random data written as block and as flow YAML reads back the same', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.boolean(), (v, flow) => {
        const text = toYaml(v, flow ? { collectionStyle: 'flow' } : {});
        expectSameData(text);
      }),
      { numRuns: 1000, seed: 14 },
    );
  });
});
