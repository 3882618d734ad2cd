/**
 * The full check of a player-loaded scenario file (the CLI's, up to 1,000,000 states) off the main
 * thread: a Web Worker (`check-worker.ts`) explores the state space and sends back only plain data
 * (progress counts, then the diagnostics), so the page stays responsive and can offer "Cancel".
 * Functions never cross the boundary: the caller compiles the file itself with
 * `checkScenarioText(text, file, { explore: false })` once the worker found no errors
 * (`checkedFromDiagnostics` in intake.ts). When no worker can start, the same full check runs on
 * the main thread (never a reduced one).
 */
import { checkScenarioText } from '../analysis/check.ts';
import type { Diagnostic } from '../scenario/diagnostics.ts';
import type { Scenario } from '../scenario/schema.ts';

/**
 * A scenario the worker found playable, as plain data (x- keys stripped) with its sha256: the page
 * compiles it from this, and never parses the file again on its main thread (a library of large
 * files once froze every start-up).
 */
export interface ParsedScenario {
  scenario: Scenario;
  sha256: string;
}

/** Main thread -> worker: check this text. */
export interface CheckRequest {
  text: string;
  file: string;
}

/** Worker -> main thread: plain data only. */
export type CheckReply =
  | { type: 'progress'; states: number; limit: number }
  | { type: 'done'; diagnostics: Diagnostic[]; parsed?: ParsedScenario }
  | { type: 'failed'; message: string };

/** The part of `Worker` the check uses (so tests can stand in for it). */
export interface WorkerLike {
  postMessage(message: CheckRequest): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent<CheckReply>) => void) | null;
  onerror: ((ev: ErrorEvent | Event) => void) | null;
  onmessageerror: ((ev: MessageEvent) => void) | null;
}

/** Start a worker for one check; throws when workers are unavailable. */
export type WorkerFactory = () => WorkerLike;

/** How a full check ended. */
export type FullCheckOutcome =
  | { status: 'done'; diagnostics: Diagnostic[]; ranIn: 'worker' | 'main-thread'; parsed?: ParsedScenario }
  | { status: 'cancelled' };

/** A running full check. */
export interface FullCheck {
  result: Promise<FullCheckOutcome>;
  /** Stop the check (terminates the worker); `result` resolves to `{ status: 'cancelled' }`. */
  cancel(): void;
}

/** Options of `startFullCheck`. */
export interface FullCheckOptions {
  /** States explored so far and the limit (1,000,000), now and then. */
  onProgress?: (states: number, limit: number) => void;
  /** Defaults to the game's module worker; tests pass a stand-in. */
  createWorker?: WorkerFactory;
}

/**
 * The game's check worker. Vite sees this exact `new Worker(new URL(…, import.meta.url), { type:
 * 'module' })` form and emits the worker as a same-origin file, so `script-src 'self'` allows it
 * (no blob: or inline script).
 */
export function createCheckWorker(): WorkerLike {
  if (typeof Worker === 'undefined') throw new Error('Web Workers are not available');
  return new Worker(new URL('./check-worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;
}

/**
 * Check a scenario text exactly as `npm run scenario -- check` does, in a worker when one starts,
 * else on the main thread. Resolves with the diagnostics (or `cancelled`); rejects only when the
 * checker itself throws on the main thread.
 */
export function startFullCheck(text: string, file: string, opts: FullCheckOptions = {}): FullCheck {
  const createWorker = opts.createWorker ?? createCheckWorker;
  let worker: WorkerLike | undefined;
  let settled = false;
  let resolveResult!: (o: FullCheckOutcome) => void;
  let rejectResult!: (e: unknown) => void;
  const result = new Promise<FullCheckOutcome>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  const stopWorker = () => {
    const w = worker;
    worker = undefined;
    if (!w) return;
    w.onmessage = w.onerror = w.onmessageerror = null;
    try {
      w.terminate();
    } catch {
      /* already gone */
    }
  };
  const settle = (o: FullCheckOutcome) => {
    if (settled) return;
    settled = true;
    stopWorker();
    resolveResult(o);
  };
  /** No worker (or it failed): the full check on the main thread, after the current task. */
  const onMainThread = (why: unknown) => {
    stopWorker();
    if (settled) return;
    console.info('checking the scenario on the main thread: the check worker is not available', why);
    setTimeout(() => {
      if (settled) return;
      try {
        const r = checkScenarioText(text, file, { onProgress: opts.onProgress });
        settle({ status: 'done', diagnostics: r.diagnostics, ranIn: 'main-thread' });
      } catch (e) {
        settled = true;
        rejectResult(e);
      }
    }, 0);
  };
  try {
    const w = createWorker();
    worker = w;
    w.onmessage = (ev) => {
      const m = ev.data;
      if (worker !== w) return;
      if (m.type === 'progress') opts.onProgress?.(m.states, m.limit);
      else if (m.type === 'done')
        settle({
          status: 'done',
          diagnostics: m.diagnostics,
          ranIn: 'worker',
          ...(m.parsed ? { parsed: m.parsed } : {}),
        });
      else onMainThread(new Error(m.message));
    };
    // The script could not load or run (blocked, missing, no module workers): do it here instead.
    w.onerror = (ev) => {
      if (worker !== w) return;
      if ('preventDefault' in ev) ev.preventDefault();
      onMainThread((ev as Partial<ErrorEvent>).message || ev);
    };
    w.onmessageerror = (ev) => {
      if (worker === w) onMainThread(ev);
    };
    w.postMessage({ text, file });
  } catch (e) {
    onMainThread(e);
  }
  return { result, cancel: () => settle({ status: 'cancelled' }) };
}
