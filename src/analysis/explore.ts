/**
 * Exploration of the concrete state space (node, meter values, flags) from `start`, breadth first,
 * up to a limit of states. Proves that the player is never stuck and that an ending stays reachable.
 * Calls the pure rules directly: going through full machine snapshots would be far too slow.
 */
import {
  applyEffects,
  boundEnding,
  initialMeters,
  possibleTargets,
  visibleChoices,
  type Rules,
  type CompiledChoice,
} from '../engine/rules.ts';
import { LIMITS } from '../scenario/schema.ts';

/** One concrete state, as reported in examples. */
export interface StateExample {
  node: string;
  meters: Record<string, number>;
  flags: string[];
  /** Choices (node.choice) that lead here from start, shortest path. */
  path: string[];
}

/** What exploration found. */
export interface ExploreResult {
  /** False when the limit stopped it: the proofs then hold only for the states seen. */
  complete: boolean;
  states: number;
  transitions: number;
  reachedNodes: Set<string>;
  reachedEndings: Set<string>;
  /** A state per node from which no ending can be reached. */
  traps: StateExample[];
  /** A state per node where no choice is visible. */
  stuck: StateExample[];
  ms: number;
}

/** Options for `exploreStates`. */
export interface ExploreOptions {
  limit?: number;
  /** Called now and then with the number of states seen so far. */
  onProgress?: (states: number, limit: number) => void;
}

/** Explore every reachable state breadth first (up to `limit`, default 1,000,000). */
export function exploreStates(rules: Rules, opts: ExploreOptions = {}): ExploreResult {
  const t0 = performance.now();
  const limit = opts.limit ?? LIMITS.exploreStates;
  const meterIds = rules.meters.map((m) => m.id);
  const index = new Map<string, number>();
  const nodeOf: string[] = [];
  const metersOf: Record<string, number>[] = [];
  const flagsOf: string[][] = [];
  const parent: number[] = [];
  const via: string[] = [];
  let edgeFrom = new Int32Array(1024);
  let edgeTo = new Int32Array(1024);
  let edges = 0;
  const canEnd = new Uint8Array(limit + 1);
  const reachedNodes = new Set<string>();
  const reachedEndings = new Set<string>();
  const stuckByNode = new Map<string, number>();
  let complete = true;

  const keyOf = (node: string, meters: Record<string, number>, flags: readonly string[]) => {
    let k = node + '|';
    for (const id of meterIds) k += meters[id] + ',';
    return k + '|' + flags.join(',');
  };
  const add = (node: string, meters: Record<string, number>, flags: string[], from: number, label: string): number => {
    const key = keyOf(node, meters, flags);
    const found = index.get(key);
    if (found !== undefined) return found;
    if (nodeOf.length >= limit) {
      complete = false;
      return -1;
    }
    const i = nodeOf.length;
    index.set(key, i);
    nodeOf.push(node);
    metersOf.push(meters);
    flagsOf.push(flags);
    parent.push(from);
    via.push(label);
    reachedNodes.add(node);
    return i;
  };
  const addEdge = (from: number, to: number) => {
    if (edges === edgeFrom.length) {
      const f = new Int32Array(edges * 2);
      f.set(edgeFrom);
      edgeFrom = f;
      const t = new Int32Array(edges * 2);
      t.set(edgeTo);
      edgeTo = t;
    }
    edgeFrom[edges] = from;
    edgeTo[edges] = to;
    edges++;
  };

  add(rules.scenario.start, initialMeters(rules), [], -1, '');
  for (let cur = 0; cur < nodeOf.length; cur++) {
    if (opts.onProgress && cur % 20000 === 0 && cur > 0) opts.onProgress(nodeOf.length, limit);
    const node = nodeOf[cur]!;
    const cn = rules.nodes.get(node)!;
    const meters = metersOf[cur]!;
    const flags = flagsOf[cur]!;
    const shown = visibleChoices(rules, node, meters, flags);
    if (shown.length === 0 && !stuckByNode.has(node)) stuckByNode.set(node, cur);
    const taken: CompiledChoice[] = [...shown];
    // When time runs out the onTimeout choice is taken even if it is hidden: another way out.
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
          reachedEndings.add(target);
          canEnd[cur] = 1;
          continue;
        }
        const j = add(target, applied.meters, applied.flags, cur, `${node}.${c.choice.id}`);
        if (j < 0)
          canEnd[cur] = 1; // unexplored beyond the limit: assume it may end, never a false trap
        else addEdge(cur, j);
      }
    }
  }
  opts.onProgress?.(nodeOf.length, limit);

  // Propagate "an ending is reachable" backwards along the edges.
  const n = nodeOf.length;
  const head = new Int32Array(n + 1);
  for (let e = 0; e < edges; e++) head[edgeTo[e]! + 1]!++;
  for (let i = 0; i < n; i++) head[i + 1]! += head[i]!;
  const fill = head.slice(0, n);
  const preds = new Int32Array(edges);
  for (let e = 0; e < edges; e++) preds[fill[edgeTo[e]!]!++] = edgeFrom[e]!;
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (canEnd[i]) queue.push(i);
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q]!;
    for (let p = head[s]!; p < head[s + 1]!; p++) {
      const from = preds[p]!;
      if (!canEnd[from]) {
        canEnd[from] = 1;
        queue.push(from);
      }
    }
  }
  const example = (i: number): StateExample => {
    const path: string[] = [];
    for (let k = i; k > 0; k = parent[k]!) path.push(via[k]!);
    return { node: nodeOf[i]!, meters: metersOf[i]!, flags: flagsOf[i]!, path: path.reverse() };
  };
  const trapByNode = new Map<string, number>();
  for (let i = 0; i < n; i++)
    if (!canEnd[i] && !trapByNode.has(nodeOf[i]!) && !stuckByNode.has(nodeOf[i]!)) trapByNode.set(nodeOf[i]!, i);
  return {
    complete,
    states: n,
    transitions: edges,
    reachedNodes,
    reachedEndings,
    traps: [...trapByNode.values()].map(example),
    stuck: [...stuckByNode.values()].map(example),
    ms: performance.now() - t0,
  };
}

/** Nodes and endings reachable from `start` by the graph alone, ignoring conditions (an upper bound). */
export function graphReachable(rules: Rules): Set<string> {
  const seen = new Set<string>([rules.scenario.start]);
  const queue = [rules.scenario.start];
  for (let q = 0; q < queue.length; q++) {
    const cn = rules.nodes.get(queue[q]!);
    if (!cn) continue;
    const next = [...rules.boundEndings, ...cn.choices.flatMap((c) => c.branches.map((b) => b.goto))];
    for (const t of next) {
      if (!seen.has(t)) {
        seen.add(t);
        queue.push(t);
      }
    }
  }
  return seen;
}
