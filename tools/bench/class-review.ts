/**
 * Bench rows for class review (issue 10): a class of 30 and a school year of 1,000 Kazakhstan
 * replays read, verified, grouped and tallied (the three tables and both CSVs), plus the scenario
 * map's layout with elkjs. Numbers, not assertions.
 */
import { readFileSync } from 'node:fs';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { collectReplays, studentsCsv, summarizeGroup, summaryCsv } from '../../src/analysis/class-review.ts';
import { startRun } from '../../src/engine/run.ts';
import { scenarioMapGraph, trafficOf } from '../../src/scenario-map/model.ts';
import { layoutMap } from '../../src/scenario-map/layout-elk.ts';
import { medianMsAsync as median } from './timing.ts';

/** Add the class review rows through `add(what, value)`. */
export async function benchClassReview(add: (what: string, value: string) => void): Promise<void> {
  const file = 'scenarios/kazakhstan-2022.yaml';
  const compiled = checkScenarioText(readFileSync(file, 'utf8'), file, { explore: false }).compiled;
  if (!compiled) throw new Error(`${file} does not check`);
  const texts = Array.from({ length: 1000 }, (_, i) => {
    const run = startRun(compiled, 9000 + i);
    let x = i + 1;
    while (!run.ended) {
      const shown = run.visibleChoices();
      x = (x * 1103515245 + 12345) >>> 0;
      run.choose(shown[x % shown.length]!.id);
    }
    return { name: `s${i}.replay.json`, text: JSON.stringify(run.record(`student ${i}`), null, 2) };
  });
  const find = () => compiled;
  for (const n of [30, 1000]) {
    const items = texts.slice(0, n);
    const ms = await median(n === 30 ? 7 : 3, () => {
      const { groups } = collectReplays(items, find);
      const summary = summarizeGroup(groups[0]!);
      studentsCsv(summary);
      summaryCsv(summary);
      trafficOf(groups[0]!.runs.map((r) => r.trail));
    });
    add(
      `class review: ${n.toLocaleString('en')} kazakhstan-2022 replays (parse, verify, tables, CSVs, traffic)`,
      `${ms.toFixed(0)} ms (${((ms / n) * 1000).toFixed(0)} µs/replay)`,
    );
  }
  const graph = scenarioMapGraph(compiled.scenario);
  const first = await median(1, () => layoutMap(graph));
  const warm = await median(5, () => layoutMap(graph));
  add(
    `scenario map layout (elkjs), kazakhstan-2022 (${graph.nodes.length} boxes, ${graph.edges.length} arrows)`,
    `${warm.toFixed(0)} ms (first call, loading elkjs: ${first.toFixed(0)} ms)`,
  );
}
