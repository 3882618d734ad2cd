/**
 * Everything a live-class client may send, as zod schemas: the room refuses any message that does
 * not parse (unknown keys included, so a message can never name the seat or participant it acts
 * for: the server knows who sent it). Every intent carries `n`, a number that grows with each
 * intent from that client, so a replayed message is refused.
 */
import { z } from 'zod';
import { ID_PATTERN } from '../scenario/format.ts';
import { JOIN_CODE_PATTERN, LIVE_LIMITS } from '../live-session/log.ts';

const n = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const choice = z.string().regex(ID_PATTERN);
const pid = z.string().regex(/^[A-Za-z0-9_-]{6,32}$/);

/** A participant's intents (a phone). */
export const StudentIntent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('back'), n, choice }),
  z.strictObject({ type: z.literal('argue'), n, text: z.string().max(LIVE_LIMITS.argumentChars) }),
  z.strictObject({ type: z.literal('vote'), n, choice }),
  z.strictObject({ type: z.literal('decide'), n, choice }),
  z.strictObject({ type: z.literal('choose'), n, choice }),
  z.strictObject({ type: z.literal('continue'), n }),
]);
/** A parsed participant intent. */
export type StudentIntent = z.infer<typeof StudentIntent>;

/** The teacher's commands (the console; only a client that joined with the teacher's secret). */
export const TeacherIntent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), n }),
  z.strictObject({ type: z.literal('pause'), n }),
  z.strictObject({ type: z.literal('resume'), n }),
  z.strictObject({ type: z.literal('add-minute'), n }),
  z.strictObject({ type: z.literal('end'), n }),
  z.strictObject({ type: z.literal('delete'), n }),
  z.strictObject({ type: z.literal('vote-open'), n }),
  z.strictObject({ type: z.literal('vote-close'), n }),
  z.strictObject({ type: z.literal('decide'), n, choice }),
  z.strictObject({ type: z.literal('continue'), n }),
  z.strictObject({ type: z.literal('seat'), n, pid, seat: choice }),
  z.strictObject({ type: z.literal('president'), n, pid: pid.nullable() }),
  z.strictObject({ type: z.literal('hide'), n, names: z.boolean(), arguments: z.boolean() }),
]);
/** A parsed teacher command. */
export type TeacherIntent = z.infer<typeof TeacherIntent>;

const secret = z.string().min(16).max(64);

/** What a client sends to join a session's room: a new name, a participant coming back, the teacher, or the projector. */
export const JoinOptions = z.union([
  z.strictObject({ name: z.string().trim().min(1).max(LIVE_LIMITS.nameChars) }),
  z.strictObject({ rejoin: z.strictObject({ pid, token: secret }) }),
  z.strictObject({ teacher: secret }),
  z.strictObject({ projector: secret }),
]);
/** Parsed join options. */
export type JoinOptions = z.infer<typeof JoinOptions>;

/** The teacher's request to open a session (POST /live/api/sessions). */
export const OpenRequest = z.strictObject({
  scenarioText: z.string().min(1),
  fileName: z.string().min(1).max(200),
  mode: z.enum(['committee', 'everyone']),
  timer: z.enum(['normal', 'double', 'off']),
  seed: z.number().int().min(0).max(4294967295).optional(),
});
/** A parsed open request. */
export type OpenRequest = z.infer<typeof OpenRequest>;

/** A join code as typed (upper-cased and trimmed first). */
export const JoinCode = z.string().regex(JOIN_CODE_PATTERN);
