/**
 * Random playthroughs: seeded runs that pick uniformly among the visible choices, reporting each
 * ending's share and the mean path length. Used to spot dominant or dead endings.
 */
import { drawFrom, initialMeters, isRefusal, takeChoice, visibleChoices, type Rules } from '../engine/rules.ts';

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
  const endings: Record<string, number> = Object.fromEntries(rules.scenario.endings.map((e) => [e.id, 0]));
  let picker = seed >>> 0;
  const pick = () => {
    const d = drawFrom(picker);
    picker = d.state;
    return d.u;
  };
  let steps = 0;
  let unfinished = 0;
  for (let r = 0; r < runs; r++) {
    let state = {
      node: rules.scenario.start,
      meters: initialMeters(rules) as Record<string, number>,
      flags: [] as string[],
      rng: Math.floor(pick() * 4294967296) >>> 0,
    };
    let n = 0;
    let ended = false;
    while (n < maxSteps) {
      const shown = visibleChoices(rules, state.node, state.meters, state.flags);
      if (shown.length === 0) break;
      const c = shown[Math.floor(pick() * shown.length)]!;
      const out = takeChoice(rules, state, c.choice.id, false);
      if (isRefusal(out)) break;
      n++;
      if (rules.endings.has(out.target)) {
        endings[out.target] = (endings[out.target] ?? 0) + 1;
        ended = true;
        break;
      }
      state = { node: out.target, meters: out.meters, flags: out.flags, rng: out.rng };
    }
    if (!ended) unfinished++;
    steps += n;
  }
  return { runs, seed, endings, meanSteps: runs ? steps / runs : 0, unfinished, ms: performance.now() - t0 };
}
