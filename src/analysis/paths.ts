/**
 * Every way into every ending, and every empty news wire: a breadth-first walk over the concrete
 * states (node, meters, flags) reachable from `start`, like the checker's exploration, that keeps
 * what a content review asks about: each state that enters an ending, with the choice that led there
 * (so a test can check that an ending's text is true of every path that reaches it), and the nodes
 * that can open with no headline at all. Pure: no I/O, no clock.
 */
import {
  applyEffects,
  boundEnding,
  initialMeters,
  possibleTargets,
  shownNews,
  visibleChoices,
  type Rules,
} from '../engine/rules.ts';

/** One way into an ending: the state after the choice that led there. */
export interface EndingEntry {
  ending: string;
  /** The node and choice taken last. */
  node: string;
  choice: string;
  meters: Record<string, number>;
  flags: string[];
}

/** What the walk found. */
export interface PathReport {
  /** False when `limit` states were seen before the walk ended. */
  complete: boolean;
  states: number;
  /** Transitions into an ending, each passed to `onEnding`. */
  entries: number;
  /** A state per node that opens with no news item shown. */
  emptyWires: Array<{ node: string; meters: Record<string, number>; flags: string[] }>;
}

/** Walk every reachable state (up to `limit`, default 2,000,000): each way into an ending goes to `onEnding`. */
export function walkPaths(
  rules: Rules,
  onEnding: (entry: EndingEntry) => void = () => {},
  limit = 2_000_000,
): PathReport {
  const key = (node: string, meters: Record<string, number>, flags: readonly string[]) =>
    `${node}|${rules.meters.map((m) => meters[m.id]).join(',')}|${flags.join(',')}`;
  const seen = new Set<string>();
  const queue: Array<{ node: string; meters: Record<string, number>; flags: string[] }> = [];
  let entries = 0;
  const emptyWires = new Map<string, PathReport['emptyWires'][number]>();
  const push = (node: string, meters: Record<string, number>, flags: string[]) => {
    const k = key(node, meters, flags);
    if (seen.has(k) || seen.size >= limit) return;
    seen.add(k);
    queue.push({ node, meters, flags });
  };
  push(rules.scenario.start, initialMeters(rules), []);
  for (let q = 0; q < queue.length; q++) {
    const { node, meters, flags } = queue[q]!;
    const cn = rules.nodes.get(node)!;
    if (!emptyWires.has(node) && shownNews(cn.node.news, meters, flags).length === 0)
      emptyWires.set(node, { node, meters, flags });
    const taken = [...visibleChoices(rules, node, meters, flags)];
    if (cn.node.onTimeout && cn.node.timeLimit !== undefined) {
      const t = cn.byId.get(cn.node.onTimeout);
      if (t && !taken.includes(t)) taken.push(t);
    }
    for (const c of taken) {
      const applied = applyEffects(rules, c, meters, flags);
      const bound = boundEnding(rules, applied.meters);
      const targets = bound ? [bound.ending] : possibleTargets(c.branches, applied.meters, applied.flags);
      for (const target of targets) {
        if (rules.endings.has(target)) {
          entries++;
          onEnding({ ending: target, node, choice: c.choice.id, meters: applied.meters, flags: applied.flags });
        } else push(target, applied.meters, applied.flags);
      }
    }
  }
  return {
    complete: seen.size < limit,
    states: seen.size,
    entries,
    emptyWires: [...emptyWires.values()],
  };
}
