/**
 * ELK's layered layout of a scenario map, in the thread that calls it: the layout worker
 * (layout-worker.ts) in the page, and Node for the bench and the unit tests. The page's main
 * thread never imports this file (layout-job.ts starts the worker instead).
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { elkInput, fromElk, type MapLayout } from './layout.ts';
import type { ScenarioMapGraph } from './model.ts';

type ElkInstance = { layout(graph: import('elkjs/lib/elk-api').ElkNode): Promise<import('elkjs/lib/elk-api').ElkNode> };
let elk: ElkInstance | undefined;

/** Layouts ELK ran in this thread (the browser test reads it to see that the page's main thread ran none). */
export function elkLayoutsHere(): number {
  return (globalThis as { crElkLayouts?: number }).crElkLayouts ?? 0;
}

/** Lay out a map graph with ELK (boxes sized to their titles; arrows routed orthogonally between layers). */
export async function layoutMap(graph: ScenarioMapGraph): Promise<MapLayout> {
  const g = globalThis as { crElkLayouts?: number };
  g.crElkLayouts = (g.crElkLayouts ?? 0) + 1;
  const input = elkInput(graph);
  elk ??= new (ELK as unknown as new () => ElkInstance)();
  return fromElk(input, await elk.layout(input.root));
}
