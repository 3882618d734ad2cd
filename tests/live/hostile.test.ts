/**
 * Hostile clients against a real live server process: malformed and oversized messages, forged
 * session and participant ids, replayed intents, a join flood, and a student sending the
 * teacher's commands. Each is refused, the session's log gains nothing, and the class goes on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'colyseus.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleView, PhoneView } from '../../src/live-session/views.ts';
import { connect, openClass, startServer, tempDir, until, type ServerProcess, type Tester } from './support.ts';

let server: ServerProcess;
let data: { dir: string; cleanup(): void };
let code: string;
let teacher: Tester<ConsoleView>;
let ana: Tester<PhoneView>;
let ben: Tester<PhoneView>;

/** Number of entries in the session's log file. */
function logLength(): number {
  const dir = path.join(data.dir, 'sessions');
  const file = readdirSync(dir).find((f) => f.endsWith('.jsonl'))!;
  return readFileSync(path.join(dir, file), 'utf8').trim().split('\n').length;
}

/** What must not change: the console's seats, students and status. */
const state = (v: ConsoleView) => ({
  seats: v.seats,
  students: v.students.map((s) => [s.name, s.seat]),
  status: v.status,
});

/** Run an attack, then check it was refused with `reason`, and that neither the log nor the session changed. */
async function refused(attacker: Tester<PhoneView | ConsoleView>, attack: () => void, reason: RegExp): Promise<void> {
  const log = logLength();
  const before = state(teacher.latest());
  const seen = attacker.refusals.length;
  attack();
  await until(() => attacker.refusals.length > seen, `a refusal matching ${reason}`);
  expect(attacker.refusals.at(-1)).toMatch(reason);
  expect(logLength()).toBe(log);
  expect(state(teacher.latest())).toEqual(before);
}

beforeAll(async () => {
  data = tempDir('crisis-hostile-');
  server = await startServer({
    CRISIS_ROOM_DATA: data.dir,
    CRISIS_ROOM_JOIN_BURST: '20',
    CRISIS_ROOM_JOINS_PER_SECOND: '0.001',
  });
  const opened = await openClass(server.base, { file: 'scenarios/examples/template.yaml', timer: 'off' });
  code = opened.code;
  teacher = await connect<ConsoleView>(server.base, code, { teacher: opened.teacherSecret });
  ana = await connect<PhoneView>(server.base, code, { name: 'Ana' });
  ben = await connect<PhoneView>(server.base, code, { name: 'Ben' });
  teacher.link.send({ type: 'start' });
  await ana.waitView((v) => v.screen === 'room', 'the first decision');
  ana.link.send({ type: 'back', choice: 'clear' });
  await teacher.waitView((v) => v.seats[0]?.backing === 'clear', 'the first backing');
});

afterAll(async () => {
  for (const t of [teacher, ana, ben]) await t?.link.close();
  await server?.stop();
  data?.cleanup();
});

