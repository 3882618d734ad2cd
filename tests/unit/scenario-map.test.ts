/**
 * The scenario map's graph and layout (issue 10): every choice is an arrow to each place it can
 * lead, the historical path follows `history.choice` from the start, class traffic lands on the
 * arrows the runs took, and elkjs places every box without overlaps.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startRun } from '../../src/engine/run.ts';
import { titleLines } from '../../src/scenario-map/layout.ts';
import { layoutMap } from '../../src/scenario-map/layout-elk.ts';
import { edgeKey, scenarioMapGraph, trafficOf } from '../../src/scenario-map/model.ts';
import { ROOT, compileText, read } from './helpers.ts';

const KZ_TEXT = read(`${ROOT}/scenarios/kazakhstan-2022.yaml`);
const KZ = compileText(KZ_TEXT, 'kazakhstan-2022.yaml');
const TEMPLATE = compileText(read(`${ROOT}/scenarios/examples/template.yaml`), 'template.yaml');

interface RawNode {
  id: string;
  choices: { id: string; next: string | { goto: string; history?: boolean }[] }[];
  history?: { choice?: string };
}
const RAW = parseYaml(KZ_TEXT) as { start: string; nodes: RawNode[]; endings: { id: string }[] };

describe('scenario map graph', () => {
  const graph = scenarioMapGraph(KZ.scenario);

  it('has a box per node and ending and an arrow per distinct (node, choice, target)', () => {
    expect(graph.nodes.filter((n) => n.kind === 'node').map((n) => n.id)).toEqual(RAW.nodes.map((n) => n.id));
    expect(graph.nodes.filter((n) => n.kind === 'ending').map((n) => n.id)).toEqual(RAW.endings.map((e) => e.id));
    const expected = new Set<string>();
    for (const n of RAW.nodes)
      for (const c of n.choices)
        for (const to of typeof c.next === 'string' ? [c.next] : c.next.map((b) => b.goto))
          expected.add(`${n.id} ${c.id} ${to}`);
    const choiceEdges = graph.edges.filter((e) => !e.from.startsWith('meter:'));
    expect(new Set(choiceEdges.map((e) => `${e.from} ${e.via} ${e.to}`))).toEqual(expected);
    expect(choiceEdges).toHaveLength(expected.size);
  });

  it('marks the historical path: from the start along history choices only', () => {
    const onPath = new Set([RAW.start]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const n of RAW.nodes) {
        if (!onPath.has(n.id) || !n.history?.choice) continue;
        const c = n.choices.find((x) => x.id === n.history!.choice)!;
        // A branch marked `history: true` (third revision) is the one that really happened: only it.
        const branches = typeof c.next === 'string' ? [] : c.next;
        const real = branches.find((b) => b.history);
        for (const to of typeof c.next === 'string' ? [c.next] : real ? [real.goto] : branches.map((b) => b.goto))
          if (!onPath.has(to)) {
            onPath.add(to);
            grew = true;
          }
      }
    }
    expect(new Set(graph.nodes.filter((n) => n.historical).map((n) => n.id))).toEqual(onPath);
    for (const e of graph.edges) {
      const node = RAW.nodes.find((n) => n.id === e.from);
      const c = node?.choices.find((x) => x.id === e.via);
      const real = c && typeof c.next !== 'string' ? c.next.find((b) => b.history) : undefined;
      const marked = !real || real.goto === e.to;
      expect(e.historical, e.key).toBe(!!node && onPath.has(node.id) && node.history?.choice === e.via && marked);
    }
    expect(graph.nodes.find((n) => n.id === RAW.start)!.start).toBe(true);
  });

  it('counts traffic per arrow: each run once per arrow it took', () => {
    const trails = [1, 2, 3].map((seed) => {
      const run = startRun(KZ, seed);
      while (!run.ended) run.choose(run.visibleChoices()[seed % run.visibleChoices().length]!.id);
      return run.trail;
    });
    const traffic = trafficOf(trails);
    const g = scenarioMapGraph(KZ.scenario, traffic);
    const first = trails[0]![0]!;
    const k = edgeKey(first.node, first.choice, first.target);
    const took = trails.filter((t) => t.some((s) => !s.bound && edgeKey(s.node, s.choice, s.target) === k)).length;
    expect(g.edges.find((e) => e.key === k)!.traffic).toBe(took);
    const total = trails.reduce((a, t) => a + new Set(t.map((s) => `${s.node} ${s.choice} ${s.target}`)).size, 0);
    expect(g.edges.reduce((a, e) => a + e.traffic, 0)).toBe(total);
    expect(g.maxTraffic).toBe(Math.max(...g.edges.map((e) => e.traffic)));
  });

  it('meter triggers get their own box with arrows to the endings they fire', () => {
    const meters = KZ.scenario.meters.filter((m) => m.onMin || m.onMax);
    expect(meters.length).toBeGreaterThan(0);
    for (const m of meters) {
      expect(graph.nodes.find((n) => n.id === `meter:${m.id}`)?.kind).toBe('meter');
      if (m.onMin) expect(graph.edges.some((e) => e.key === edgeKey(`meter:${m.id}`, 'min', m.onMin!))).toBe(true);
    }
  });
});

describe('scenario map layout (elkjs)', () => {
  it.each([
    ['kazakhstan-2022', KZ],
    ['template', TEMPLATE],
  ])('places every box of %s without overlaps and routes every arrow', async (_name, compiled) => {
    const graph = scenarioMapGraph(compiled.scenario);
    const layout = await layoutMap(graph);
    expect(layout.nodes).toHaveLength(graph.nodes.length);
    expect(layout.edges).toHaveLength(graph.edges.length);
    for (const e of layout.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
    for (const [i, a] of layout.nodes.entries())
      for (const b of layout.nodes.slice(i + 1)) {
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${a.node.id} overlaps ${b.node.id}`).toBe(true);
      }
    // Top to bottom: the start is in the first layer.
    const start = layout.nodes.find((n) => n.node.start)!;
    expect(Math.min(...layout.nodes.map((n) => n.y))).toBe(start.y);
  });

  it('breaks long titles into at most three lines', () => {
    expect(titleLines('Gas prices in Zhanaozen')).toEqual(['Gas prices in', 'Zhanaozen']);
    const long = titleLines('word '.repeat(40));
    expect(long).toHaveLength(3);
    expect(long[2]!.endsWith('…')).toBe(true);
  });
});
