/**
 * Replay files (`crisis-room-replay/1`): verify one against a scenario by folding its steps over
 * the rules from the seed, into the machine's snapshot. Reading a replay text (yaml, zod) is
 * replay-file.ts, so the game's saves can verify a run without loading the parsers at start-up.
 */
import { LIMITS } from '../scenario/format.ts';
import type { ReplayFile } from '../scenario/schema.ts';
import { contextAfter, initialSnapshot, snapshotAt, stateId, type CompiledScenario } from './machine.ts';
import { isRefusal, takeChoice } from './rules.ts';
import { Run } from './run.ts';

/** The result of checking a replay against a scenario. */
export type ReplayCheck =
  | { ok: true; run: Run; warnings: string[] }
  | {
      ok: false;
      message: string /** 0-based index of the first step that differs, when a step does. */;
      step?: number;
      /** Set when the replay was refused for its cost, not for a step that differs. */
      rule?: 'limit-replay-work';
    };

/** Options for `verifyReplay`: the work budget (default LIMITS.replayWork). */
export interface VerifyOptions {
  maxWork?: number;
}

/** Re-play every step from the seed, checking each `node` and the `ending`. */
export function verifyReplay(compiled: CompiledScenario, replay: ReplayFile, opts: VerifyOptions = {}): ReplayCheck {
  const s = compiled.scenario;
  const maxWork = opts.maxWork ?? LIMITS.replayWork;
  let work = 0;
  const warnings: string[] = [];
  if (replay.scenario.id !== s.id) {
    return {
      ok: false,
      message: `this replay is for scenario "${replay.scenario.id}" (version ${replay.scenario.version}), not "${s.id}": load that scenario first`,
    };
  }
  if (replay.scenario.sha256 !== compiled.sha256) {
    warnings.push(
      `the replay was recorded on a different file of scenario "${s.id}" (version ${replay.scenario.version}, this is ${s.version}); it still fits and is played`,
    );
  }
  // The steps fold over the rules (each outcome worked out once), and the machine resolves the state
  // reached once at the end: XState's transition alone costs more per step than this whole goal allows.
  const first = initialSnapshot(compiled, replay.seed);
  let at = stateId(first);
  let ctx = first.context;
  for (let i = 0; i < replay.steps.length; i++) {
    const step = replay.steps[i]!;
    const label = `step ${i + 1}`;
    if (compiled.rules.endings.has(at)) {
      return {
        ok: false,
        step: i,
        message: `${label} differs: the run already ended at "${at}", but the replay goes on at node "${step.node}"`,
      };
    }
    if (at !== step.node) {
      return {
        ok: false,
        step: i,
        message: `${label} differs: the replay says node "${step.node}", but playing from seed ${replay.seed} reaches node "${at}"`,
      };
    }
    const compiledNode = compiled.rules.nodes.get(at)!;
    const node = compiledNode.node;
    // Each step costs at most its node's conditions: steps x step cost is bounded before it is paid.
    work += compiledNode.cost;
    if (work > maxWork) {
      return {
        ok: false,
        step: i,
        rule: 'limit-replay-work',
        message: `${label} goes over the work a replay may cost: re-playing it tests more than ${maxWork.toLocaleString('en')} conditions, choices and branches (node "${at}" costs ${compiledNode.cost.toLocaleString('en')} a step, and the replay has ${replay.steps.length.toLocaleString('en')} steps)`,
      };
    }
    if (step.timeout && node.onTimeout !== step.choice) {
      return {
        ok: false,
        step: i,
        message: node.onTimeout
          ? `${label} differs: it timed out, so the choice must be the node's onTimeout "${node.onTimeout}", not "${step.choice}"`
          : `${label} differs: node "${at}" has no time limit, but the step says it timed out`,
      };
    }
    const outcome = takeChoice(
      compiled.rules,
      { node: at, meters: ctx.meters, flags: ctx.flags, rng: ctx.rng },
      step.choice,
      !!step.timeout,
    );
    if (isRefusal(outcome)) return { ok: false, step: i, message: `${label} differs: ${outcome.message}` };
    ctx = contextAfter(ctx, outcome, step.ms);
    at = outcome.target;
  }
  const snap = replay.steps.length > 0 ? snapshotAt(compiled, at, ctx) : first;
  const end = stateId(snap);
  if (replay.ending !== undefined) {
    if (snap.status !== 'done') {
      return {
        ok: false,
        step: replay.steps.length,
        message: `step ${replay.steps.length + 1} differs: the replay has no step ${replay.steps.length + 1} and says it ended at "${replay.ending}", but playing from seed ${replay.seed} is still at node "${end}"`,
      };
    }
    if (end !== replay.ending) {
      return {
        ok: false,
        step: replay.steps.length,
        message: `the ending differs: the replay says ending "${replay.ending}", but its steps reach ending "${end}"`,
      };
    }
  }
  return { ok: true, run: new Run(compiled, replay.seed, snap), warnings };
}
