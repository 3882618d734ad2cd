/**
 * Issue 23, case 6 and the degraded list: Class review with many long pasted paths holds a bounded
 * number of decisions (1,000 links of 10,000-step replays reached 2.7 GB at 600); the same path
 * with changed times is not counted twice, and a copied path renamed is flagged. Inputs are made by
 * tests/hostile/inputs.ts.
 */
import { describe, expect, it } from 'vitest';
import { CLASS_REVIEW_STEPS, ClassReviewCollector } from '../../src/analysis/class-review.ts';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { loopingTitleYaml, longReplayJson } from './inputs.ts';
import { MiB, peakGrowth } from './memory.ts';

const checked = checkScenarioText(loopingTitleYaml(10), 'hostile.yaml');
const compiled = checked.compiled!;
const find = () => compiled;

/** A replay of `steps` loops by `player` (seed `seed`), each step taking `ms(i)`. */
function path(player: string, seed: number, steps: number, ms?: (i: number) => number): string {
  const r = JSON.parse(longReplayJson(compiled.sha256, steps)) as {
    seed: number;
    player?: string;
    steps: { ms?: number }[];
  };
  r.seed = seed;
  if (player) r.player = player;
  if (ms) r.steps.forEach((s, i) => (s.ms = ms(i)));
  return JSON.stringify(r);
}

describe('class review holds a bounded number of decisions (case 6)', () => {
  it(`counts paths up to ${CLASS_REVIEW_STEPS.toLocaleString('en')} decisions and refuses the rest with a message`, () => {
    const c = new ClassReviewCollector(find);
    const long = 10_000;
    const { grewBy } = peakGrowth((sample) => {
      for (let i = 0; i < 30; i++) {
        c.add({ name: `link ${i + 1}`, text: path(`Student ${i + 1}`, i + 1, long) });
        sample();
      }
    });
    const counted = c.replayGroups.reduce((n, g) => n + g.runs.length, 0);
    expect(counted).toBe(CLASS_REVIEW_STEPS / long);
    expect(c.refused).toHaveLength(30 - counted);
    expect(c.refused[0]!.reason).toBe(
      'not counted: Class review holds at most 200,000 decisions at once, and this path would make 210,000; review this class in parts',
    );
    // What is held stays far from the GBs of before (a generous ceiling: no timing, only memory).
    expect(grewBy).toBeLessThan(1024 * MiB);
  });
});

describe('the same path handed in twice (degraded list)', () => {
  it('the same path by the same student with other times is a duplicate', () => {
    const c = new ClassReviewCollector(find);
    expect(c.add({ name: 'ana.json', text: path('Ana', 7, 5, (i) => 1000 + i) })).toBeDefined();
    expect(c.add({ name: 'ana-again.json', text: path('Ana', 7, 5, (i) => 2000 + i) })).toBeUndefined();
    expect(c.refused).toEqual([
      {
        name: 'ana-again.json',
        kind: 'duplicate',
        reason: 'duplicate: the same decision path as ana.json, by the same student, which is already counted',
      },
    ]);
  });

  it('a copied path under another name (the same time at every decision) is flagged as a copy', () => {
    const c = new ClassReviewCollector(find);
    c.add({ name: 'ana.json', text: path('Ana', 7, 5, (i) => 1000 + i) });
    expect(c.add({ name: 'bo.json', text: path('Bo', 7, 5, (i) => 1000 + i) })).toBeUndefined();
    expect(c.refused[0]!.reason).toBe(
      'a copy of ana.json (Ana) under another name: the same choices and the same time at every decision',
    );
  });

  it('two students choosing alike on one class link (same seed, their own times) are both counted', () => {
    const c = new ClassReviewCollector(find);
    c.add({ name: 'ana.json', text: path('Ana', 7, 5, (i) => 1000 + i) });
    c.add({ name: 'bo.json', text: path('Bo', 7, 5, (i) => 3000 + i) });
    // Without times, two named students are told apart by name.
    c.add({ name: 'cy.json', text: path('Cy', 7, 5) });
    c.add({ name: 'di.json', text: path('Di', 7, 5) });
    expect(c.refused).toEqual([]);
    expect(c.replayGroups[0]!.runs.map((r) => r.player)).toEqual(['Ana', 'Bo', 'Cy', 'Di']);
  });
});
