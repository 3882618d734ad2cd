/**
 * Bench rows for issue 23 case 2: opening the scenario map of a big file. What the page's main
 * thread does now (read the graph, then either hand ELK's work to the layout worker, or past
 * ELK's work bound lay the map out in rows at once), with time and peak memory growth, beside the
 * main-thread ELK layout of before. "Before" figures were measured once (ELK in Node on the shared
 * 2-core machine, loaded, 2026-12-08; the issue's own figures in the browser are given too): they
 * are not re-run, since the old way takes minutes. Run alone: `node --import tsx tools/bench/map-layout.ts`.
 */
import { checkScenarioText } from '../../src/analysis/check.ts';
import { simpleLayout, withinElkLimits } from '../../src/scenario-map/layout.ts';
import { scenarioMapGraph } from '../../src/scenario-map/model.ts';
import { bigMapYaml } from '../../tests/hostile/inputs.ts';
import { measure } from './hostile.ts';

/** Add the map layout rows through the bench's `add(what, value)`. */
export function benchMapLayout(add: (what: string, value: string) => void): void {
  for (const [what, text, before] of [
    [
      '100 decisions x 10 choices',
      bigMapYaml(100, 10),
      'ELK on the main thread: 31.7 s, +475 MiB (the issue: a 7 s freeze)',
    ],
    [
      '390 decisions x 10 choices x 3 branches',
      bigMapYaml(390, 10, 3),
      'ELK on the main thread: the tab crashed (the issue; 390 nodes with fewer arrows: 55 s, 1.2 GB)',
    ],
  ] as const) {
    const compiled = checkScenarioText(text, 'big.yaml', { explore: false }).compiled!;
    let size = '';
    // All the main thread does on opening the map: the graph, then the rows (past ELK's bound) or
    // a message to the layout worker (within it).
    const m = measure(() => {
      const graph = scenarioMapGraph(compiled.scenario);
      size = `${graph.nodes.length} boxes, ${graph.edges.length.toLocaleString('en')} arrows`;
      if (!withinElkLimits(graph))
        return `rows at once, ${simpleLayout(graph).edges.length.toLocaleString('en')} arrows drawn`;
      return 'ELK in the layout worker';
    });
    add(
      `hostile 23: 2 open the map, ${what} (${size})`,
      `main thread ${m.ms.toFixed(0)} ms, +${m.mib.toFixed(0)} MiB (${m.outcome}); before: ${before}`,
    );
  }
}

if (process.argv[1]?.endsWith('tools/bench/map-layout.ts')) {
  benchMapLayout((what, value) => console.log(`| ${what} | ${value} |`));
}
