/**
 * Opening a session: the teacher's scenario is checked with the same checker as the game's, and
 * the `open` entry written; loading one folds its log back into a `ClassSession`.
 */
import { compileScenario, type CompiledScenario } from '../engine/machine.ts';
import { ClassSession } from '../live-session/class-session.ts';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, type OpenEntry } from '../live-session/log.ts';
import { formatDiagnostic } from '../scenario/diagnostics.ts';
import { validateScenarioText } from '../scenario/validate.ts';
import { randomBytes } from 'node:crypto';
import type { OpenRequest } from './intents.ts';
import { hashSecret, randomToken } from './secrets.ts';
import type { SessionStore } from './session-store.ts';

/** Thrown when a scenario the teacher sends does not pass the checker. */
export class ScenarioRefused extends Error {}

/** Compile the scenario an `open` entry carries (throws ScenarioRefused with the checker's first error). */
export function compileOpen(open: Pick<OpenEntry, 'scenarioText' | 'fileName'>): CompiledScenario {
  const { loaded, diagnostics } = validateScenarioText(open.scenarioText, open.fileName);
  if (!loaded) {
    const first = diagnostics.find((d) => d.severity === 'error');
    throw new ScenarioRefused(first ? formatDiagnostic(first) : `${open.fileName}: not a scenario`);
  }
  return compileScenario(loaded.scenario, loaded);
}

/** A fresh join code (6 characters without look-alikes). */
export function newJoinCode(): string {
  const bytes = randomBytes(JOIN_CODE_LENGTH);
  return [...bytes].map((b) => JOIN_CODE_ALPHABET[b % JOIN_CODE_ALPHABET.length]).join('');
}

/** What the teacher gets back: the code, and the two secrets (shown once, never logged). */
export interface OpenedSession {
  sessionId: string;
  code: string;
  teacherSecret: string;
  projectorKey: string;
}

/** Check the scenario and write a new session's `open` entry. */
export async function openSession(store: SessionStore, req: OpenRequest, now: number): Promise<OpenedSession> {
  compileOpen(req);
  let code = newJoinCode();
  for (let i = 0; i < 20 && (await store.findByCode(code)); i++) code = newJoinCode();
  const sessionId = randomToken(12);
  const teacherSecret = randomToken(24);
  const projectorKey = randomToken(24);
  const seed = req.seed ?? randomBytes(4).readUInt32BE(0);
  const entry: OpenEntry = {
    t: 'open',
    at: now,
    sessionId,
    code,
    mode: req.mode,
    seed,
    timer: req.timer,
    scenarioText: req.scenarioText,
    fileName: req.fileName,
    teacherHash: hashSecret(teacherSecret),
    projectorHash: hashSecret(projectorKey),
  };
  await store.append(sessionId, [entry]);
  return { sessionId, code, teacherSecret, projectorKey };
}

/** Fold a session's log back into the session (throws when there is none). */
export async function loadSession(store: SessionStore, sessionId: string): Promise<ClassSession> {
  const entries = await store.read(sessionId);
  if (entries.length === 0) throw new Error(`no session "${sessionId}"`);
  return ClassSession.fold(entries, compileOpen);
}
