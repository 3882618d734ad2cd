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
import { LIMITS, type Condition } from '../scenario/schema.ts';

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
  /** False when a limit stopped it: the proofs then hold only for the states seen. */
  complete: boolean;
  /** Which limit stopped it, when one did: the number of states, the memory budget or the work budget. */
  stoppedBy?: 'states' | 'memory' | 'work';
  states: number;
  transitions: number;
  /** Estimated bytes the exploration held at its largest (states, their keys and the edges). */
  bytes: number;
  /** Work done: for every state expanded, its node's step cost (conditions, choices, branches). */
  work: number;
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
  /** Memory budget in (estimated) bytes; default LIMITS.exploreBytes. */
  maxBytes?: number;
  /** Work budget (see CompiledNode.cost); default LIMITS.exploreWork. */
  maxWork?: number;
  /** Called now and then with the number of states seen so far. */
  onProgress?: (states: number, limit: number) => void;
}

/** Estimated bytes a state costs beyond its key: map entry, string header, parent, choice and flag arrays. */
const STATE_OVERHEAD_BYTES = 96;

/** Every flag a scenario names (set, unset, has, lacks), each given a small integer in file order. */
export function internFlags(rules: Rules): Map<string, number> {
  const ids = new Map<string, number>();
  const add = (f: string) => ids.has(f) || ids.set(f, ids.size);
  const walk = (cond: Condition | undefined) => {
    if (!cond) return;
    cond.has?.forEach(add);
    cond.lacks?.forEach(add);
    cond.all?.forEach(walk);
    cond.any?.forEach(walk);
    walk(cond.not);
  };
  for (const cn of rules.nodes.values())
    for (const c of cn.choices) {
      c.choice.set?.forEach(add);
      c.choice.unset?.forEach(add);
      walk(c.choice.if);
      if (typeof c.choice.next !== 'string') c.choice.next.forEach((b) => walk(b.if));
    }
  return ids;
}

/**
 * Explore every reachable state breadth first, up to `limit` states (default 1,000,000) and a
 * memory budget. A state is held as one compact key: the node, each meter and the flags as a
 * bitset of interned flag numbers, so a state costs bytes, not a copy of every flag's name.
 */
