/**
 * Autosaves: one per run (a new game, a branch, a restart), shaped like a replay (seed + steps) with
 * the scenario's sha256 beside it. Restoring re-plays the steps with `verifyReplay`, and is refused
 * when the scenario file changed since the save (the player is offered a fresh start instead).
 * Each run has its own key, and each tab remembers (in sessionStorage) which run it plays, so two
 * tabs of one scenario never overwrite or resume each other's game. A save that cannot be read is
 * reported as damaged (to remove or export), never thrown on; a failed write is reported.
 */
import type { CompiledScenario } from '../../engine/machine.ts';
import { verifyReplay } from '../../engine/replay.ts';
import type { Run } from '../../engine/run.ts';
import { REPLAY_FORMAT } from '../../scenario/format.ts';
import type { ReplayStep } from '../../scenario/schema.ts';
import { keysWithPrefix, readJson, readRaw, removeKey, writeJson } from './local.ts';

/** The save format version; bump it when the shape changes (older saves are then ignored). */
export const SAVE_VERSION = 1;
/** Saves kept per scenario (the most recent runs): older ones are dropped so storage does not fill up. */
export const SAVES_KEPT = 5;

/** One autosave. */
export interface SaveFile {
  version: typeof SAVE_VERSION;
  scenario: { id: string; version: string; sha256: string };
  seed: number;
  steps: ReplayStep[];
  savedAt: string;
  /** The run this save belongs to (absent in saves made before runs had ids). */
  runId?: string;
  /** Milliseconds left on the current decision's countdown when the game was last saved (absent: the full time). */
  timeLeftMs?: number;
}

const prefixFor = (scenarioId: string) => `crisis-room:save:v${SAVE_VERSION}:${scenarioId}`;
const keyFor = (scenarioId: string, runId: string) => `${prefixFor(scenarioId)}:${runId}`;
const TAB_KEY = 'crisis-room:tab-runs';

/** The save key of each playthrough (`Run.playthrough`: a stepped copy of a run saves under the same key). */
const runIds = new WeakMap<object, string>();
let failureListener: ((message: string) => void) | undefined;

/** Be told, in words for the player, whenever a save could not be written (storage full or off). */
export function onSaveFailure(listener: ((message: string) => void) | undefined): void {
  failureListener = listener;
}

function newRunId(): string {
  const c = globalThis.crypto;
  return c?.randomUUID ? c.randomUUID().slice(0, 8) : Math.floor(Math.random() * 0xffffffff).toString(16);
}

