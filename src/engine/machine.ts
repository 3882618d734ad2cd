/**
 * Compile a validated scenario into an XState v5 machine. Nodes and endings are states (endings
 * final); the context holds meters, flags, the generator state and the path so far. Guards and
 * actions are named and take params; both call the pure rules in rules.ts.
 */
import { assign, setup, initialTransition, createActor, type AnyActorScope, type SnapshotFrom } from 'xstate';
import type { Scenario } from '../scenario/schema.ts';
import { closeBidiDeep } from '../scenario/text.ts';
import {
  compileRules,
  initialMeters,
  isRefusal,
  takeChoice,
  type ChoiceOutcome,
  type ChoiceRefusal,
  type Rules,
} from './rules.ts';

/** One step taken, with the state after it (for the debrief's charts and the replay viewer). */
export interface TrailStep {
  node: string;
  choice: string;
  timeout: boolean;
  ms?: number;
  deltas: Record<string, number>;
  meters: Record<string, number>;
  flags: string[];
  target: string;
  bound?: { meter: string; bound: 'min' | 'max' };
}

/** The path so far as a persistent list (newest first): adding a step is O(1), so long replays stay linear. */
export interface PathLink {
  step: TrailStep;
  prev: PathLink | null;
  length: number;
}

/** The machine's context: everything a run is, besides which state it is in. */
export interface RunContext {
  seed: number;
  rng: number;
  meters: Record<string, number>;
  flags: string[];
  path: PathLink | null;
}

const pathArrays = new WeakMap<PathLink, TrailStep[]>();

/** The steps of a path, oldest first (memoised per path). */
export function pathSteps(path: PathLink | null): TrailStep[] {
  if (!path) return [];
  let arr = pathArrays.get(path);
  if (!arr) {
    arr = new Array<TrailStep>(path.length);
    for (let p: PathLink | null = path; p; p = p.prev) arr[p.length - 1] = p.step;
    pathArrays.set(path, arr);
  }
  return arr;
}

/** Events the game sends: a choice, or the node's time running out. Time comes in on events. */
export type RunEvent = { type: 'CHOOSE'; choice: string; ms?: number } | { type: 'TIMEOUT'; ms?: number };

/**
 * What the machine receives: the event with its outcome already worked out by `takeChoice`, once
 * per step. The guards and the action only read it (before, every guard recomputed it).
 */
export type StepEvent = RunEvent & { outcome: ChoiceOutcome };

/** The context after a step: the one place a run's context changes (the machine's action, and replays folding steps). */
export function contextAfter(context: RunContext, r: ChoiceOutcome, ms: number | undefined): RunContext {
  const step: TrailStep = {
    node: r.node,
    choice: r.choice,
    timeout: r.timeout,
    ...(ms !== undefined ? { ms } : {}),
    deltas: r.deltas,
    meters: r.meters,
    flags: r.flags,
    target: r.target,
    ...(r.bound ? { bound: r.bound } : {}),
  };
  return {
    seed: context.seed,
    rng: r.rng,
    meters: r.meters,
    flags: r.flags,
    path: { step, prev: context.path, length: (context.path?.length ?? 0) + 1 },
  };
}

/** Build the XState machine for compiled rules. */
export function buildMachine(rules: Rules) {
  const s = rules.scenario;
  const m = setup({
    types: {
      context: {} as RunContext,
      events: {} as StepEvent,
      input: {} as { seed: number },
    },
    guards: {
      leadsTo: ({ event }, params: { node: string; target: string }) =>
        event.outcome.node === params.node && event.outcome.target === params.target,
    },
    actions: {
      takeChoice: assign(({ context, event }) => contextAfter(context, event.outcome, event.ms)),
    },
  });
  const states: Record<string, object> = {};
  for (const [id, cn] of rules.nodes) {
    const targets = new Set<string>(rules.boundEndings);
    for (const c of cn.choices) for (const b of c.branches) targets.add(b.goto);
    const list = [...targets].map((target) => ({
      guard: { type: 'leadsTo' as const, params: { node: id, target } },
      target,
      actions: { type: 'takeChoice' as const },
    }));
    states[id] = {
      on: { CHOOSE: list, ...(cn.node.onTimeout && cn.node.timeLimit !== undefined ? { TIMEOUT: list } : {}) },
    };
  }
  for (const e of s.endings) states[e.id] = { type: 'final' };
  return m.createMachine({
    id: s.id,
    initial: s.start,
    context: ({ input }) => ({
      seed: input.seed >>> 0,
      rng: input.seed >>> 0,
      meters: initialMeters(rules),
      flags: [],
      path: null,
    }),
    // The config is built from data, so its state keys are not known to the type system.
    states: states as never,
  });
}

export type RunMachine = ReturnType<typeof buildMachine>;
export type RunSnapshot = SnapshotFrom<RunMachine>;