export function exploreStates(rules: Rules, opts: ExploreOptions = {}): ExploreResult {
  const t0 = performance.now();
  const limit = opts.limit ?? LIMITS.exploreStates;
  const maxBytes = opts.maxBytes ?? LIMITS.exploreBytes;
  const maxWork = opts.maxWork ?? LIMITS.exploreWork;
  let work = 0;
  const meters = rules.meters;
  const nodeIds = [...rules.nodes.keys()];
  const nodeIndex = new Map(nodeIds.map((id, i) => [id, i]));
  const flagIndex = internFlags(rules);
  const flagNames = [...flagIndex.keys()];
  const flagWords = Math.ceil(flagNames.length / 16);
  // One UTF-16 unit per meter when every range fits in one, else a decimal field per meter.
  const narrow = meters.every((m) => m.max - m.min < 0xffff);

  const encode = (node: string, values: Record<string, number>, flags: readonly string[]): string => {
    let k = String.fromCharCode(nodeIndex.get(node)!);
    if (narrow) for (const m of meters) k += String.fromCharCode(values[m.id]! - m.min);
    else for (const m of meters) k += `${values[m.id]},`;
    if (flagWords) {
      const words = new Uint16Array(flagWords);
      for (const f of flags) {
        const i = flagIndex.get(f);
        if (i !== undefined) words[i >> 4]! |= 1 << (i & 15);
      }
      k += String.fromCharCode(...words);
    }
    return k;
  };
  const decode = (key: string): { node: string; meters: Record<string, number>; flags: string[] } => {
    const values: Record<string, number> = {};
    let at = 1;
    if (narrow) for (const m of meters) values[m.id] = key.charCodeAt(at++) + m.min;
    else
      for (const m of meters) {
        const comma = key.indexOf(',', at);
        values[m.id] = Number(key.slice(at, comma));
        at = comma + 1;
      }
    const flags: string[] = [];
    for (let i = 0; i < flagNames.length; i++)
      if ((key.charCodeAt(at + (i >> 4)) >> (i & 15)) & 1) flags.push(flagNames[i]!);
    return { node: nodeIds[key.charCodeAt(0)]!, meters: values, flags: flags.sort() };
  };

  const index = new Map<string, number>();
  const keys: string[] = [];
  let parent = new Int32Array(1024);
  /** The index, in its node's choice list, of the choice that first led to each state. */
  let via = new Int16Array(1024);
  let edgeFrom = new Int32Array(1024);
  let edgeTo = new Int32Array(1024);
  let edges = 0;
  let bytes = 0;
  const canEnd = new Uint8Array(limit + 1);
  const reachedNodes = new Set<string>();
  const reachedEndings = new Set<string>();
  const stuckByNode = new Map<string, number>();
  let stoppedBy: ExploreResult['stoppedBy'];

  const grow = <T extends Int32Array | Int16Array>(a: T, n: number): T => {
    if (n < a.length) return a;
    const b = new (a.constructor as new (n: number) => T)(a.length * 2);
    b.set(a);
    return b;
  };
  const add = (key: string, node: string, from: number, choice: number): number => {
    const found = index.get(key);
    if (found !== undefined) return found;
    const cost = key.length * 2 + STATE_OVERHEAD_BYTES;
    if (keys.length >= limit || bytes + cost > maxBytes) {
      stoppedBy ??= keys.length >= limit ? 'states' : 'memory';
      return -1;
    }
    const i = keys.length;
    bytes += cost;
    index.set(key, i);
    keys.push(key);
    parent = grow(parent, i);
    via = grow(via, i);
    parent[i] = from;
    via[i] = choice;
    reachedNodes.add(node);
    return i;
  };
  /** Record an edge; false when the memory budget has no room for it. */
  const addEdge = (from: number, to: number): boolean => {
    if (bytes + 8 > maxBytes) {
      stoppedBy ??= 'memory';
      return false;
    }
    edgeFrom = grow(edgeFrom, edges);
    edgeTo = grow(edgeTo, edges);
    edgeFrom[edges] = from;
    edgeTo[edges] = to;
    edges++;
    bytes += 8;
    return true;
  };

  add(encode(rules.scenario.start, initialMeters(rules), []), rules.scenario.start, -1, -1);
  for (let cur = 0; cur < keys.length; cur++) {
    if (opts.onProgress && cur % 20000 === 0 && cur > 0) opts.onProgress(keys.length, limit);
    const { node, meters: values, flags } = decode(keys[cur]!);
    const cn = rules.nodes.get(node)!;
    // Work, not only states and bytes: a state whose conditions cost milliseconds would take hours.
    if (work + cn.cost > maxWork) {
      stoppedBy ??= 'work';
      // The states not expanded are assumed to reach an ending: never a false trap.
      canEnd.fill(1, cur, keys.length);
      break;
    }
    work += cn.cost;
    const shown = visibleChoices(rules, node, values, flags);
    if (shown.length === 0 && !stuckByNode.has(node)) stuckByNode.set(node, cur);
    const taken: CompiledChoice[] = [...shown];
    // When time runs out the onTimeout choice is taken even if it is hidden: another way out.
    if (cn.node.onTimeout && cn.node.timeLimit !== undefined) {
      const t = cn.byId.get(cn.node.onTimeout);
      if (t && !taken.includes(t)) taken.push(t);
    }
    for (const c of taken) {
      const applied = applyEffects(rules, c, values, flags);
      const bound = boundEnding(rules, applied.meters);
      const targets = bound ? [bound.ending] : possibleTargets(c.branches, applied.meters, applied.flags);
      for (const target of targets) {
        if (rules.endings.has(target)) {
          reachedEndings.add(target);
          canEnd[cur] = 1;
          continue;
        }
        const j = add(encode(target, applied.meters, applied.flags), target, cur, cn.choices.indexOf(c));
        // Unexplored beyond a limit: assume it may end, never a false trap.
        if (j < 0 || !addEdge(cur, j)) canEnd[cur] = 1;
      }
    }
  }
  opts.onProgress?.(keys.length, limit);

  // Propagate "an ending is reachable" backwards along the edges.
  const n = keys.length;
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
  const nodeOf = (i: number) => nodeIds[keys[i]!.charCodeAt(0)]!;
  const example = (i: number): StateExample => {
    const path: string[] = [];
    for (let k = i; k > 0; k = parent[k]!) {
      const from = nodeOf(parent[k]!);
      path.push(`${from}.${rules.nodes.get(from)!.choices[via[k]!]!.choice.id}`);
    }
    const d = decode(keys[i]!);
    return { node: d.node, meters: d.meters, flags: d.flags, path: path.reverse() };
  };
  const trapByNode = new Map<string, number>();
  for (let i = 0; i < n; i++)
    if (!canEnd[i] && !trapByNode.has(nodeOf(i)) && !stuckByNode.has(nodeOf(i))) trapByNode.set(nodeOf(i), i);
  return {
    complete: stoppedBy === undefined,
    ...(stoppedBy ? { stoppedBy } : {}),
    states: n,
    transitions: edges,
    bytes,
    work,
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
