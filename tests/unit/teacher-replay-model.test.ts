import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { startRun } from '../../src/engine/run.ts';
import { branchRun, buildReplayModel, comparePaths } from '../../src/replay-viewer/model.ts';
import type { CompiledScenario } from '../../src/engine/machine.ts';

const template = readFileSync(new URL('../../scenarios/examples/template.yaml', import.meta.url), 'utf8');
const compiled: CompiledScenario = checkScenarioText(template, 'template.yaml').compiled!;

/** talk -> deadline (timeout: wait) -> deal (trust 60 >= 55). */
function recorded() {
  const run = startRun(compiled, 42);
  run.choose('talk', 1200);
  run.timeout(30000);
  expect(run.ending?.id).toBe('deal');
  return run.record('class 9b');
}

describe('buildReplayModel', () => {
  it('shows node, advice, choice, history and meters at every step', () => {
    const r = buildReplayModel(compiled, recorded());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [s1, s2] = r.model.steps;
    expect(r.model.steps).toHaveLength(2);
    expect(s1).toMatchObject({
      index: 0,
      node: 'walkout',
      title: 'The dockers walk out',
      choice: { id: 'talk', label: 'Invite the union to talks' },
      timeout: false,
      ms: 1200,
    });
    expect(s1!.historical).toEqual({ id: 'talk', label: 'Invite the union to talks' });
    expect(s1!.advice.map((a) => a.name)).toEqual(['Chief R. Vale, Police chief', 'M. Osei, City treasurer']);
    expect(s1!.advice[0]!.recommends).toEqual({ id: 'clear', label: 'Send police to clear the quay' });
    // Each advisor's note from the file goes with their words (the template's advisors are fictional).
    expect(s1!.advice.map((a) => a.note)).toEqual(
      s1!.advice.map((a) => compiled.scenario.advisors.find((x) => x.id === a.advisor)!.note),
    );
    expect(s1!.advice.some((a) => a.note)).toBe(true);
    expect(s1!.meters.find((m) => m.id === 'trust')).toMatchObject({ before: 50, after: 60 });
    expect(s1!.meters.find((m) => m.id === 'budget')).toMatchObject({ before: 60, after: 55, hidden: true });
    expect(s2).toMatchObject({ node: 'deadline', choice: { id: 'wait', label: 'Wait' }, timeout: true });
    expect(s2!.historical).toBeUndefined();
    expect(s2!.meters.find((m) => m.id === 'trust')!.before).toBe(60);
    expect(s2!.meters.find((m) => m.id === 'order')).toMatchObject({ before: 50, after: 40 });
    expect(s2!.led).toEqual({ id: 'deal', title: 'A deal on the quay' });
    expect(r.model.ending?.id).toBe('deal');
  });
  it('names the first differing step of a tampered replay', () => {
    const replay = recorded();
    replay.steps[1]!.node = 'crackdown';
    const r = buildReplayModel(compiled, replay);
    expect(r).toMatchObject({ ok: false, step: 1 });
    expect(!r.ok && r.message).toMatch(/^step 2 differs/);
  });
  it('names the scenario a replay is for', () => {
    const replay = recorded();
    replay.scenario.id = 'suez-1956';
    const r = buildReplayModel(compiled, replay);
    expect(!r.ok && r.message).toMatch(/"suez-1956".*load that scenario first/);
  });
});

describe('branches', () => {
  it('replays the first k steps with the same seed, then the player decides', () => {
    const replay = recorded();
    const run = branchRun(compiled, replay, 1);
    expect(run.seed).toBe(42);
    expect(run.at).toBe('deadline');
    expect(run.trail).toHaveLength(1);
    run.choose('offer');
    expect(run.ending?.id).toBe('deal');
    const cmp = comparePaths(compiled, replay, run, 1);
    expect(cmp.rows).toEqual([
      {
        step: 1,
        shared: true,
        original: {
          node: 'walkout',
          title: 'The dockers walk out',
          choice: 'talk',
          label: 'Invite the union to talks',
          timeout: false,
        },
        branch: {
          node: 'walkout',
          title: 'The dockers walk out',
          choice: 'talk',
          label: 'Invite the union to talks',
          timeout: false,
        },
      },
      {
        step: 2,
        shared: false,
        original: { node: 'deadline', title: 'The ships cannot wait', choice: 'wait', label: 'Wait', timeout: true },
        branch: {
          node: 'deadline',
          title: 'The ships cannot wait',
          choice: 'offer',
          label: 'Offer a pay deal',
          timeout: false,
        },
      },
    ]);
    expect(cmp.originalEnding?.id).toBe('deal');
    expect(cmp.branchEnding?.id).toBe('deal');
    expect(cmp.originalMeters.order).toBe(40);
    expect(cmp.branchMeters.order).toBe(50);
  });
  it('branching at step 1 replays nothing', () => {
    const run = branchRun(compiled, recorded(), 0);
    expect(run.at).toBe('walkout');
    expect(run.trail).toHaveLength(0);
  });
});
