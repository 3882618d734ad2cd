/**
 * The game rules of `crisis-room/1` as small pure functions, compiled once from a scenario.
 * The XState machine's guards and actions call these; the state-space explorer calls them directly.
 * Nothing else re-implements a rule.
 */
import { CONDITION_PATTERN } from '../scenario/format.ts';
import type { Condition, Next, Scenario, ScenarioNode, Choice, Ending, Meter, NewsItem } from '../scenario/schema.ts';

export type Meters = Readonly<Record<string, number>>;
/** Flags as a sorted list of names (a canonical form, so states compare by value). */
export type Flags = readonly string[];

/** A compiled condition: true when it holds for these meters and flags. */
export type Predicate = (meters: Meters, flags: ReadonlySet<string> | Flags) => boolean;

const OPS: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

const RESERVED = new Set(['has', 'lacks', 'all', 'any', 'not']);

function hasFlag(flags: ReadonlySet<string> | Flags, f: string): boolean {
  return flags instanceof Set ? flags.has(f) : (flags as Flags).includes(f);
}

/** Parse `"<op> <integer>"`; undefined when the string breaks the rule. */
export function parseMeterTest(test: string): { op: string; value: number } | undefined {
  const m = CONDITION_PATTERN.exec(test);
  if (!m) return undefined;
  return { op: m[1]!, value: Number(m[2]) };
}

/**
 * The work a condition can cost when tested once: one unit per meter test, per flag of `has` and
 * `lacks`, and per map (`all`/`any` items, `not`). The checker refuses a condition over
 * LIMITS.conditionTests (`limit-condition`); the explorer and replays add it up as their work.
 */
export function conditionSize(cond: Condition | undefined): number {
  if (!cond) return 0;
  let n = 1;
  for (const [key, value] of Object.entries(cond)) {
    if (key.startsWith('x-') || value === undefined) continue;
    if (key === 'has' || key === 'lacks') n += (value as string[]).length;
    else if (key === 'all' || key === 'any') for (const c of value as Condition[]) n += conditionSize(c);
    else if (key === 'not') n += conditionSize(value as Condition);
    else n++;
  }
  return n;
}

/** Compile a condition map into a predicate (all keys must hold). */
export function compileCondition(cond: Condition | undefined): Predicate {
  if (!cond) return () => true;
  const parts: Predicate[] = [];
  for (const [key, value] of Object.entries(cond)) {
    if (key.startsWith('x-') || value === undefined) continue;
    if (key === 'has') {
      const list = value as string[];
      parts.push((_m, f) => list.every((x) => hasFlag(f, x)));
    } else if (key === 'lacks') {
      const list = value as string[];
      parts.push((_m, f) => !list.some((x) => hasFlag(f, x)));
    } else if (key === 'all') {
      const subs = (value as Condition[]).map(compileCondition);
      parts.push((m, f) => subs.every((p) => p(m, f)));
    } else if (key === 'any') {
      const subs = (value as Condition[]).map(compileCondition);
      parts.push((m, f) => subs.some((p) => p(m, f)));
    } else if (key === 'not') {
      const sub = compileCondition(value as Condition);
      parts.push((m, f) => !sub(m, f));
    } else if (!RESERVED.has(key)) {
      const t = parseMeterTest(String(value));
      if (!t) throw new Error(`bad meter test ${JSON.stringify(value)}`);
      const op = OPS[t.op]!;
      parts.push((m) => op(m[key] ?? 0, t.value));
    }
  }
  return (m, f) => parts.every((p) => p(m, f));
}

/** A branch of a compiled `next`. */
export interface CompiledBranch {
  test: Predicate | undefined;
  chance: number | undefined;
  goto: string;
}

/** A choice with its condition compiled. */
export interface CompiledChoice {
  choice: Choice;
  visible: Predicate;
  effects: ReadonlyArray<[string, number]>;
  branches: readonly CompiledBranch[];
}

/** A node with its choices compiled. */
export interface CompiledNode {
  node: ScenarioNode;
  choices: readonly CompiledChoice[];
  byId: ReadonlyMap<string, CompiledChoice>;
  /**
   * The most work taking one step here can cost: every choice's `if` and every branch's `if`
   * tested once, plus one unit a choice and a branch. Replays and the explorer count it against
   * their budgets (LIMITS.replayWork, LIMITS.exploreWork), so no input makes them run for hours.
   */
  cost: number;
}

/** Everything the rules need, compiled once from a validated scenario. */
export interface Rules {
  scenario: Scenario;
  meters: ReadonlyArray<Meter & { min: number; max: number }>;
  meterById: ReadonlyMap<string, Meter & { min: number; max: number }>;
  nodes: ReadonlyMap<string, CompiledNode>;
  endings: ReadonlyMap<string, Ending>;
  /** Every ending a meter bound can fire, for the machine's transition list. */
  boundEndings: readonly string[];
}

