/**
 * Fault tests with real processes: the live server is killed with SIGKILL in the middle of a
 * decision and started again, and every phone, the console and the projector come back by
 * themselves to the same decision with the same seats, backings, arguments and time left (the
 * outage is not taken off the clock). Then two server processes sharing one Redis serve one class
 * with students joining through both, and the class survives the process holding its room dying.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleView, PhoneView, ProjectorView } from '../../src/live-session/views.ts';
import {
  connect,
  freePort,
  openClass,
  startRedis,
  startServer,
  tempDir,
  until,
  type ServerProcess,
  type Tester,
} from './support.ts';

const TEMPLATE = 'scenarios/examples/template.yaml';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Phone = Tester<PhoneView>;

/** Six phones, the console and the projector in one committee session, started and at node "deadline". */
async function committeeAtDeadline(bases: string[]) {
  const base = bases[0]!;
  const opened = await openClass(base, { file: TEMPLATE, timer: 'double', seed: 5 });
  const teacher = await connect<ConsoleView>(base, opened.code, { teacher: opened.teacherSecret });
  const projector = await connect<ProjectorView>(base, opened.code, { projector: opened.projectorKey });
  const phones: Phone[] = [];
  for (let i = 0; i < 6; i++)
    phones.push(await connect<PhoneView>(bases[i % bases.length]!, opened.code, { name: `Student ${i + 1}` }));
  for (const c of [teacher, projector, ...phones]) cleanups.push(() => c.link.close());
  teacher.link.send({ type: 'start' });
  await Promise.all(phones.map((p) => p.waitView((v) => v.screen === 'room', 'the first decision')));
  teacher.link.send({ type: 'decide', choice: 'talk' });
  await Promise.all(phones.map((p) => p.waitView((v) => v.screen === 'outcome', 'the outcome')));
  teacher.link.send({ type: 'continue' });
  await Promise.all(phones.map((p) => p.waitView((v) => v.node?.id === 'deadline', 'the timed decision')));
  // Two seats (chief, treasurer) for six phones: they alternate.
  expect(phones.map((p) => p.latest().seat?.id)).toEqual([
    'chief',
    'treasurer',
    'chief',
    'treasurer',
    'chief',
    'treasurer',
  ]);
  for (let i = 0; i < 3; i++) teacher.link.send({ type: 'add-minute' });
  phones[0]!.link.send({ type: 'back', choice: 'wait' });
  phones[1]!.link.send({ type: 'back', choice: 'offer' });
  phones[1]!.link.send({ type: 'argue', text: 'Pay them: every idle day costs the port more than the raise.' });
  const before = await teacher.waitView(
    (v) => v.seats[1]?.argument !== undefined && v.seats[0]?.backing === 'wait' && v.seats[1]?.backing === 'offer',
    'the backings and the argument on the console',
  );
  return { opened, teacher, projector, phones, before };
}

/** What must survive a crash, per phone. */
const seatOf = (v: PhoneView) => ({
  id: v.me.id,
  name: v.me.name,
  seat: v.seat?.id,
  node: v.node?.id,
  backing: v.myBacking,
  argument: v.myArgument,
});

