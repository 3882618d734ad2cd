/**
 * The small typed API the game and the CLI use to play a scenario. A `Run` holds an XState
 * snapshot and advances it with the pure `transition`; it never touches the DOM or the clock.
 */
import type { Choice, Ending, ScenarioNode, ReplayFile } from '../scenario/schema.ts';
import { REPLAY_FORMAT } from '../scenario/format.ts';
import {
  initialSnapshot,
  outcomeAt,
  pathSteps,
  stepSnapshot,
  stateId,
  type CompiledScenario,
  type RunSnapshot,
  type TrailStep,
} from './machine.ts';
import { isRefusal, visibleChoices as rulesVisibleChoices } from './rules.ts';

/** Thrown when a choice cannot be taken here (unknown, hidden, or no time limit for a timeout). */
export class ChoiceError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ChoiceError';
  }
}

/** A playthrough of one compiled scenario from one seed. */
export class Run {
  private snap: RunSnapshot;
  /** The player's name or class code, written into the replay file (the debrief's hand-in sets it). */
  player: string | undefined;

  constructor(
    readonly compiled: CompiledScenario,
    readonly seed: number,
    snapshot?: RunSnapshot,
    /** One token per playthrough, shared by the Runs `continued()` makes (saves keep one key per playthrough). */
    readonly playthrough: object = {},
  ) {
    this.snap = snapshot ?? initialSnapshot(compiled, seed);
  }

  /** A new Run at this state, of the same playthrough: for owners that never change a Run once shown. */
  continued(): Run {
    const next = new Run(this.compiled, this.seed, this.snap, this.playthrough);
    next.player = this.player;
    return next;
  }

  /** The current XState snapshot (read-only view for tools). */
  get snapshot(): RunSnapshot {
    return this.snap;
  }

  /** The id of the current node, or of the ending when the run has ended. */
  get at(): string {
    return stateId(this.snap);
  }

  /** The current decision point, or undefined once ended. */
  get node(): ScenarioNode | undefined {
    return this.compiled.rules.nodes.get(this.at)?.node;
  }

  /** Whether the run has reached an ending. */
  get ended(): boolean {
    return this.snap.status === 'done';
  }

  /** The ending reached, if any. */
  get ending(): Ending | undefined {
    return this.compiled.rules.endings.get(this.at);
  }

  /** Current meter values by id (hidden meters included; the view decides what to show). */
  get meters(): Readonly<Record<string, number>> {
    return this.snap.context.meters;
  }

  /** Flags currently set, sorted. */
  get flags(): readonly string[] {
    return this.snap.context.flags;
  }

  /** Every step taken so far, with the state after each. */
  get trail(): readonly TrailStep[] {
    return pathSteps(this.snap.context.path);
  }

  /** The choices the player sees now, in file order (none once ended). */
  visibleChoices(): Choice[] {
    if (this.ended) return [];
    return rulesVisibleChoices(this.compiled.rules, this.at, this.snap.context.meters, this.snap.context.flags).map(
      (c) => c.choice,
    );
  }

  /** Take a visible choice. Throws ChoiceError for an unknown or hidden one. Returns the step taken. */
  choose(choice: string, ms?: number): TrailStep {
    return this.send({ type: 'CHOOSE', choice, ...(ms !== undefined ? { ms } : {}) });
  }

  /** Let the node's time run out: takes its `onTimeout` choice. */
  timeout(ms?: number): TrailStep {
    return this.send({ type: 'TIMEOUT', ...(ms !== undefined ? { ms } : {}) });
  }

  private send(event: { type: 'CHOOSE'; choice: string; ms?: number } | { type: 'TIMEOUT'; ms?: number }): TrailStep {
    if (this.ended) throw new ChoiceError(`the run has already ended at "${this.at}"`, 'ended');
    const ctx = this.snap.context;
    const outcome = outcomeAt(this.compiled, this.snap, event);
    if (isRefusal(outcome)) throw new ChoiceError(outcome.message, outcome.error);
    const next = stepSnapshot(this.compiled, this.snap, event, outcome);
    if (next.context.path === ctx.path || !next.context.path)
      throw new ChoiceError(`the machine did not take ${event.type} at "${this.at}"`, 'not-taken');
    this.snap = next;
    return next.context.path.step;
  }

  /** The run as a `crisis-room-replay/1` file (`player` defaults to the run's own). */
  record(player: string | undefined = this.player): ReplayFile {
    const s = this.compiled.scenario;
    return {
      format: REPLAY_FORMAT,
      scenario: { id: s.id, version: s.version, sha256: this.compiled.sha256 },
      seed: this.seed,
      steps: this.trail.map((t) => ({
        node: t.node,
        choice: t.choice,
        ...(t.timeout ? { timeout: true } : {}),
        ...(t.ms !== undefined ? { ms: t.ms } : {}),
      })),
      ...(this.ended ? { ending: this.at } : {}),
      ...(player ? { player } : {}),
    };
  }
}

/** How a run starts: at the scenario's `start` unless `startAt` names another node (a test run). */
export interface StartOptions {
  startAt?: string;
}

/** Start a run of a compiled scenario with a seed (an integer 0..4294967295). */
export function startRun(compiled: CompiledScenario, seed: number, opts: StartOptions = {}): Run {
  if (opts.startAt === undefined) return new Run(compiled, seed >>> 0);
  return new Run(compiled, seed >>> 0, initialSnapshot(compiled, seed >>> 0, opts.startAt));
}

/** A fresh random seed for a new game (the shells call this; the engine never does). */
export function randomSeed(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return buf[0]!;
}
