/**
 * The full check off the main thread (src/teacher/full-check.ts, check-worker.ts): the worker's
 * replies are plain data, the page compiles a file itself only when the worker found no error,
 * Cancel terminates the worker, and without a worker the same full check runs on the main thread.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { startFullCheck, type CheckReply, type CheckRequest, type WorkerLike } from '../../src/teacher/full-check.ts';
import { checkedFromDiagnostics, progressText } from '../../src/teacher/intake.ts';
import { read, scenarioYaml, TEMPLATE } from './helpers.ts';

const template = read(TEMPLATE);

/** A trap only exploration finds, 190 choices deep (about 10,000 states). */
const deepTrap = scenarioYaml({
  meters: '  - { id: a, label: A, start: 0, min: 0, max: 100 }\n  - { id: b, label: B, start: 0, min: 0, max: 100 }',
  nodes: [
    '  - id: n1',
    '    title: T',
    '    text: X',
    '    advice: [ { advisor: adv, text: A } ]',
    '    choices:',
    '      - { id: up-a, label: Up A, effects: { a: 1 }, next: n1 }',
    '      - { id: up-b, label: Up B, effects: { b: 1 }, next: n1 }',
    '      - { id: stop, label: Stop, next: end }',
    '      - { id: fall, label: Fall, if: { a: ">= 95", b: ">= 95" }, next: pit }',
    '  - id: pit',
    '    title: Pit',
    '    text: No way out.',
    '    choices:',
    '      - { id: wait, label: Wait, next: pit }',
  ].join('\n'),
});

/** A stand-in worker that runs a script of replies when it gets the request. */
class FakeWorker implements WorkerLike {
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  onmessageerror: WorkerLike['onmessageerror'] = null;
  terminated = false;
  requests: CheckRequest[] = [];
  constructor(private readonly script: (w: FakeWorker, req: CheckRequest) => void) {}
  postMessage(message: CheckRequest): void {
    this.requests.push(message);
    setTimeout(() => this.script(this, message), 0);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(m: CheckReply): void {
    this.onmessage?.({ data: m } as MessageEvent<CheckReply>);
  }
}

/** Run the real worker module with a stand-in `self`, and collect what it posts. */
async function runRealWorker(req: CheckRequest): Promise<CheckReply[]> {
  const posted: CheckReply[] = [];
  const scope: { onmessage: ((ev: { data: CheckRequest }) => void) | null; postMessage(m: CheckReply): void } = {
    onmessage: null,
    postMessage: (m) => posted.push(structuredClone(m)),
  };
  vi.stubGlobal('self', scope);
  vi.resetModules();
  await import('../../src/teacher/check-worker.ts');
  scope.onmessage!({ data: req });
  return posted;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the check worker', () => {
  it("answers with the full check's diagnostics as plain data, after progress counts", async () => {
    const posted = await runRealWorker({ text: deepTrap, file: 'deep.yaml' });
    const done = posted.at(-1)!;
    expect(done.type).toBe('done');
    const full = checkScenarioText(deepTrap, 'deep.yaml');
    expect(done.type === 'done' && done.diagnostics).toEqual(full.diagnostics);
    expect(full.diagnostics.map((d) => d.rule)).toEqual(['trap']);
    // The bounded in-page check of old missed it.
    expect(checkScenarioText(deepTrap, 'deep.yaml', { limit: 2_000 }).diagnostics.map((d) => d.rule)).toEqual([
      'explore-incomplete',
    ]);
    const progress = posted.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((m) => m.type === 'progress' && m.limit === 1_000_000)).toBe(true);
    // Nothing but plain data: a structured clone is equal to the original.
    expect(JSON.parse(JSON.stringify(posted))).toEqual(posted);
  });
});

