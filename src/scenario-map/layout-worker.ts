/**
 * The layout worker: runs ELK's layered layout of one map graph off the page's main thread and
 * answers with the placed boxes and arrows (plain data). Started by `startMapLayout`
 * (layout-job.ts), one worker per layout; the page terminates it to cancel.
 */
import { layoutMap } from './layout-elk.ts';
import type { LayoutReply, LayoutRequest } from './layout-job.ts';

interface WorkerScope {
  postMessage(message: LayoutReply): void;
  onmessage: ((ev: MessageEvent<LayoutRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;

// Set after the imports: elk.bundled.js, loaded in a worker, claims `self.onmessage` for itself.
scope.onmessage = (ev) => {
  layoutMap(ev.data.graph).then(
    (layout) => scope.postMessage({ type: 'done', layout }),
    (e: unknown) => scope.postMessage({ type: 'failed', message: e instanceof Error ? e.message : String(e) }),
  );
};
