/**
 * The built-in scenario "Kazakhstan, January 2022" (issue 3): it checks clean, its state space is
 * fully explored, the historical path reaches the historical ending, random play has no dominant or
 * dead ending, and the history brief's corrections hold in the text.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { checkScenarioText, type CheckResult } from '../../src/analysis/check.ts';
import { formatDiagnostic } from '../../src/scenario/diagnostics.ts';
import { startRun } from '../../src/engine/run.ts';
import { randomPlaythroughs } from '../../src/analysis/playthrough.ts';

const FILE = 'scenarios/kazakhstan-2022.yaml';
const TEXT = readFileSync(fileURLToPath(new URL('../../' + FILE, import.meta.url)), 'utf8');
const DATA = parse(TEXT) as Record<string, any>;

let cached: CheckResult | undefined;
function checked(): CheckResult {
  cached ??= checkScenarioText(TEXT, FILE);
  return cached;
}

/** The ending that matches history. */
const HISTORICAL_ENDING = 'tandem-ends';
/**
 * The historical path crosses three chance branches: the airport falls at `knb` (chance 0.6 after
 * dismiss-massimov), the CSTO says yes at `airport-falls` (0.8) and the force leaves at `withdrawal`
 * (0.9). Seed 6 takes all three historical branches (seeds 1-5 keep the airport held).
 */
const HISTORICAL_SEED = 6;

/** Every string in the parsed file, with the path to it. */
function strings(value: unknown, path: string[] = []): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path: path.join('.'), text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...path, String(i)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, [...path, k]));
  return [];
}

/** Every `sources: [...]` list in the file except the top-level definitions. */
function citedSources(value: unknown, top = true): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => citedSources(v, false));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      k === 'sources' && !top ? (v as string[]) : k === 'sources' ? [] : citedSources(v, false),
    );
  }
  return [];
}

describe('kazakhstan-2022: the checker', () => {
  it('has no errors and no warnings', () => {
    const r = checked();
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(r.compiled).toBeDefined();
  });

  it('explores completely: no trap, no stuck state, every node and ending reachable', () => {
    const ex = checked().explore!;
    expect(ex.complete).toBe(true);
    expect(ex.traps).toEqual([]);
    expect(ex.stuck).toEqual([]);
    for (const n of DATA.nodes) expect(ex.reachedNodes.has(n.id), `node ${n.id}`).toBe(true);
    for (const e of DATA.endings) expect(ex.reachedEndings.has(e.id), `ending ${e.id}`).toBe(true);
  });
});

