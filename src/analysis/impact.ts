/**
 * Decision impact: how much each decision changes where a scenario ends. For each node, play
 * uniformly at random to it; from every state that reaches it, continue once per visible option
 * with the same random seed (the same chance draws and the same uniform random choices after it);
 * then compare the ending distributions of every pair of options by total-variation distance and
 * report the pair that differs most. Seeded and pure: the same rules, runs and seed always give
 * the same numbers.
 */
import { drawFrom, initialMeters, isRefusal, takeChoice, visibleChoices, type Rules } from '../engine/rules.ts';

/** One option's ending counts over the states where it was compared. */
export interface OptionEndings {
  choice: string;
  /** Continuations that started with this option. */
  runs: number;
  /** Ending id -> continuations that reached it. */
  endings: Record<string, number>;
}

/** The measured impact of one decision point. */
export interface DecisionImpact {
  node: string;
  title: string;
  /** States (random runs) that reached this node. */
  visits: number;
  options: OptionEndings[];
  /** The two options whose ending distributions differ most, and that distance (0..1). */
  widest: { a: string; b: string; distance: number } | undefined;
}

/** Options for `decisionImpact`. */
export interface ImpactOptions {
  /** Random runs from the start (default 2,000). */
  runs?: number;
  /** Master seed (default 1). */
  seed?: number;
  /** A run or continuation is cut off after this many decisions (default 10,000). */
  maxSteps?: number;
}

interface RunState {
  node: string;
  meters: Record<string, number>;
  flags: string[];
  rng: number;
}

/** Total-variation distance between two ending-count tables: half the sum of absolute share differences. */
export function totalVariation(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): number {
  const na = Object.values(a).reduce((s, n) => s + n, 0);
  const nb = Object.values(b).reduce((s, n) => s + n, 0);
  if (!na || !nb) return 0;
  let sum = 0;
  for (const id of new Set([...Object.keys(a), ...Object.keys(b)]))
    sum += Math.abs((a[id] ?? 0) / na - (b[id] ?? 0) / nb);
  return sum / 2;
}

/** Play uniformly at random from `state` until an ending; returns its id, or undefined when cut off. */
function playOut(rules: Rules, start: RunState, pickSeed: number, maxSteps: number): string | undefined {
  let state = start;
  let picker = pickSeed >>> 0;
  for (let n = 0; n < maxSteps; n++) {
    const shown = visibleChoices(rules, state.node, state.meters, state.flags);
    if (shown.length === 0) return undefined;
    const d = drawFrom(picker);
    picker = d.state;
    const out = takeChoice(rules, state, shown[Math.floor(d.u * shown.length)]!.choice.id, false);
    if (isRefusal(out)) return undefined;
    if (rules.endings.has(out.target)) return out.target;
    state = { node: out.target, meters: out.meters, flags: out.flags, rng: out.rng };
  }
  return undefined;
}

/** Take `choice` at `state`, then play uniformly at random with `pickSeed`; the ending reached. */
function continueWith(rules: Rules, state: RunState, choice: string, pickSeed: number, maxSteps: number) {
  const out = takeChoice(rules, state, choice, false);
  if (isRefusal(out)) return undefined;
  if (rules.endings.has(out.target)) return out.target;
  return playOut(rules, { node: out.target, meters: out.meters, flags: out.flags, rng: out.rng }, pickSeed, maxSteps);
}

/** Measure every decision point's impact on the ending (see the module comment). */
export function decisionImpact(rules: Rules, opts: ImpactOptions = {}): DecisionImpact[] {
  const runs = opts.runs ?? 2000;
  const maxSteps = opts.maxSteps ?? 10_000;
  let master = (opts.seed ?? 1) >>> 0;
  const next = () => {
    const d = drawFrom(master);
    master = d.state;
    return Math.floor(d.u * 4294967296) >>> 0;
  };
  const visits = new Map<string, number>();
  /** node -> "a|b" -> the two options' ending counts over states where both were shown. */
  const pairs = new Map<string, Map<string, [Record<string, number>, Record<string, number>]>>();
  /** node -> option -> its ending counts over every state where it was shown. */
  const single = new Map<string, Map<string, Record<string, number>>>();
  const bump = (t: Record<string, number>, ending: string) => {
    t[ending] = (t[ending] ?? 0) + 1;
  };

  for (let r = 0; r < runs; r++) {
    let state: RunState = {
      node: rules.scenario.start,
      meters: initialMeters(rules),
      flags: [],
      rng: next(),
    };
    let picker = next();
    for (let n = 0; n < maxSteps; n++) {
      const shown = visibleChoices(rules, state.node, state.meters, state.flags);
      if (shown.length === 0) break;
      // The counterfactual: every option from this same state, then the same random future.
      const futureSeed = next();
      const reached = new Map<string, string>();
      for (const c of shown) {
        const ending = continueWith(rules, state, c.choice.id, futureSeed, maxSteps);
        if (ending !== undefined) reached.set(c.choice.id, ending);
      }
      visits.set(state.node, (visits.get(state.node) ?? 0) + 1);
      let perOption = single.get(state.node);
      if (!perOption) single.set(state.node, (perOption = new Map()));
      let perPair = pairs.get(state.node);
      if (!perPair) pairs.set(state.node, (perPair = new Map()));
      const ids = [...reached.keys()].sort();
      for (const id of ids) {
        let t = perOption.get(id);
        if (!t) perOption.set(id, (t = {}));
        bump(t, reached.get(id)!);
      }
      for (let i = 0; i < ids.length; i++)
        for (let j = i + 1; j < ids.length; j++) {
          const key = `${ids[i]}|${ids[j]}`;
          let p = perPair.get(key);
          if (!p) perPair.set(key, (p = [{}, {}]));
          bump(p[0], reached.get(ids[i]!)!);
          bump(p[1], reached.get(ids[j]!)!);
        }
      // The run itself goes on at random.
      const d = drawFrom(picker);
      picker = d.state;
      const out = takeChoice(rules, state, shown[Math.floor(d.u * shown.length)]!.choice.id, false);
      if (isRefusal(out) || rules.endings.has(out.target)) break;
      state = { node: out.target, meters: out.meters, flags: out.flags, rng: out.rng };
    }
  }

  return rules.scenario.nodes.map((node) => {
    const options: OptionEndings[] = node.choices
      .filter((c) => single.get(node.id)?.has(c.id))
      .map((c) => {
        const endings = single.get(node.id)!.get(c.id)!;
        return { choice: c.id, runs: Object.values(endings).reduce((s, n) => s + n, 0), endings };
      });
    let widest: DecisionImpact['widest'];
    for (const [key, [a, b]] of pairs.get(node.id) ?? []) {
      const distance = totalVariation(a, b);
      if (!widest || distance > widest.distance) {
        const [ia, ib] = key.split('|') as [string, string];
        widest = { a: ia, b: ib, distance };
      }
    }
    return { node: node.id, title: node.title, visits: visits.get(node.id) ?? 0, options, widest };
  });
}
