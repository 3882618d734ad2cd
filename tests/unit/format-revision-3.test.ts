/**
 * The format's third revision (docs/scenario-format.md): an advisor's `brief`, `if` on news items
 * (node news tested as the node opens, choice news as the outcome shows) and `history: true` on a
 * branch (the map's historical path and the debrief's chance rows follow it). Files without them
 * are unchanged: the older fixtures and the built-in scenarios pass as before (their own tests).
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { startRun } from '../../src/engine/run.ts';
import { shownNews } from '../../src/engine/rules.ts';
import { decisionRows, nodeHeadlines, outcomeHeadlines } from '../../src/game/view-models.ts';
import { scenarioMapGraph } from '../../src/scenario-map/model.ts';
import { compileFile, compileText, FIXTURES, scenarioYaml } from './helpers.ts';

const NEWS = scenarioYaml({
  meters: '  - { id: order, label: Order, start: 50 }\n',
  start: 'first',
  nodes: `  - id: first
    title: First
    text: The square fills.
    news:
      - { source: Gazette, text: Always on the wire }
      - { source: Gazette, text: Calm before the storm, if: { order: ">= 50" } }
      - { source: Gazette, text: Curfew holds, if: { has: [curfew] } }
    choices:
      - id: curfew
        label: Impose a curfew
        effects: { order: 10 }
        set: [curfew]
        news:
          - { source: Wire, text: Streets empty at night, if: { has: [curfew] } }
          - { source: Wire, text: Order restored, if: { order: ">= 60" } }
          - { source: Wire, text: Riots spread, if: { order: "< 40" } }
        next: first
      - id: shoot
        label: Disperse the crowd
        effects: { order: -20 }
        news:
          - { source: Wire, text: Riots spread, if: { order: "< 40" } }
        next: done
`,
  endings: '  - { id: done, title: Done, tone: mixed, text: Over. }\n',
});

const texts = (items: { text: string }[]) => items.map((n) => n.text);

describe('news that follows the path (news `if`)', () => {
  it('a node shows the items whose condition holds as it opens, in file order', () => {
    const run = startRun(compileText(NEWS), 1);
    expect(texts(nodeHeadlines(run, run.node!))).toEqual(['Always on the wire', 'Calm before the storm']);
    run.choose('curfew');
    // Back at the same node with the curfew set and order at 60.
    expect(texts(nodeHeadlines(run, run.node!))).toEqual([
      'Always on the wire',
      'Calm before the storm',
      'Curfew holds',
    ]);
  });

  it("a choice's news is tested after its effects and flags, and the node's news stays as it opened", () => {
    const run = startRun(compileText(NEWS), 1);
    const node = run.node!;
    const step = run.choose('curfew');
    const choice = node.choices.find((c) => c.id === 'curfew')!;
    expect(texts(outcomeHeadlines(choice, step))).toEqual(['Streets empty at night', 'Order restored']);
    // The node's headlines under the outcome are those it opened with (no curfew yet), not today's.
    expect(texts(nodeHeadlines(run, node, step))).toEqual(['Always on the wire', 'Calm before the storm']);
  });

  it('a choice whose news all fail shows none', () => {
    const run = startRun(compileText(NEWS), 1);
    const node = run.node!;
    const step = run.choose('shoot'); // order 30 after: "Riots spread" holds
    expect(texts(outcomeHeadlines(node.choices[1]!, step))).toEqual(['Riots spread']);
    const calm = startRun(compileText(NEWS.replace('effects: { order: -20 }', 'effects: { order: -5 }')), 1);
    const n2 = calm.node!;
    expect(outcomeHeadlines(n2.choices[1]!, calm.choose('shoot'))).toEqual([]);
  });

  it('shownNews keeps items without a condition and tests each condition on the meters and flags given', () => {
    const items = [
      { source: 'a', text: 'plain' },
      { source: 'b', text: 'low', if: { order: '< 10' } },
      { source: 'c', text: 'flag', if: { any: [{ has: ['x'] }, { not: { order: '>= 0' } }] } },
    ];
    expect(texts(shownNews(items, { order: 5 }, []))).toEqual(['plain', 'low']);
    expect(texts(shownNews(items, { order: 50 }, ['x']))).toEqual(['plain', 'flag']);
    expect(shownNews(undefined, {}, [])).toEqual([]);
  });

  it("a flag tested only by a news item counts as tested (no 'never tested' warning)", () => {
    const r = checkScenarioText(NEWS, 'news.yaml');
    expect(r.diagnostics.filter((d) => d.rule === 'flag-never-tested')).toEqual([]);
    const untested = checkScenarioText(NEWS.replaceAll('if: { has: [curfew] }', 'if: { order: "> 0" }'), 'n.yaml');
    expect(untested.diagnostics.map((d) => d.rule)).toContain('flag-never-tested');
  });
});

const CHANCE = scenarioYaml({
  meters: '  - { id: order, label: Order, start: 50 }\n',
  start: 'request',
  nodes: `  - id: request
    title: The request
    text: Ask the alliance?
    choices:
      - id: ask
        label: Ask for troops
        effects: { order: 5 }
        next:
          - { chance: 0.5, goto: troops-come, history: true }
          - { goto: troops-refused }
      - id: alone
        label: Go it alone
        effects: { order: -5 }
        next: troops-refused
    history: { choice: ask, text: The request was made. }
  - id: troops-come
    title: Troops arrive
    text: They land.
    choices: [ { id: ok, label: Fine, effects: { order: 1 }, next: end } ]
  - id: troops-refused
    title: The alliance declines
    text: Nobody comes.
    choices: [ { id: ok, label: Fine, effects: { order: -1 }, next: end } ]
`,
  endings: '  - { id: end, title: The end, tone: mixed, text: Over. }\n',
});

describe('history: true on a chance branch', () => {
  it("the map's historical path runs through the marked branch only", () => {
    const g = scenarioMapGraph(compileText(CHANCE).scenario);
    const historical = (id: string) => g.nodes.find((n) => n.id === id)!.historical;
    expect(historical('troops-come')).toBe(true);
    expect(historical('troops-refused')).toBe(false);
    const edge = (to: string) => g.edges.find((e) => e.from === 'request' && e.via === 'ask' && e.to === to)!;
    expect(edge('troops-come').historical).toBe(true);
    expect(edge('troops-refused').historical).toBe(false);
  });

  it('without a mark, every branch of the historical choice may have been history (as before)', () => {
    const g = scenarioMapGraph(compileText(CHANCE.replace(', history: true', '')).scenario);
    expect(g.nodes.filter((n) => n.historical).map((n) => n.id)).toEqual(
      expect.arrayContaining(['request', 'troops-come', 'troops-refused']),
    );
  });

  it('the debrief row of a chance step says where chance took the player and where history went', () => {
    const compiled = compileText(CHANCE);
    const went = new Set<string>();
    for (let seed = 0; seed < 40 && went.size < 2; seed++) {
      const run = startRun(compiled, seed);
      run.choose('ask');
      const row = decisionRows(run)[0]!;
      expect(row.chance?.history).toBe('Troops arrive');
      went.add(row.chance!.went);
      expect(row.chance!.went).toBe(run.node!.title);
    }
    expect([...went].sort()).toEqual(['The alliance declines', 'Troops arrive']);
    // A choice with no chance branch has no chance line.
    const run = startRun(compiled, 1);
    run.choose('alone');
    expect(decisionRows(run)[0]!.chance).toBeUndefined();
  });

  it('two marked branches in one list are refused at the second mark', () => {
    const twice = CHANCE.replace('{ goto: troops-refused }', '{ goto: troops-refused, history: true }');
    const d = checkScenarioText(twice, 'twice.yaml').diagnostics.filter((x) => x.rule === 'branch-history');
    expect(d).toHaveLength(1);
    const line = twice.split('\n').findIndex((l) => l.includes('{ goto: troops-refused, history: true }')) + 1;
    expect(d[0]!.line).toBe(line);
    expect(d[0]!.message).toMatch(/only one branch .* "history: true"/);
  });
});

describe("an advisor's brief", () => {
  it('the contract examples with a brief, a news if and a marked branch pass the checker with no errors', () => {
    const compiled = compileFile(join(FIXTURES, 'valid', 'contract-examples.yaml'));
    expect(compiled.scenario.advisors[0]!.brief).toMatch(/red line/);
    expect(compiled.scenario.nodes[0]!.news![1]!.if).toEqual({ lacks: ['cap-restored'] });
  });

  it('a brief that is not text is refused at its value', () => {
    const bad = scenarioYaml({
      advisors: '  - { id: chief, name: Chief, title: Chief, brief: [not, text] }\n',
      start: 'a',
      nodes:
        '  - id: a\n    title: A\n    text: A.\n    advice: [ { advisor: chief, text: Go. } ]\n    choices: [ { id: go, label: Go, next: end } ]\n',
      endings: '  - { id: end, title: End, tone: good, text: Done. }\n',
    });
    const errors = checkScenarioText(bad, 'b.yaml').diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.rule)).toEqual(['type']);
    expect(errors[0]!.message).toMatch(/brief/);
  });
});