describe('kazakhstan-2022: the content contract of issue 3', () => {
  it('has the required shape', () => {
    expect(DATA.format).toBe('crisis-room/1');
    expect(DATA.id).toBe('kazakhstan-2022');
    expect(DATA.version).toBe('1.0.0');
    expect(DATA.language).toBe('en');
    expect(TEXT.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/crisis-room-1.schema.json');
    expect(DATA.nodes.length).toBeGreaterThanOrEqual(10);
    expect(DATA.advisors.length).toBeGreaterThanOrEqual(5);
    expect(DATA.meters.length).toBeGreaterThanOrEqual(5);
    expect(DATA.endings.length).toBeGreaterThanOrEqual(6);
    expect(new Set(DATA.endings.map((e: any) => e.tone)).size).toBe(3);
    expect(DATA.meters.some((m: any) => m.onMin || m.onMax)).toBe(true);
    for (const a of DATA.advisors) expect(a.note, a.id).toMatch(/composite/i);
  });

  it('dates and places every node from 2 to 19 January 2022, in story order', () => {
    let last = '';
    for (const n of DATA.nodes) {
      expect(n.place, n.id).toBeTruthy();
      expect(n.at, n.id).toMatch(/^2022-01-(0[2-9]|1\d)T\d\d:\d\d\+06:00$/);
      expect(n.at >= last, `${n.id} is out of order`).toBe(true);
      last = n.at;
    }
  });

  it('gives history to every node and ending; history.choice names a real choice', () => {
    for (const n of DATA.nodes) {
      expect(n.history?.text, n.id).toBeTruthy();
      expect(n.history.sources?.length, n.id).toBeGreaterThan(0);
      if (n.history.choice) expect(n.choices.map((c: any) => c.id)).toContain(n.history.choice);
    }
    for (const e of DATA.endings) {
      expect(e.history?.text, e.id).toBeTruthy();
      expect(e.history.sources?.length, e.id).toBeGreaterThan(0);
    }
  });

  it('has disagreement at almost every node', () => {
    const split = DATA.nodes.filter(
      (n: any) => new Set((n.advice ?? []).map((a: any) => a.recommends).filter(Boolean)).size >= 2,
    );
    expect(split.length).toBeGreaterThanOrEqual(DATA.nodes.length - 1);
  });

  it('has 2-3 timed moments on 5-7 January and at least two chance branches', () => {
    const timed = DATA.nodes.filter((n: any) => n.timeLimit !== undefined);
    // airport-falls and airport-held are two versions of one moment (the same `at`): count moments.
    const moments = new Set(timed.map((n: any) => n.at));
    expect(moments.size).toBeGreaterThanOrEqual(2);
    expect(moments.size).toBeLessThanOrEqual(3);
    for (const n of timed) {
      expect(n.onTimeout, n.id).toBeTruthy();
      expect(n.at.slice(0, 10) >= '2022-01-05' && n.at.slice(0, 10) <= '2022-01-07', n.id).toBe(true);
    }
    const chances = DATA.nodes.flatMap((n: any) =>
      n.choices.flatMap((c: any) => (Array.isArray(c.next) ? c.next.filter((b: any) => b.chance !== undefined) : [])),
    );
    expect(chances.length).toBeGreaterThanOrEqual(2);
  });
});

describe('kazakhstan-2022: the historical path', () => {
  it("plays every node's history.choice to the historical ending", () => {
    const run = startRun(checked().compiled!, HISTORICAL_SEED);
    let guard = 0;
    while (!run.ended && guard++ < 100) {
      const choice = run.node?.history?.choice;
      expect(choice, `node ${run.at} has no history.choice on the historical path`).toBeTruthy();
      run.choose(choice!);
    }
    expect(run.ended).toBe(true);
    expect(run.at).toBe(HISTORICAL_ENDING);
    const visited = run.trail.map((t) => t.node);
    // The seed must take the historical branches of the chance draws.
    expect(visited).toContain('airport-falls');
    expect(visited).toContain('csto-lands');
    expect(visited).not.toContain('airport-held');
    expect(visited).not.toContain('csto-stalls');
    expect(visited.length).toBeGreaterThanOrEqual(10);
    // The historical ending's history carries the key facts.
    const h = DATA.endings.find((e: any) => e.id === HISTORICAL_ENDING).history.text as string;
    for (const fact of ['19 January', '225', '238', '10,000', 'referendum', 'amnesty']) expect(h).toContain(fact);
  });
});

describe('kazakhstan-2022: random play', () => {
  it('in 10,000 seeded playthroughs no ending takes more than 50% and every ending at least 1%', () => {
    const stats = randomPlaythroughs(checked().compiled!.rules, 10_000, 20220105);
    expect(stats.unfinished).toBe(0);
    for (const e of DATA.endings) {
      const share = (stats.endings[e.id] ?? 0) / stats.runs;
      expect(share, `${e.id}: ${(share * 100).toFixed(1)}%`).toBeLessThanOrEqual(0.5);
      expect(share, `${e.id}: ${(share * 100).toFixed(1)}%`).toBeGreaterThanOrEqual(0.01);
    }
  });
});

describe("kazakhstan-2022: the history brief's corrections", () => {
  const all = strings(DATA);

  it('never gives 23.7% without 2009 nearby', () => {
    let _seen = 0;
    for (const s of all) {
      for (let i = s.text.indexOf('23.7%'); i >= 0; i = s.text.indexOf('23.7%', i + 1)) {
        _seen++;
        const near = s.text.slice(Math.max(0, i - 60), i + 60);
        expect(near, s.path).toContain('2009');
      }
    }
    // The 2021 figure is given too.
    expect(all.some((s) => s.text.includes('15.5'))).toBe(true);
  });

  it('attributes the "Russians in your house" line to Blinken, never to Ned Price', () => {
    const quote = /Russians are in your house/i;
    let seen = 0;
    const parentOf = (path: string) => path.split('.').slice(0, -1).join('.');
    for (const s of all) {
      const m = quote.exec(s.text);
      if (!m) continue;
      seen++;
      const before = s.text.slice(Math.max(0, m.index - 120), m.index);
      // A news item may attribute it in its `source`.
      const source = s.path.endsWith('.text')
        ? (all.find((x) => x.path === parentOf(s.path) + '.source')?.text ?? '')
        : '';
      expect(before + ' ' + source, s.path).toMatch(/Blinken/);
      expect(before, s.path).not.toMatch(/Price/);
      expect(source, s.path).not.toMatch(/Price/);
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('cites only sources that are defined', () => {
    const defined = new Set((DATA.sources ?? []).map((s: any) => s.id));
    const cited = citedSources(DATA);
    expect(cited.length).toBeGreaterThan(0);
    for (const id of cited) expect(defined.has(id), `source "${id}" is cited but not defined`).toBe(true);
  });

  it('says the LPG price roughly doubled to 120 tenge, and says no more than that', () => {
    expect(TEXT).toMatch(/roughly doubled to 120 tenge/);
    expect(TEXT).not.toMatch(/from 50 to 120|from 60 to 120/);
  });
});
