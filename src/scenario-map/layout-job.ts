/**
 * A map layout off the page's main thread: ELK runs in the layout worker (layout-worker.ts), one
 * worker per layout, terminated when the layout is cancelled (a newer layout, the map closed, the
 * Cancel button). A map past ELK's work bound (`ELK_LIMITS`), or a page without workers, is laid
 * out at once by `simpleLayout` (linear time), so no map can freeze or crash the tab.
 */
import { simpleLayout, withinElkLimits, ELK_LIMITS, type MapLayout } from './layout.ts';
import type { ScenarioMapGraph } from './model.ts';

/** What the page sends the worker. */
export interface LayoutRequest {
  graph: ScenarioMapGraph;
}

/** What the worker answers. */
export type LayoutReply = { type: 'done'; layout: MapLayout } | { type: 'failed'; message: string };

/** How a layout ended. */
export type LayoutOutcome =
  | { status: 'done'; layout: MapLayout; by: 'elk-worker' }
  /** Laid out in rows by `simpleLayout`; `why` says why in plain words. */
  | { status: 'done'; layout: MapLayout; by: 'simple'; why: string }
  | { status: 'cancelled' };

/** A layout under way. */
export interface LayoutJob {
  result: Promise<LayoutOutcome>;
  /** Whether the layout runs in a worker (then "Laying out the map…" is worth showing). */
  inWorker: boolean;
  /** Stop the layout (terminates the worker); `result` resolves to `{ status: 'cancelled' }`. */
  cancel(): void;
}

/** The parts of a Worker a layout uses (tests pass a stand-in). */
export interface LayoutWorkerLike {
  postMessage(m: LayoutRequest): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent<LayoutReply>) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

/** Longest an ELK layout may take before the map is laid out simply instead. */
export const LAYOUT_TIME_BOUND_MS = 20_000;

/**
 * The layout worker. Vite sees this exact `new Worker(new URL(…, import.meta.url), { type:
 * 'module' })` form and emits the worker (with elkjs) as a same-origin file.
 */
export function createLayoutWorker(): LayoutWorkerLike {
  if (typeof Worker === 'undefined') throw new Error('Web Workers are not available');
  return new Worker(new URL('./layout-worker.ts', import.meta.url), { type: 'module' }) as unknown as LayoutWorkerLike;
}

function plural(n: number, what: string, many = `${what}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? what : many}`;
}

/** Lay a map out: in the layout worker within ELK's work bound, else at once in rows. */
export function startMapLayout(
  graph: ScenarioMapGraph,
  opts: { createWorker?: () => LayoutWorkerLike; timeBoundMs?: number } = {},
): LayoutJob {
  const simple = (why: string): LayoutOutcome => ({ status: 'done', layout: simpleLayout(graph), by: 'simple', why });
  if (!withinElkLimits(graph)) {
    const why = `This map has ${plural(graph.nodes.length, 'box', 'boxes')} and ${plural(graph.edges.length, 'arrow')}, more than the detailed layout handles (${ELK_LIMITS.boxes} boxes, ${ELK_LIMITS.arrows.toLocaleString('en')} arrows): it is laid out simply, in rows by distance from the start.`;
    return { result: Promise.resolve().then(() => simple(why)), inWorker: false, cancel() {} };
  }
  let worker: LayoutWorkerLike | undefined;
  try {
    worker = (opts.createWorker ?? createLayoutWorker)();
  } catch {
    const why = 'The detailed layout needs a Web Worker, which this page cannot start: the map is laid out simply.';
    return { result: Promise.resolve().then(() => simple(why)), inWorker: false, cancel() {} };
  }
  let settle!: (o: LayoutOutcome) => void;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const result = new Promise<LayoutOutcome>((resolve) => {
    settle = (o) => {
      if (!worker) return;
      const w = worker;
      worker = undefined;
      clearTimeout(timer);
      w.onmessage = w.onerror = null;
      try {
        w.terminate();
      } catch {
        /* already gone */
      }
      resolve(o);
    };
  });
  worker.onmessage = (ev) => {
    const m = ev.data;
    if (m.type === 'done') settle({ status: 'done', layout: m.layout, by: 'elk-worker' });
    else settle(simple(`The detailed layout failed (${m.message}): the map is laid out simply.`));
  };
  worker.onerror = () => settle(simple('The detailed layout could not run here: the map is laid out simply.'));
  timer = setTimeout(
    () => settle(simple('The detailed layout took too long: the map is laid out simply.')),
    opts.timeBoundMs ?? LAYOUT_TIME_BOUND_MS,
  );
  worker.postMessage({ graph });
  return { result, inWorker: true, cancel: () => settle({ status: 'cancelled' }) };
}
