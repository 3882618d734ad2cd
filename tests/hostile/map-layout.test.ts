/**
 * Issue 23, case 2: the scenario map of a hostile file. ELK's layout is bounded by work (boxes and
 * arrows, `ELK_LIMITS`) and runs in a worker; past the bound the map is laid out in rows at once,
 * in linear time, with the reason. The browser side (a worker, progress, Cancel, no crash) is
 * tests/browser/hostile-map.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { ELK_LIMITS, simpleLayout, withinElkLimits } from '../../src/scenario-map/layout.ts';
import { startMapLayout, type LayoutReply, type LayoutWorkerLike } from '../../src/scenario-map/layout-job.ts';
import { scenarioMapGraph } from '../../src/scenario-map/model.ts';
import { bigMapYaml } from './inputs.ts';
import { MiB, peakGrowth } from './memory.ts';

function graphOf(text: string) {
  const r = checkScenarioText(text, 'big.yaml', { explore: false });
  expect(r.diagnostics).toEqual([]);
  return scenarioMapGraph(r.compiled!.scenario);
}

/** A stand-in worker that answers only when told. */
function fakeWorker() {
  const w: LayoutWorkerLike & { sent: unknown[]; terminated: boolean; reply(m: LayoutReply): void } = {
    sent: [],
    terminated: false,
    onmessage: null,
    onerror: null,
    postMessage(m) {
      w.sent.push(m);
    },
    terminate() {
      w.terminated = true;
    },
    reply(m) {
      w.onmessage?.({ data: m } as MessageEvent<LayoutReply>);
    },
  };
  return w;
}

describe('case 2: a map too big for ELK', () => {
  it('a 391-box, 11,700-arrow file (no warnings) is laid out in rows at once, with no worker, and says why', async () => {
    const graph = graphOf(bigMapYaml(390, 10, 3));
    expect([graph.nodes.length, graph.edges.length]).toEqual([391, 11_700]);
    expect(withinElkLimits(graph)).toBe(false);
    const createWorker = vi.fn(fakeWorker);
    const job = startMapLayout(graph, { createWorker });
    expect(job.inWorker).toBe(false);
    const outcome = await job.result;
    expect(createWorker).not.toHaveBeenCalled();
    if (outcome.status !== 'done' || outcome.by !== 'simple') throw new Error(`unexpected ${outcome.status}`);
    expect(outcome.why).toMatch(/^This map has 391 boxes and 11,700 arrows, more than the detailed layout handles/);
    expect(outcome.layout.nodes).toHaveLength(391);
    expect(outcome.layout.edges).toHaveLength(11_700);
    // Rows by distance from the start: the start alone in the first row, nothing overlapping in a row.
    const start = outcome.layout.nodes.find((n) => n.node.start)!;
    expect(outcome.layout.nodes.filter((n) => n.y === start.y)).toEqual([start]);
    const m = peakGrowth(() => simpleLayout(graph));
    expect(m.grewBy).toBeLessThan(64 * MiB);
  });

  it('100 decisions of 10 choices (1,000 arrows) are past the bound too', () => {
    const graph = graphOf(bigMapYaml(100, 10));
    expect(graph.edges.length).toBeGreaterThan(ELK_LIMITS.arrows);
    expect(withinElkLimits(graph)).toBe(false);
  });

  it('within the bound ELK runs in the worker; Cancel terminates it, and a failing worker falls back to rows', async () => {
    const graph = graphOf(bigMapYaml(6, 3));
    expect(withinElkLimits(graph)).toBe(true);
    const w1 = fakeWorker();
    const job = startMapLayout(graph, { createWorker: () => w1 });
    expect(job.inWorker).toBe(true);
    expect(w1.sent).toHaveLength(1);
    job.cancel();
    expect(await job.result).toEqual({ status: 'cancelled' });
    expect(w1.terminated).toBe(true);

    const w2 = fakeWorker();
    const failing = startMapLayout(graph, { createWorker: () => w2 });
    w2.reply({ type: 'failed', message: 'out of memory' });
    const out = await failing.result;
    expect(out.status === 'done' && out.by === 'simple' && out.why).toMatch(/failed \(out of memory\)/);
    expect(w2.terminated).toBe(true);

    const w3 = fakeWorker();
    const slow = startMapLayout(graph, { createWorker: () => w3, timeBoundMs: 1 });
    const late = await slow.result;
    expect(late.status === 'done' && late.by === 'simple' && late.why).toMatch(/took too long/);
    expect(w3.terminated).toBe(true);
  });
});