/** A scenario compiled for play: its rules and its machine. */
export interface CompiledScenario {
  scenario: Scenario;
  rules: Rules;
  machine: RunMachine;
  /** sha256 of the scenario's canonical JSON (for saves and replays). */
  readonly sha256: string;
  /**
   * The key its saves are kept under when it is not the scenario id: a file from outside that
   * reuses a built-in's id is a copy, and must never continue or overwrite the built-in's games.
   */
  saveKey?: string;
}

/** Compile a validated scenario into rules and an XState machine; `sha256` may be a lazy getter's owner. */
export function compileScenario(source: Scenario, sha256: string | { readonly sha256: string }): CompiledScenario {
  // A bidi override in a text ends with that text (the same object when no text has one).
  const scenario = closeBidiDeep(source);
  const rules = compileRules(scenario);
  const machine = buildMachine(rules);
  return {
    scenario,
    rules,
    machine,
    get sha256() {
      return typeof sha256 === 'string' ? sha256 : sha256.sha256;
    },
  };
}

/**
 * The initial snapshot of a run with this seed (pure). `startAt` starts at that node instead of
 * the scenario's `start`, with the meters at their start values and no flags: the editor's
 * "Play from here" test run.
 */
export function initialSnapshot(compiled: CompiledScenario, seed: number, startAt?: string): RunSnapshot {
  const first = initialTransition(compiled.machine, { seed })[0];
  if (startAt === undefined || startAt === compiled.scenario.start) return first;
  if (!compiled.rules.nodes.has(startAt)) throw new Error(`"${startAt}" is not a node of this scenario`);
  return compiled.machine.resolveState({ value: startAt, context: first.context });
}

const scopes = new WeakMap<RunMachine, AnyActorScope>();

/**
 * An inert actor scope made once per machine. XState's `transition(machine, snapshot, event)` builds
 * a new actor (and its initial snapshot) on every call, which cost ~0.3 ms a step here; this is the
 * same pure `machine.transition` with that scope kept. Our actions are all `assign`, so nothing
 * is ever executed through it. The scope's shape is XState's internal, so xstate is pinned to the
 * exact version in package.json, and tests/unit/engine-fast-path.test.ts compares this path with
 * the public `transition()` on every step of the built-in scenarios' historical paths and of 1,000
 * random runs: an upgrade that changes the scope fails there instead of drifting.
 */
function inertScope(machine: RunMachine): AnyActorScope {
  let scope = scopes.get(machine);
  if (!scope) {
    const self = createActor(machine, { input: { seed: 0 } });
    const noop = () => {};
    scope = {
      self,
      defer: noop,
      id: '',
      logger: noop,
      sessionId: '',
      stopChild: noop,
      system: self.system,
      emit: noop,
      actionExecutor: noop,
    } as unknown as AnyActorScope;
    scopes.set(machine, scope);
  }
  return scope;
}

/** The outcome of an event at a snapshot (pure): the step it takes, or why it cannot be taken. */
export function outcomeAt(
  compiled: CompiledScenario,
  snapshot: RunSnapshot,
  event: RunEvent,
): ChoiceOutcome | ChoiceRefusal {
  const ctx = snapshot.context;
  return takeChoice(
    compiled.rules,
    { node: stateId(snapshot), meters: ctx.meters, flags: ctx.flags, rng: ctx.rng },
    event.type === 'CHOOSE' ? event.choice : undefined,
    event.type === 'TIMEOUT',
  );
}

/** The snapshot after an event whose outcome at this snapshot is already known (pure; see `outcomeAt`). */
export function stepSnapshot(
  compiled: CompiledScenario,
  snapshot: RunSnapshot,
  event: RunEvent,
  outcome: ChoiceOutcome,
): RunSnapshot {
  return compiled.machine.transition(snapshot, { ...event, outcome }, inertScope(compiled.machine));
}

/**
 * The machine's snapshot for a node or ending and a context (pure): an ending comes back done, as
 * after a transition into it. Replays fold the rules step by step and ask for this once at the end.
 */
export function snapshotAt(compiled: CompiledScenario, at: string, context: RunContext): RunSnapshot {
  return compiled.machine.resolveState({ value: at, context }) as RunSnapshot;
}

/** The next snapshot after an event (pure); an event the current node cannot take leaves it unchanged. */
export function nextSnapshot(compiled: CompiledScenario, snapshot: RunSnapshot, event: RunEvent): RunSnapshot {
  if (snapshot.status === 'done') return snapshot;
  const outcome = outcomeAt(compiled, snapshot, event);
  return isRefusal(outcome) ? snapshot : stepSnapshot(compiled, snapshot, event, outcome);
}

/** The id of the node or ending a snapshot is at. */
export function stateId(snapshot: RunSnapshot): string {
  return String(snapshot.value);
}