/** The runs this tab plays, by scenario id (sessionStorage: per tab, kept across reloads). */
function tabRuns(): Record<string, string> {
  try {
    const v: unknown = JSON.parse(globalThis.sessionStorage?.getItem(TAB_KEY) ?? '{}');
    return v && typeof v === 'object' ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function setTabRun(scenarioId: string, runId: string): void {
  try {
    globalThis.sessionStorage?.setItem(TAB_KEY, JSON.stringify({ ...tabRuns(), [scenarioId]: runId }));
  } catch {
    /* no sessionStorage: this tab then continues the most recent save */
  }
}

function isStep(v: unknown): v is ReplayStep {
  if (!v || typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  return (
    typeof s.node === 'string' &&
    typeof s.choice === 'string' &&
    (s.timeout === undefined || typeof s.timeout === 'boolean') &&
    (s.ms === undefined || typeof s.ms === 'number')
  );
}

/** A stored save read back: whole, or damaged (with its raw text, to export). */
type StoredSave = { key: string; save: SaveFile } | { key: string; damaged: true; raw: string };

function readSave(key: string): StoredSave | undefined {
  const raw = readRaw(key);
  if (raw === undefined) return undefined;
  const v = readJson(key);
  const s = (v && typeof v === 'object' ? v : {}) as Partial<SaveFile>;
  // A save of another format version is not damaged, just not ours to read.
  if (v && typeof v === 'object' && s.version !== undefined && s.version !== SAVE_VERSION) return undefined;
  const whole =
    s.version === SAVE_VERSION &&
    !!s.scenario &&
    typeof s.scenario === 'object' &&
    typeof s.scenario.sha256 === 'string' &&
    typeof s.seed === 'number' &&
    Array.isArray(s.steps) &&
    s.steps.every(isStep);
  return whole ? { key, save: s as SaveFile } : { key, damaged: true, raw };
}

/** The key a compiled scenario's saves are kept under: its id, or its own key when it is a copy of a built-in. */
export function saveIdOf(compiled: CompiledScenario): string {
  return compiled.saveKey ?? compiled.scenario.id;
}

/** Every save of a scenario, most recent first (damaged ones last). */
function savesOf(scenarioId: string): StoredSave[] {
  const prefix = prefixFor(scenarioId);
  const keys = keysWithPrefix(prefix).filter((k) => k === prefix || k.startsWith(`${prefix}:`));
  const all = keys.map(readSave).filter((x): x is StoredSave => !!x);
  const at = (x: StoredSave) => ('save' in x ? x.save.savedAt : '');
  return all.sort((a, b) => (at(a) < at(b) ? 1 : at(a) > at(b) ? -1 : 0));
}

/** The save this tab would continue: its own run's, else the most recent one. */
function currentSave(scenarioId: string): StoredSave | undefined {
  const all = savesOf(scenarioId);
  const mine = tabRuns()[scenarioId];
  return (mine && all.find((x) => 'save' in x && x.save.runId === mine)) || all[0];
}

/** Save a run (called after every choice) under its own key. Returns false, and tells the listener, when storage refused it. */
export function saveRun(run: Run): boolean {
  const r = run.record();
  const saveId = saveIdOf(run.compiled);
  let runId = runIds.get(run.playthrough);
  if (!runId) {
    runId = newRunId();
    runIds.set(run.playthrough, runId);
  }
  const save: SaveFile = {
    version: SAVE_VERSION,
    scenario: r.scenario,
    seed: r.seed,
    steps: r.steps,
    savedAt: new Date().toISOString(),
    runId,
  };
  const key = keyFor(saveId, runId);
  let ok = writeJson(key, save);
  if (!ok) {
    // Full storage: make room by dropping this scenario's older runs, then try once more.
    for (const old of savesOf(saveId).slice(1)) if (old.key !== key) removeKey(old.key);
    ok = writeJson(key, save);
  }
  if (!ok) {
    failureListener?.(
      "Your game could not be saved: the browser's storage is full or turned off. You can play on, but Continue will not bring this game back.",
    );
    return false;
  }
  setTabRun(saveId, runId);
  for (const old of savesOf(saveId).slice(SAVES_KEPT)) if (old.key !== key) removeKey(old.key);
  return true;
}

/** Remember the time left on the current decision's countdown in the save this tab would continue (if it has one). */
export function saveTimeLeft(scenarioId: string, timeLeftMs: number | undefined): boolean {
  const s = currentSave(scenarioId);
  if (!s || !('save' in s)) return false;
  const save = s.save;
  if (timeLeftMs === undefined) delete save.timeLeftMs;
  else save.timeLeftMs = Math.max(0, Math.round(timeLeftMs));
  return writeJson(s.key, save);
}

/** The save of a scenario this tab would continue, if there is a readable one of this version. */
export function loadSave(scenarioId: string): SaveFile | undefined {
  const s = currentSave(scenarioId);
  return s && 'save' in s ? s.save : undefined;
}

/** The raw text of the save this tab would continue (to export a damaged one), or undefined. */
export function exportSave(scenarioId: string): string | undefined {
  const s = currentSave(scenarioId);
  return s ? ('raw' in s ? s.raw : JSON.stringify(s.save, null, 2)) : undefined;
}

/** Forget the save this tab would continue (the one the title screen shows). */
export function clearSave(scenarioId: string): void {
  const s = currentSave(scenarioId);
  if (s) removeKey(s.key);
}

/** The result of restoring a save. */
export type RestoreResult =
  | { ok: true; run: Run; timeLeftMs?: number }
  | { ok: false; reason: 'missing' | 'changed' | 'invalid' | 'damaged'; message: string };

/** Whether a save exists and was made with exactly this scenario file ('damaged' when it cannot be read). */
export function saveStatus(compiled: CompiledScenario): 'none' | 'ok' | 'changed' | 'damaged' {
  const s = currentSave(saveIdOf(compiled));
  if (!s) return 'none';
  if (!('save' in s)) return 'damaged';
  return s.save.scenario.sha256 === compiled.sha256 ? 'ok' : 'changed';
}

/** Rebuild the saved run by re-playing its steps; refuses a save of a different scenario file, or a damaged one. */
export function restoreSave(compiled: CompiledScenario): RestoreResult {
  const s = currentSave(saveIdOf(compiled));
  if (!s) return { ok: false, reason: 'missing', message: 'There is no saved game for this scenario.' };
  if (!('save' in s))
    return {
      ok: false,
      reason: 'damaged',
      message:
        'The saved game is damaged (it was changed or cut short outside the game), so it cannot be continued. Export it to keep it, or remove it and start a new game.',
    };
  const save = s.save;
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
  // Continuing keeps the run's key: its next saves replace this one, not another tab's.
  if (save.runId) {
    runIds.set(check.run.playthrough, save.runId);
    setTabRun(saveIdOf(compiled), save.runId);
  }
  const left = save.timeLeftMs;
  return typeof left === 'number' && Number.isFinite(left) && left >= 0
    ? { ok: true, run: check.run, timeLeftMs: left }
    : { ok: true, run: check.run };
}