describe('a live server killed with SIGKILL mid-decision', () => {
  it('comes back with every seat, backing, argument and the time left', async () => {
    const data = tempDir('crisis-live-');
    cleanups.push(data.cleanup);
    let server: ServerProcess = await startServer({ CRISIS_ROOM_DATA: data.dir });
    cleanups.push(() => server.stop());
    const { teacher, projector, phones, before } = await committeeAtDeadline([server.base]);
    const phonesBefore = phones.map((p) => seatOf(p.latest()));
    const leftBefore = before.time!.leftMs;
    expect(before.time!.running).toBe(true);
    expect(leftBefore).toBeGreaterThan(200_000); // 60 s doubled, plus three minutes added

    await server.crash();
    const down = Date.now();
    await new Promise((r) => setTimeout(r, 10_000));
    server = await startServer({ CRISIS_ROOM_DATA: data.dir }, server.port);
    const outage = Date.now() - down;

    // Every connection comes back by itself and gets a view of the restored session.
    const n = phones[0]!.views.length;
    await until(
      () => phones[0]!.views.length > n && phones.every((p) => p.link.state === 'connected'),
      'the phones to come back',
    );
    const after = await teacher.waitView(
      (v) => v.students.every((s) => s.connected) && v.students.length === 6,
      'the console back',
    );
    for (const [i, p] of phones.entries()) {
      await p.waitView((v) => v.node?.id === 'deadline', 'the same decision');
      expect(seatOf(p.latest()), `phone ${i + 1}`).toEqual(phonesBefore[i]);
    }
    expect(after.seats).toEqual(before.seats);
    expect(after.students.map((s) => [s.name, s.seat])).toEqual(before.students.map((s) => [s.name, s.seat]));
    // The clock did not run while the server was down (the outage was over ten seconds).
    expect(outage).toBeGreaterThan(10_000);
    expect(after.time!.leftMs).toBeGreaterThan(leftBefore - 5_000);
    expect(after.time!.leftMs).toBeLessThanOrEqual(leftBefore);
    const proj = await projector.waitView((v) => v.node?.id === 'deadline', 'the projector back');
    expect(proj.seats.map((s) => [s.id, s.backing, s.argument])).toEqual(
      before.seats.map((s) => [s.id, s.backing, s.argument]),
    );

    // The session goes on: a phone's next intent counts (its number continues), the teacher decides.
    phones[2]!.link.send({ type: 'back', choice: 'offer' });
    await teacher.waitView((v) => v.seats[0]?.backing === 'offer', 'a backing after the restart');
    teacher.link.send({ type: 'decide', choice: 'offer' });
    await Promise.all(phones.map((p) => p.waitView((v) => v.screen === 'outcome', 'the outcome after the restart')));
    teacher.link.send({ type: 'continue' });
    const end = await Promise.all(phones.map((p) => p.waitView((v) => v.screen === 'debrief', 'the debrief')));
    expect(end.map((v) => v.ending?.id)).toEqual(Array(6).fill('deal'));
    const final = await teacher.waitView((v) => v.decisions.length === 2, 'two decisions on the console');
    expect(final.decisions.map((d) => [d.node, d.choice, d.how])).toEqual([
      ['walkout', 'talk', 'teacher'],
      ['deadline', 'offer', 'teacher'],
    ]);
    expect(final.decisions[1]!.arguments).toEqual([
      { seat: 'treasurer', text: 'Pay them: every idle day costs the port more than the raise.', by: 'Student 2' },
    ]);
  });
});

describe('two live server processes sharing one Redis', () => {
  it('serve one class with students joining through both, and survive the room’s process dying', async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const [pa, pb] = [await freePort(), await freePort()];
    const env = (p: number) => ({ REDIS_URL: redis.url, CRISIS_ROOM_PUBLIC_ADDRESS: `127.0.0.1:${p}/live` });
    let a = await startServer(env(pa), pa);
    cleanups.push(() => a.stop());
    const b = await startServer(env(pb), pb);
    cleanups.push(() => b.stop());

    // The session is opened on A; phones 1, 3, 5 join through A and 2, 4, 6 through B.
    const { teacher, phones, before } = await committeeAtDeadline([a.base, b.base]);
    const phonesBefore = phones.map((p) => seatOf(p.latest()));
    expect(before.students.map((s) => s.name)).toEqual(phones.map((p) => p.latest().me.name));

    // A (which holds the room) dies; B restores the session from Redis for the phones that ask it.
    await a.crash();
    const onB = phones.filter((_, i) => i % 2 === 1);
    for (const p of onB)
      await p.waitView((v) => v.node?.id === 'deadline' && p.link.state === 'connected', 'B to take over');
    expect(b.output()).not.toContain('Error');
    // A comes back; the phones that know only A reach the room now running on B.
    a = await startServer(env(pa), pa);
    for (const [i, p] of phones.entries()) {
      await until(() => p.link.state === 'connected', `phone ${i + 1} back`);
      await p.waitView((v) => v.node?.id === 'deadline', 'the same decision');
      expect(seatOf(p.latest()), `phone ${i + 1}`).toEqual(phonesBefore[i]);
    }
    // The teacher's console (it joined through A) is back too, and the class goes on to the end.
    await until(() => teacher.link.state === 'connected', 'the console back');
    teacher.link.send({ type: 'decide', choice: 'offer' });
    teacher.link.send({ type: 'continue' });
    const end = await Promise.all(phones.map((p) => p.waitView((v) => v.screen === 'debrief', 'the debrief')));
    expect(end.map((v) => v.ending?.id)).toEqual(Array(6).fill('deal'));
  });
});
