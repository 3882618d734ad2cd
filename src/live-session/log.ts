/**
 * The live class's session log: every accepted event, in order, each with the server's time.
 * A session is a fold of its log (class-session.ts), the way a run is a fold of its replay steps,
 * so a restarted server rebuilds every open session from its log alone. Pure data: no I/O here.
 */

/** The session file's format tag (docs/scenario-format.md, "Session files"). */
export const SESSION_FORMAT = 'crisis-room-session/1';

/** The two live modes: the class is the advisor room, or every student plays their own run. */
export type LiveMode = 'committee' | 'everyone';

/** The teacher's timer setting for the whole session (the game's own setting's values). */
export type LiveTimer = 'normal' | 'double' | 'off';

/** The first entry of every log: what the session plays and how. */
export interface OpenEntry {
  t: 'open';
  at: number;
  sessionId: string;
  code: string;
  mode: LiveMode;
  seed: number;
  timer: LiveTimer;
  /** The scenario file's text and name, as the teacher loaded it (validated by the server). */
  scenarioText: string;
  fileName: string;
  /** sha256 of the teacher's secret and of the projector's key (the secrets themselves are never stored). */
  teacherHash: string;
  projectorHash: string;
}

/**
 * Every other entry: who did what (pid = participant id; none for the teacher or the clock). `n`
 * is the sender's own intent number (it only grows: a replayed intent is refused).
 */
export type EventEntry = { n?: number } & (
  | { t: 'join'; at: number; pid: string; name: string; tokenHash: string }
  | { t: 'start'; at: number }
  | { t: 'seat'; at: number; pid: string; seat: string }
  | { t: 'president'; at: number; pid: string | null }
  | { t: 'back'; at: number; pid: string; choice: string; n: number }
  | { t: 'argue'; at: number; pid: string; text: string; n: number }
  | { t: 'vote-open'; at: number }
  | { t: 'vote'; at: number; pid: string; choice: string; n: number }
  | { t: 'vote-close'; at: number }
  | { t: 'decide'; at: number; pid: string | null; choice: string; n?: number }
  | { t: 'choose'; at: number; pid: string; choice: string; n: number }
  | { t: 'timeout'; at: number; pid?: string }
  | { t: 'continue'; at: number; pid?: string; n?: number }
  | { t: 'pause'; at: number }
  | { t: 'resume'; at: number }
  | { t: 'add-minute'; at: number }
  | { t: 'hide'; at: number; names: boolean; arguments: boolean }
  | { t: 'restored'; at: number; lastAlive: number }
  | { t: 'end'; at: number }
);

/** One line of a session log. */
export type LogEntry = OpenEntry | EventEntry;

/** Join codes: 6 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const JOIN_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
/** The join code's length. */
export const JOIN_CODE_LENGTH = 6;
/** A well-formed join code (upper case; the join page upper-cases what a student types). */
export const JOIN_CODE_PATTERN = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

/** Caps on what a participant writes (the server refuses longer; the phone's fields stop there). */
export const LIVE_LIMITS = {
  nameChars: 40,
  argumentChars: 280,
  participants: 250,
} as const;