/** Meter bounds with the contract's defaults applied. */
export function meterBounds(m: Meter): { min: number; max: number } {
  return { min: m.min ?? 0, max: m.max ?? 100 };
}

function compileNext(next: Next): CompiledBranch[] {
  if (typeof next === 'string') return [{ test: undefined, chance: undefined, goto: next }];
  return next.map((b) => ({ test: b.if ? compileCondition(b.if) : undefined, chance: b.chance, goto: b.goto }));
}

/** Compile a validated scenario's rules. */
export function compileRules(scenario: Scenario): Rules {
  const nodes = new Map<string, CompiledNode>();
  for (const node of scenario.nodes) {
    const choices = node.choices.map((choice) => ({
      choice,
      visible: compileCondition(choice.if),
      effects: Object.entries(choice.effects ?? {}).filter(([k]) => !k.startsWith('x-')),
      branches: compileNext(choice.next),
    }));
    let cost = 1;
    for (const c of node.choices) {
      cost += 1 + conditionSize(c.if);
      if (typeof c.next !== 'string') for (const b of c.next) cost += 1 + conditionSize(b.if);
    }
    nodes.set(node.id, { node, choices, byId: new Map(choices.map((c) => [c.choice.id, c])), cost });
  }
  const meters = scenario.meters.map((m) => ({ ...m, ...meterBounds(m) }));
  const boundEndings = [...new Set(scenario.meters.flatMap((m) => [m.onMin, m.onMax].filter((x): x is string => !!x)))];
  return {
    scenario,
    meters,
    meterById: new Map(meters.map((m) => [m.id, m])),
    nodes,
    endings: new Map(scenario.endings.map((e) => [e.id, e])),
    boundEndings,
  };
}

/** Starting meter values. */
export function initialMeters(rules: Rules): Record<string, number> {
  return Object.fromEntries(rules.meters.map((m) => [m.id, m.start]));
}

/** The choices shown at a node for these meters and flags, in file order. */
export function visibleChoices(rules: Rules, nodeId: string, meters: Meters, flags: Flags): CompiledChoice[] {
  const node = rules.nodes.get(nodeId);
  if (!node) return [];
  return node.choices.filter((c) => c.visible(meters, flags));
}

// News conditions are compiled once per item, on first use (most items have none).
const newsPredicates = new WeakMap<NewsItem, Predicate>();

/**
 * The headlines of a list that show for these meters and flags (third revision: an item's `if`),
 * in file order. Node news is asked with the state as its node opens, choice news with the state
 * after the choice, as its outcome shows.
 */
export function shownNews(items: readonly NewsItem[] | undefined, meters: Meters, flags: Flags): NewsItem[] {
  if (!items?.length) return [];
  return items.filter((item) => {
    if (!item.if) return true;
    let p = newsPredicates.get(item);
    if (!p) newsPredicates.set(item, (p = compileCondition(item.if)));
    return p(meters, flags);
  });
}

/** Apply a choice's effects (clamped), then `set`, then `unset`. Returns new meters, flags and the real deltas. */
export function applyEffects(
  rules: Rules,
  c: CompiledChoice,
  meters: Meters,
  flags: Flags,
): { meters: Record<string, number>; flags: string[]; deltas: Record<string, number> } {
  const next: Record<string, number> = { ...meters };
  const deltas: Record<string, number> = {};
  for (const [id, delta] of c.effects) {
    const m = rules.meterById.get(id);
    if (!m) continue;
    const before = next[id] ?? m.start;
    const after = Math.min(m.max, Math.max(m.min, before + delta));
    next[id] = after;
    if (after !== before) deltas[id] = (deltas[id] ?? 0) + (after - before);
  }
  let f = flags;
  if (c.choice.set?.length || c.choice.unset?.length) {
    const s = new Set(flags);
    for (const x of c.choice.set ?? []) s.add(x);
    for (const x of c.choice.unset ?? []) s.delete(x);
    f = [...s].sort();
  }
  return { meters: next, flags: f as string[], deltas };
}

/** The ending a meter at its bound fires: first meter in file order, onMin before onMax. */
export function boundEnding(
  rules: Rules,
  meters: Meters,
): { ending: string; meter: string; bound: 'min' | 'max' } | undefined {
  for (const m of rules.meters) {
    const v = meters[m.id];
    if (m.onMin && v !== undefined && v <= m.min) return { ending: m.onMin, meter: m.id, bound: 'min' };
    if (m.onMax && v !== undefined && v >= m.max) return { ending: m.onMax, meter: m.id, bound: 'max' };
  }
  return undefined;
}