describe('hostile live-class clients', () => {
  it('refuses malformed messages and unknown message types', async () => {
    await refused(ana, () => ana.link.sendRaw('intent', { type: 'back' }), /not a valid message/);
    await refused(ana, () => ana.link.sendRaw('intent', 'DROP TABLE'), /not a valid message/);
    await refused(ana, () => ana.link.sendRaw('intent', { type: 'back', n: 1e3, choice: '<b>x</b>' }), /not a valid/);
    await refused(ana, () => ana.link.sendRaw('admin', { everything: true }), /unknown message type/);
  });

  it('refuses a message naming another seat or participant (forged ids)', async () => {
    const benId = ben.latest().me.id;
    await refused(
      ana,
      () => ana.link.sendRaw('intent', { type: 'back', n: 500, choice: 'talk', pid: benId }),
      /not a valid/,
    );
    await refused(
      ana,
      () => ana.link.sendRaw('intent', { type: 'back', n: 501, choice: 'talk', seat: 'treasurer' }),
      /not a valid/,
    );
    // Joining as Ben without Ben's token, or a session that does not exist, is refused.
    const c = new Client(`${server.base.replace('http', 'ws')}/live`);
    await expect(c.joinById(code, { rejoin: { pid: benId, token: 'x'.repeat(24) } })).rejects.toThrow(
      /not a participant/,
    );
    await expect(c.joinById('ACDEFG', { name: 'Eve' })).rejects.toThrow(/not found/);
    const ready = await fetch(`${server.base}/live/api/sessions/ACDEFG/ready`, { method: 'POST' });
    expect(ready.status).toBe(404);
    // Rooms are opened only through the API: the matchmaker's create is not exposed.
    await expect(c.create('class', { sessionId: 'anything', restore: true })).rejects.toThrow();
  });

  it('refuses a replayed intent', async () => {
    const n = ana.latest().me.lastN;
    await refused(ana, () => ana.link.sendRaw('intent', { type: 'back', n, choice: 'talk' }), /already received/);
    await refused(ana, () => ana.link.sendRaw('intent', { type: 'back', n: 1, choice: 'talk' }), /already received/);
  });

  it('refuses a student sending the teacher’s commands or deciding for the President', async () => {
    await refused(ana, () => ana.link.sendRaw('intent', { type: 'pause', n: 900 }), /not a valid message/);
    await refused(ana, () => ana.link.sendRaw('intent', { type: 'end', n: 901 }), /not a valid message/);
    await refused(ana, () => ana.link.send({ type: 'decide', choice: 'talk' }), /only the President decides/);
    const c = new Client(`${server.base.replace('http', 'ws')}/live`);
    await expect(c.joinById(code, { teacher: 'a-guessed-teacher-secret-1234' })).rejects.toThrow(
      /wrong teacher secret/,
    );
    await expect(c.joinById(code, { projector: 'a-guessed-projector-key-12345' })).rejects.toThrow(
      /wrong projector key/,
    );
    // The phone never received the teacher's secret or another seat's brief.
    expect(JSON.stringify(ana.views)).not.toMatch(/teacherHash|tokenHash|teacherSecret/);
  });

  it('refuses oversized messages and over-long arguments', async () => {
    await refused(ana, () => ana.link.send({ type: 'argue', text: 'x'.repeat(281) }), /not a valid message/);
    // A frame over the socket's 4 KB limit closes that socket; the phone comes back to its seat.
    const log = logLength();
    const seat = ana.latest().seat?.id;
    ana.link.sendRaw('intent', { type: 'argue', n: 999, text: 'x'.repeat(20_000) });
    await until(() => ana.link.state === 'reconnecting' || ana.link.state === 'connected', 'the drop');
    await until(() => ana.link.state === 'connected', 'the phone back');
    expect(logLength()).toBe(log);
    const v = await ana.waitView((x) => x.screen === 'room', 'the room again');
    expect(v.seat?.id).toBe(seat);
  });

  it('refuses a join flood and the session goes on', async () => {
    const c = new Client(`${server.base.replace('http', 'ws')}/live`);
    const tries = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => c.joinById(code, { name: `Bot ${i}` })),
    );
    const joined = tries.filter((t) => t.status === 'fulfilled');
    const refusedJoins = tries.filter((t) => t.status === 'rejected');
    expect(refusedJoins.length).toBeGreaterThan(30);
    for (const r of refusedJoins)
      expect(String((r as PromiseRejectedResult).reason)).toMatch(/too many people are joining/);
    // A burst of 20 names per session, refilled at one every 1,000 s here: two were Ana and Ben.
    expect(joined.length).toBeLessThanOrEqual(18);
    for (const j of joined) await (j as PromiseFulfilledResult<{ leave(): Promise<unknown> }>).value.leave();
    // The class goes on: Ben backs, the teacher decides, everyone reads the outcome.
    ben.link.send({ type: 'back', choice: 'talk' });
    await teacher.waitView((v) => v.seats[1]?.backing === 'talk', 'Ben’s backing');
    teacher.link.send({ type: 'decide', choice: 'talk' });
    const outcome = await ana.waitView((v) => v.screen === 'outcome', 'the outcome');
    expect(outcome.outcome?.label).toBe('Invite the union to talks');
  });
});
