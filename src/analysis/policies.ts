/**
 * Policy playthroughs: seeded runs in which a policy names the choice to take at each node (or
 * leaves it to chance). Used to check that no single advisor's advice decides a scenario's ending
 * and that the historical choices lead mostly to the historical ending. Pure: no I/O, no clock.
 */
import {
  drawFrom,
  initialMeters,
  isRefusal,
  takeChoice,
  visibleChoices,
  type CompiledChoice,
  type CompiledNode,
  type Rules,
} from '../engine/rules.ts';

/** Picks a choice id among the visible ones, or returns undefined to let the run choose at random. */
export type Policy = (node: CompiledNode, shown: readonly CompiledChoice[]) => string | undefined;

/** The ending counts of N policy playthroughs. */
export interface PolicyStats {
  runs: number;
  seed: number;
  /** Ending id -> runs that reached it (every ending listed, zero included). */
  endings: Record<string, number>;
  /** Runs cut off after `maxSteps` without an ending. */
  unfinished: number;
  meanSteps: number;
}

/** Play `runs` games from a master seed; at each node the policy's pick, else a uniform random one. */
export function policyPlaythroughs(
  rules: Rules,
  runs: number,
  seed: number,
  policy: Policy,
  maxSteps = 10_000,
): PolicyStats {
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
      const node = rules.nodes.get(state.node);
      const shown = visibleChoices(rules, state.node, state.meters, state.flags);
      if (!node || shown.length === 0) break;
      const wanted = policy(node, shown);
      const id =
        wanted !== undefined && shown.some((c) => c.choice.id === wanted)
          ? wanted
          : shown[Math.floor(pick() * shown.length)]!.choice.id;
      const out = takeChoice(rules, state, id, false);
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
  return { runs, seed, endings, unfinished, meanSteps: runs ? steps / runs : 0 };
}

/** Follow one advisor: take the choice they recommend at a node when they recommend one. */
export function followAdvisor(advisorId: string): Policy {
  return (node) => node.node.advice?.find((a) => a.advisor === advisorId && a.recommends)?.recommends;
}

/** Follow history: take each node's `history.choice` when it has one. */
export const followHistory: Policy = (node) => node.node.history?.choice;

/** Choose uniformly at random everywhere. */
export const randomPolicy: Policy = () => undefined;

/** The most frequent ending of a policy run and its share of all runs. */
export function dominantEnding(stats: PolicyStats): { ending: string; share: number } {
  let ending = '';
  let most = -1;
  for (const [id, n] of Object.entries(stats.endings)) {
    if (n > most) {
      most = n;
      ending = id;
    }
  }
  return { ending, share: stats.runs ? Math.max(0, most) / stats.runs : 0 };
}

/** One row per advisor: the ending distribution of "follow this advisor, otherwise random". */
export function advisorPolicies(
  rules: Rules,
  runs: number,
  seed: number,
): Array<{ advisor: string; name: string; stats: PolicyStats }> {
  return rules.scenario.advisors.map((a) => ({
    advisor: a.id,
    name: a.name,
    stats: policyPlaythroughs(rules, runs, seed, followAdvisor(a.id)),
  }));
}
