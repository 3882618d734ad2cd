/**
 * Autosaves: one per scenario id, shaped like a replay (seed + steps) with the scenario's sha256
 * beside it. Restoring re-plays the steps with `verifyReplay`, and is refused when the scenario file
 * changed since the save (the player is offered a fresh start instead).
 */
import type { CompiledScenario } from '../../engine/machine.ts';
import { verifyReplay } from '../../engine/replay.ts';
import type { Run } from '../../engine/run.ts';
import { REPLAY_FORMAT, type ReplayStep } from '../../scenario/schema.ts';
import { readJson, removeKey, writeJson } from './local.ts';

/** The save format version; bump it when the shape changes (older saves are then ignored). */
export const SAVE_VERSION = 1;

/** One autosave. */
export interface SaveFile {
  version: typeof SAVE_VERSION;
  scenario: { id: string; version: string; sha256: string };
  seed: number;
  steps: ReplayStep[];
  savedAt: string;
  /** Milliseconds left on the current decision's countdown when the game was last saved (absent: the full time). */
  timeLeftMs?: number;
}

const keyFor = (scenarioId: string) => `crisis-room:save:v${SAVE_VERSION}:${scenarioId}`;

/** Save a run (called after every choice). Returns false when storage refused it. */
export function saveRun(run: Run): boolean {
  const r = run.record();
  const save: SaveFile = {
    version: SAVE_VERSION,
    scenario: r.scenario,
    seed: r.seed,
    steps: r.steps,
    savedAt: new Date().toISOString(),
  };
  return writeJson(keyFor(r.scenario.id), save);
}

/** Remember the time left on the current decision's countdown in the scenario's save (if it has one). */
export function saveTimeLeft(scenarioId: string, timeLeftMs: number | undefined): boolean {
  const save = loadSave(scenarioId);
  if (!save) return false;
  if (timeLeftMs === undefined) delete save.timeLeftMs;
  else save.timeLeftMs = Math.max(0, Math.round(timeLeftMs));
  return writeJson(keyFor(scenarioId), save);
}

/** The save of a scenario, if there is a readable one of this version. */
export function loadSave(scenarioId: string): SaveFile | undefined {
  const raw = readJson(keyFor(scenarioId));
  if (!raw || typeof raw !== 'object') return undefined;
  const s = raw as Partial<SaveFile>;
  if (
    s.version !== SAVE_VERSION ||
    !s.scenario ||
    typeof s.scenario.sha256 !== 'string' ||
    typeof s.seed !== 'number' ||
    !Array.isArray(s.steps)
  )
    return undefined;
  return s as SaveFile;
}

/** Forget the save of a scenario. */
export function clearSave(scenarioId: string): void {
  removeKey(keyFor(scenarioId));
}

/** The result of restoring a save. */
export type RestoreResult =
  | { ok: true; run: Run; timeLeftMs?: number }
  | { ok: false; reason: 'missing' | 'changed' | 'invalid'; message: string };

/** Whether a save exists and was made with exactly this scenario file. */
export function saveStatus(compiled: CompiledScenario): 'none' | 'ok' | 'changed' {
  const save = loadSave(compiled.scenario.id);
  if (!save) return 'none';
  return save.scenario.sha256 === compiled.sha256 ? 'ok' : 'changed';
}

/** Rebuild the saved run by re-playing its steps; refuses a save of a different scenario file. */
export function restoreSave(compiled: CompiledScenario): RestoreResult {
  const save = loadSave(compiled.scenario.id);
  if (!save) return { ok: false, reason: 'missing', message: 'There is no saved game for this scenario.' };
  if (save.scenario.sha256 !== compiled.sha256) {
    return {
      ok: false,
      reason: 'changed',
      message:
        'The saved game was made with a different version of this scenario file, so it cannot be restored. Start a new game instead.',
    };
  }
  const check = verifyReplay(compiled, {
    format: REPLAY_FORMAT,
    scenario: save.scenario,
    seed: save.seed,
    steps: save.steps,
  });
  if (!check.ok)
    return {
      ok: false,
      reason: 'invalid',
      message: `The saved game could not be replayed (${check.message}). Start a new game instead.`,
    };
  const left = save.timeLeftMs;
  return typeof left === 'number' && Number.isFinite(left) && left >= 0
    ? { ok: true, run: check.run, timeLeftMs: left }
    : { ok: true, run: check.run };
}