describe('startFullCheck', () => {
  it("takes the worker's diagnostics and passes its progress on", async () => {
    const diagnostics = checkScenarioText(deepTrap, 'deep.yaml').diagnostics;
    let fake: FakeWorker | undefined;
    const progress: number[] = [];
    const run = startFullCheck(deepTrap, 'deep.yaml', {
      onProgress: (n) => progress.push(n),
      createWorker: () =>
        (fake = new FakeWorker((w) => {
          w.reply({ type: 'progress', states: 20_000, limit: 1_000_000 });
          w.reply({ type: 'done', diagnostics });
        })),
    });
    await expect(run.result).resolves.toEqual({ status: 'done', diagnostics, ranIn: 'worker' });
    expect(fake!.requests).toEqual([{ text: deepTrap, file: 'deep.yaml' }]);
    expect(progress).toEqual([20_000]);
    expect(fake!.terminated).toBe(true);
  });

  it('Cancel terminates the worker and ignores what it still sends', async () => {
    let fake: FakeWorker | undefined;
    const run = startFullCheck(template, 'template.yaml', { createWorker: () => (fake = new FakeWorker(() => {})) });
    run.cancel();
    await expect(run.result).resolves.toEqual({ status: 'cancelled' });
    expect(fake!.terminated).toBe(true);
    fake!.reply({ type: 'done', diagnostics: [] });
  });

  it('runs the same full check on the main thread when no worker starts, or the worker fails', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const full = checkScenarioText(deepTrap, 'deep.yaml').diagnostics;
    const noWorker = startFullCheck(deepTrap, 'deep.yaml', {
      createWorker: () => {
        throw new Error('no workers here');
      },
    });
    await expect(noWorker.result).resolves.toEqual({ status: 'done', diagnostics: full, ranIn: 'main-thread' });
    const broken = startFullCheck(deepTrap, 'deep.yaml', {
      createWorker: () => new FakeWorker((w) => w.onerror?.(new Event('error'))),
    });
    await expect(broken.result).resolves.toEqual({ status: 'done', diagnostics: full, ranIn: 'main-thread' });
    const failed = startFullCheck(deepTrap, 'deep.yaml', {
      createWorker: () => new FakeWorker((w) => w.reply({ type: 'failed', message: 'boom' })),
    });
    await expect(failed.result).resolves.toEqual({ status: 'done', diagnostics: full, ranIn: 'main-thread' });
    expect(info).toHaveBeenCalledTimes(3);
    info.mockRestore();
  });
});

describe('checkedFromDiagnostics', () => {
  it("compiles a file without errors here, keeping the full check's diagnostics", () => {
    const warned = template.replace(
      '  - id: treasurer\n',
      '  - id: silent\n    name: "Silent Bob"\n    title: "Adviser"\n  - id: treasurer\n',
    );
    const diagnostics = checkScenarioText(warned, 'warned.yaml').diagnostics;
    expect(diagnostics.some((d) => d.rule === 'advisor-silent')).toBe(true);
    const c = checkedFromDiagnostics(warned, 'warned.yaml', diagnostics);
    expect(c.playable).toBe(true);
    expect(c.check.diagnostics).toBe(diagnostics);
    expect(c.warnings).toBe(diagnostics.length);
    expect(c.check.compiled?.scenario.id).toBe('template-harbour-strike');
    expect(c.incoming).toMatchObject({
      id: 'template-harbour-strike',
      sha256: checkScenarioText(warned, 'warned.yaml').compiled!.sha256,
    });
  });

  it('refuses a file the worker found errors in, without compiling it', () => {
    const diagnostics = checkScenarioText(deepTrap, 'deep.yaml').diagnostics;
    const c = checkedFromDiagnostics(deepTrap, 'deep.yaml', diagnostics);
    expect(c.playable).toBe(false);
    expect(c.check.compiled).toBeUndefined();
    expect(c.incoming).toBeUndefined();
    expect([c.errors, c.warnings]).toEqual([1, 0]);
    expect(c.check.diagnostics).toEqual(diagnostics);
  });

  it('the progress line', () => {
    expect(progressText(0)).toBe('Checking scenario… 0 states');
    expect(progressText(1)).toBe('Checking scenario… 1 state');
    expect(progressText(120_000)).toBe('Checking scenario… 120,000 states');
  });
});
