/**
 * Replay files (`crisis-room-replay/1`): verify one against a scenario by folding its steps over
 * the initial snapshot with XState's pure `transition`. Reading a replay text (yaml, zod) is
 * replay-file.ts, so the game's saves can verify a run without loading the parsers at start-up.
 */
import type { ReplayFile } from '../scenario/schema.ts';
import { initialSnapshot, nextSnapshot, stateId, type CompiledScenario } from './machine.ts';
import { isRefusal, takeChoice } from './rules.ts';
import { Run } from './run.ts';

/** The result of checking a replay against a scenario. */
export type ReplayCheck =
  | { ok: true; run: Run; warnings: string[] }
  | {
      ok: false;
      message: string /** 0-based index of the first step that differs, when a step does. */;
      step?: number;
    };

/** Re-play every step from the seed, checking each `node` and the `ending`. */
export function verifyReplay(compiled: CompiledScenario, replay: ReplayFile): ReplayCheck {
  const s = compiled.scenario;
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
  let snap = initialSnapshot(compiled, replay.seed);
  for (let i = 0; i < replay.steps.length; i++) {
    const step = replay.steps[i]!;
    const label = `step ${i + 1}`;
    const at = stateId(snap);
    if (snap.status === 'done') {
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
    const ctx = snap.context;
    const node = compiled.rules.nodes.get(at)!.node;
    if (step.timeout && node.onTimeout !== step.choice) {
      return {
        ok: false,
        step: i,
        message: node.onTimeout
          ? `${label} differs: it timed out, so the choice must be the node's onTimeout "${node.onTimeout}", not "${step.choice}"`
          : `${label} differs: node "${at}" has no time limit, but the step says it timed out`,
      };
    }
    const check = takeChoice(
      compiled.rules,
      { node: at, meters: ctx.meters, flags: ctx.flags, rng: ctx.rng },
      step.choice,
      !!step.timeout,
    );
    if (isRefusal(check)) return { ok: false, step: i, message: `${label} differs: ${check.message}` };
    snap = nextSnapshot(
      compiled,
      snap,
      step.timeout
        ? { type: 'TIMEOUT', ...(step.ms !== undefined ? { ms: step.ms } : {}) }
        : { type: 'CHOOSE', choice: step.choice, ...(step.ms !== undefined ? { ms: step.ms } : {}) },
    );
  }
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
