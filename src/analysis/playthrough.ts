/**
 * Random playthroughs: seeded runs that pick uniformly among the visible choices, reporting each
 * ending's share and the mean path length. Used to spot dominant or dead endings.
 */
import type { Rules } from '../engine/rules.ts';
import { policyPlaythroughs } from './policies.ts';

/** The statistics of N random playthroughs. */
export interface PlaythroughStats {
  runs: number;
  seed: number;
  /** Ending id -> number of runs that reached it (every ending listed, zero included). */
  endings: Record<string, number>;
  meanSteps: number;
  /** Runs cut off after `maxSteps` without an ending (a loop the player never leaves at random). */
  unfinished: number;
  ms: number;
}

/** Play `runs` random games from a master seed; each run gets its own seed from it. */
export function randomPlaythroughs(rules: Rules, runs: number, seed = 1, maxSteps = 10_000): PlaythroughStats {
  const t0 = performance.now();
  // A policy that never picks is uniform random play: the same draws, so the same runs.
  const stats = policyPlaythroughs(rules, runs, seed, () => undefined, maxSteps);
  return { ...stats, ms: performance.now() - t0 };
}
