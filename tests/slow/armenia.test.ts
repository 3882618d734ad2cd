/**
 * The built-in scenario "Armenia, September 2022" (issue 19): it checks clean, every decision
 * changes the endings (the request and the answer to it by at least 0.25, every other decision by
 * at least 0.10, measured by src/analysis/impact.ts), no advisor's line decides the game or ends in
 * bad endings only, every ending is true of every path into it, no node opens on an empty wire,
 * and the facts it teaches hold in the parsed file, with named sources.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkScenarioText, type CheckResult } from '../../src/analysis/check.ts';
import { decisionImpact } from '../../src/analysis/impact.ts';
import { walkPaths, type EndingEntry } from '../../src/analysis/paths.ts';
import { advisorPolicies, dominantEnding, followHistory, policyPlaythroughs } from '../../src/analysis/policies.ts';
import { formatDiagnostic } from '../../src/scenario/diagnostics.ts';
import { BUILTIN_SCENARIOS } from '../../src/game/builtin-scenarios.ts';

const FILE = 'scenarios/armenia-2022.yaml';
const TEXT = readFileSync(fileURLToPath(new URL('../../' + FILE, import.meta.url)), 'utf8');
const DATA = parse(TEXT) as Record<string, any>;
const SEED = 20220913;
const node = (id: string) => DATA.nodes.find((n: any) => n.id === id);

let checked: CheckResult;
beforeAll(() => {
  checked = checkScenarioText(TEXT, FILE);
}, 120_000);

describe('armenia-2022: a built-in scenario that checks clean', () => {
  it('has no errors and no warnings, and explores completely', () => {
    expect(checked.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(checked.explore!.complete).toBe(true);
    expect(checked.explore!.reachedEndings.size).toBe(DATA.endings.length);
  });

  it('is listed after Kazakhstan on the title screen', () => {
    const files = BUILTIN_SCENARIOS.map((b) => b.file);
    expect(files.indexOf(FILE)).toBe(files.indexOf('scenarios/kazakhstan-2022.yaml') + 1);
  });

  it('asks at least ten decisions on the historical path, with history and named sources at every decision', () => {
    const rules = checked.compiled!.rules;
    const stats = policyPlaythroughs(rules, 500, SEED, followHistory);
    expect(stats.meanSteps).toBeGreaterThanOrEqual(10);
    expect(dominantEnding(stats).ending).toBe('watched-by-europe');
    const defined = new Set(DATA.sources.map((s: any) => s.id));
    for (const n of DATA.nodes) {
      expect(n.history?.text, n.id).toBeTruthy();
      expect(n.history.sources.length, n.id).toBeGreaterThan(0);
      for (const id of n.history.sources) expect(defined.has(id), `${n.id}: ${id}`).toBe(true);
    }
    for (const s of DATA.sources) {
      expect(s.publisher, s.id).toBeTruthy();
      expect(s.date, s.id).toMatch(/^\d{4}(-\d\d){0,2}$/);
    }
  });

  it('has advisors who disagree at every decision with more than one option', () => {
    for (const n of DATA.nodes) {
      const picks = new Set((n.advice ?? []).map((a: any) => a.recommends).filter(Boolean));
      expect(picks.size, n.id).toBeGreaterThanOrEqual(2);
    }
    for (const a of DATA.advisors) expect(a.note, a.id).toMatch(/composite/i);
  });
});

describe('armenia-2022: every decision changes where the game ends', () => {
  it('the request and the answer to it reach a distance of 0.25, every other decision 0.10', () => {
    const rows = decisionImpact(checked.compiled!.rules, { runs: 2000, seed: SEED });
    expect(rows.map((r) => r.node).sort()).toEqual(DATA.nodes.map((n: any) => n.id).sort());
    for (const r of rows) {
      const d = r.widest?.distance ?? 0;
      expect(d, `${r.node}: ${d.toFixed(2)}`).toBeGreaterThanOrEqual(
        ['request', 'csto-answer'].includes(r.node) ? 0.25 : 0.1,
      );
    }
  });

  it('following any one advisor ends in no single ending more than 60% of the time, and never in bad endings only', () => {
    for (const r of advisorPolicies(checked.compiled!.rules, 3000, SEED)) {
      const top = dominantEnding(r.stats);
      expect(top.share, `${r.advisor}: ${top.ending}`).toBeLessThanOrEqual(0.6);
      const notBad = DATA.endings
        .filter((e: any) => e.tone !== 'bad')
        .reduce((n: number, e: any) => n + (r.stats.endings[e.id] ?? 0), 0);
      expect(notBad, r.advisor).toBeGreaterThan(0);
    }
  });
});

describe('armenia-2022: every ending is true of every path into it; no empty news wire', () => {
  const HISTORY_COST = 30;
  const bad: string[] = [];
  let report: ReturnType<typeof walkPaths>;
  const claims: Record<string, (e: EndingEntry) => boolean> = {
    'border-holds': (e) =>
      e.flags.includes('eu-mission') &&
      e.meters.border! >= 60 &&
      e.meters.trust! >= 50 &&
      e.meters.cost! < HISTORY_COST,
    'watched-by-europe': (e) => e.flags.includes('eu-mission') && e.meters.west! >= 50,
    'russian-shield': (e) => e.meters.moscow! >= 50 && e.choice === 'stay',
    'between-chairs': (e) => e.choice !== 'stay',
    'alliance-in-name': (e) => e.choice === 'stay',
    'border-lost': (e) => e.meters.border === 0 || e.node === 'membership',
    'government-falls': (e) => e.meters.trust === 0,
  };
  beforeAll(() => {
    report = walkPaths(checked.compiled!.rules, (e) => {
      if (!claims[e.ending]!(e) && bad.length < 5)
        bad.push(`${e.ending} via ${e.node}.${e.choice} ${JSON.stringify(e.meters)} ${e.flags}`);
    });
  }, 120_000);

  it('finds no ending entered against its own text', () => {
    expect(report.complete).toBe(true);
    expect(Object.keys(claims).sort()).toEqual(DATA.endings.map((e: any) => e.id).sort());
    expect(bad).toEqual([]);
  });

  it('opens no node on an empty news wire; invented headlines say so', () => {
    expect(report.emptyWires).toEqual([]);
    const conditional = DATA.nodes.flatMap((n: any) => (n.news ?? []).filter((x: any) => x.if));
    expect(conditional.length).toBeGreaterThanOrEqual(15);
    for (const n of DATA.nodes)
      for (const x of n.news ?? [])
        if (/^In this version/.test(x.source)) expect(x.source).toMatch(/not a real report/);
  });
});

describe('armenia-2022: the facts it teaches', () => {
  it('compares with Kazakhstan, Kyrgyzstan 2010 and Armenia 2021 at the request: Article 4, aggression, internal conflict, border incident', () => {
    const t = node('request').text as string;
    for (const phrase of [
      'Article 2',
      'Article 4',
      'aggression',
      'Kazakhstan',
      'internal conflict',
      'border incident',
      '3 July 2021',
    ])
      expect(t).toContain(phrase);
    expect(node('request').history.sources).toEqual(
      expect.arrayContaining(['cst-treaty', 'zas-2021', 'eurasianet-2010-refusal']),
    );
  });

  it('tells the answer as it was: a fact-finding mission led by Zas and Sidorov, not troops', () => {
    const n = node('csto-answer');
    expect(n.text).toMatch(/Not with troops/);
    expect(n.text).toMatch(/Stanislav Zas/);
    expect(n.text).toMatch(/Anatoly Sidorov/);
    expect(n.history.text).toMatch(/effectively declined the request for military help/);
    expect(n.history.sources).toContain('azatutyun-zas');
  });

  it('dates the EU mission (Prague, 6-7 October 2022), the refusal to sign (23 November 2022) and the freeze (February 2024) from named sources', () => {
    expect(node('eu-mission').history.text).toMatch(/Prague on 6-7 October/);
    expect(node('eu-mission').history.sources).toContain('rferl-prague');
    expect(node('summit').history.text).toMatch(/23 November 2022 Pashinyan refused to sign/);
    expect(node('summit').history.sources).toContain('horizon-summit');
    expect(node('membership').history.text).toMatch(/February 2024/);
    expect(node('membership').history.sources).toContain('asbarez-freeze');
  });

  it('labels counterfactual outcomes where the player reads them', () => {
    for (const e of DATA.endings.filter((x: any) => x.id !== 'watched-by-europe'))
      expect(e.text, e.id).toMatch(/counterfactual/);
    for (const id of ['heights-retaken', 'heights-lost']) expect(node(id).text).toMatch(/In this version of events/);
  });
});