/**
 * Resolve a branch list: the first branch that holds is taken. A reached `chance` branch consumes
 * exactly one draw `u` and is taken when `u < chance`; a branch whose `if` fails is skipped without a draw.
 */
export function resolveNext(
  branches: readonly CompiledBranch[],
  meters: Meters,
  flags: Flags,
  draw: () => number,
): string {
  for (const b of branches) {
    if (b.test && !b.test(meters, flags)) continue;
    if (b.chance === undefined) return b.goto;
    if (draw() < b.chance) return b.goto;
  }
  // Validation guarantees the last branch is unconditional; this is only reached by unvalidated data.
  throw new Error('branch list has no unconditional last branch');
}

/** Every target `resolveNext` can return for some draws (the explorer's view of the same rule). */
export function possibleTargets(branches: readonly CompiledBranch[], meters: Meters, flags: Flags): string[] {
  const out: string[] = [];
  for (const b of branches) {
    if (b.test && !b.test(meters, flags)) continue;
    if (b.chance === undefined) {
      out.push(b.goto);
      break;
    }
    if (b.chance > 0) out.push(b.goto); // u < chance is possible for some u in [0,1)
    if (b.chance >= 1) break; // u < 1 always holds
  }
  return [...new Set(out)];
}

/** The seeded generator: mulberry32 over a uint32 state. Returns the draw in [0,1) and the next state. */
export function drawFrom(state: number): { u: number; state: number } {
  const a = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(a ^ (a >>> 15), 1 | a);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return { u: ((t ^ (t >>> 14)) >>> 0) / 4294967296, state: a >>> 0 };
}

/** The full result of taking one choice at one node. */
export interface ChoiceOutcome {
  node: string;
  choice: string;
  timeout: boolean;
  meters: Record<string, number>;
  flags: string[];
  deltas: Record<string, number>;
  /** The node or ending the run goes to. */
  target: string;
  /** Set when a meter bound ended the run. */
  bound?: { meter: string; bound: 'min' | 'max' };
  rng: number;
  draws: number;
}

/** Why a choice cannot be taken. */
export type ChoiceRefusal = {
  error: 'unknown-node' | 'unknown-choice' | 'hidden-choice' | 'no-timeout';
  message: string;
};

/**
 * Take a choice (or the node's `onTimeout` choice when `timeout`): effects, set, unset,
 * onMin/onMax, then `next`. Pure: the generator state goes in and comes out.
 */
export function takeChoice(
  rules: Rules,
  state: { node: string; meters: Meters; flags: Flags; rng: number },
  choiceId: string | undefined,
  timeout: boolean,
): ChoiceOutcome | ChoiceRefusal {
  const node = rules.nodes.get(state.node);
  if (!node) return { error: 'unknown-node', message: `"${state.node}" is not a decision point` };
  let id = choiceId;
  if (timeout) {
    // Time only runs out where there is a time limit (an onTimeout alone never fires).
    if (!node.node.onTimeout || node.node.timeLimit === undefined)
      return { error: 'no-timeout', message: `node "${state.node}" has no time limit` };
    id = node.node.onTimeout;
  }
  const c = id === undefined ? undefined : node.byId.get(id);
  if (!c) {
    const shown = visibleChoices(rules, state.node, state.meters, state.flags).map((x) => x.choice.id);
    return {
      error: 'unknown-choice',
      message: `node "${state.node}" has no choice "${id}" (choices here: ${shown.join(', ')})`,
    };
  }
  // The onTimeout choice is taken when time runs out even if its `if` hides it from the player.
  if (!timeout && !c.visible(state.meters, state.flags)) {
    const shown = visibleChoices(rules, state.node, state.meters, state.flags).map((x) => x.choice.id);
    return {
      error: 'hidden-choice',
      message: `choice "${id}" is not available at node "${state.node}" now (choices shown: ${shown.join(', ')})`,
    };
  }
  const applied = applyEffects(rules, c, state.meters, state.flags);
  const bound = boundEnding(rules, applied.meters);
  let rng = state.rng;
  let draws = 0;
  let target: string;
  if (bound) target = bound.ending;
  else {
    target = resolveNext(c.branches, applied.meters, applied.flags, () => {
      const d = drawFrom(rng);
      rng = d.state;
      draws++;
      return d.u;
    });
  }
  return {
    node: state.node,
    choice: c.choice.id,
    timeout,
    meters: applied.meters,
    flags: applied.flags,
    deltas: applied.deltas,
    target,
    ...(bound ? { bound: { meter: bound.meter, bound: bound.bound } } : {}),
    rng,
    draws,
  };
}

/** Whether a `takeChoice` result is a refusal. */
export function isRefusal(r: ChoiceOutcome | ChoiceRefusal): r is ChoiceRefusal {
  return 'error' in r;
}
