/**
 * The check worker: runs the full checker (the CLI's, up to 1,000,000 states) on a scenario text
 * off the main thread. It answers with plain data only — progress counts, then the diagnostics —
 * never the compiled scenario (it holds functions). Started by `createCheckWorker` (full-check.ts),
 * one worker per check; the page terminates it on Cancel.
 */
import { checkScenarioText } from '../analysis/check.ts';
import type { CheckReply, CheckRequest } from './full-check.ts';

interface WorkerScope {
  postMessage(message: CheckReply): void;
  onmessage: ((ev: MessageEvent<CheckRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (ev) => {
  const { text, file } = ev.data;
  try {
    const r = checkScenarioText(text, file, {
      onProgress: (states, limit) => scope.postMessage({ type: 'progress', states, limit }),
    });
    const parsed = r.compiled ? { scenario: r.compiled.scenario, sha256: r.compiled.sha256 } : undefined;
    scope.postMessage({
      type: 'done',
      diagnostics: r.diagnostics.map((d) => ({ ...d })),
      ...(parsed ? { parsed } : {}),
    });
  } catch (e) {
    scope.postMessage({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
};
