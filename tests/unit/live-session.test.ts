/**
 * The live class's session as a fold of its log (src/live-session): who may do what, the clock
 * (paused, a minute added, a restart's downtime given back), the vote and its tie, replayed
 * intents, and each phone seeing only its own seat's brief. A refused entry changes nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClassSession } from '../../src/live-session/class-session.ts';
import type { EventEntry, LogEntry, OpenEntry } from '../../src/live-session/log.ts';
import { phoneView, projectorView, sessionFile } from '../../src/live-session/views.ts';
import { compileOpen } from '../../src/server/open-session.ts';

const template = readFileSync(path.join(import.meta.dirname, '../../scenarios/examples/template.yaml'), 'utf8');
// The template with a private brief for each seat (format revision 3).
const withBriefs = template
  .replace(
    '    note: "A fictional character."',
    '    note: "A fictional character."\n    brief: "CHIEF-ONLY: never let the quay close."',
  )
  .replace('    color: "#2e86c1"', '    color: "#2e86c1"\n    brief: "TREASURER-ONLY: the budget must stay above 30."');

function open(mode: 'committee' | 'everyone', timer: 'normal' | 'double' | 'off' = 'normal'): OpenEntry {
  return {
    t: 'open',
    at: 1000,
    sessionId: 's1',
    code: 'ACDEFG',
    mode,
    seed: 5,
    timer,
    scenarioText: withBriefs,
    fileName: 'template.yaml',
    teacherHash: 'x',
    projectorHash: 'y',
  };
}

/** A session and a `step` that applies an entry (returning the refusal, if any) and logs it when accepted. */
function session(first: OpenEntry) {
  const log: LogEntry[] = [first];
  const s = new ClassSession(first, compileOpen(first));
  const step = (e: EventEntry): string | undefined => {
    const p = s.prepare(e);
    if ('refused' in p) return p.refused;
    log.push(e);
    p.commit();
    return undefined;
  };
  return { s, log, step };
}

const join = (pid: string, at: number): EventEntry => ({ t: 'join', at, pid, name: `Name ${pid}`, tokenHash: 'h' });

describe('a committee session', () => {
  it('seats students in turn and shows each phone only its own brief', () => {
    const { s, step } = session(open('committee'));
    for (const [i, pid] of ['ana', 'ben', 'cy'].entries()) expect(step(join(pid, 2000 + i))).toBeUndefined();
    expect(['ana', 'ben', 'cy'].map((p) => s.participants.get(p)!.seat)).toEqual(['chief', 'treasurer', 'chief']);
    const ana = JSON.stringify(phoneView(s, s.participants.get('ana')!, 3000));
    const ben = JSON.stringify(phoneView(s, s.participants.get('ben')!, 3000));
    expect(ana).toContain('CHIEF-ONLY');
    expect(ana).not.toContain('TREASURER-ONLY');
    expect(ben).toContain('TREASURER-ONLY');
    expect(ben).not.toContain('CHIEF-ONLY');
    expect(JSON.stringify(projectorView(s, 3000))).not.toMatch(/ONLY/);
  });

  it('refuses what a student may not do, and changes nothing', () => {
    const { s, step } = session(open('committee'));
    step(join('ana', 2000));
    expect(step({ t: 'back', at: 2100, pid: 'ana', choice: 'talk', n: 1 })).toMatch(/no decision open/);
    step({ t: 'start', at: 2200 });
    expect(step({ t: 'back', at: 2300, pid: 'ana', choice: 'offer', n: 1 })).toMatch(/not a choice here/);
    expect(step({ t: 'back', at: 2300, pid: 'eve', choice: 'talk', n: 1 })).toMatch(/no such participant/);
    expect(step({ t: 'decide', at: 2300, pid: 'ana', choice: 'talk', n: 1 })).toMatch(/only the President/);
    expect(step({ t: 'back', at: 2400, pid: 'ana', choice: 'talk', n: 3 })).toBeUndefined();
    expect(step({ t: 'back', at: 2500, pid: 'ana', choice: 'clear', n: 3 })).toMatch(/already received/);
    expect(step({ t: 'argue', at: 2500, pid: 'ana', text: 'x'.repeat(281), n: 4 })).toMatch(/at most 280/);
    expect(s.backings.get('chief')).toEqual({ value: 'talk', by: 'ana' });
    expect(s.arguments.size).toBe(0);
    expect(step({ t: 'vote', at: 2600, pid: 'ana', choice: 'talk', n: 5 })).toMatch(/no class vote open/);
  });

  it('breaks a tied vote by the President, and a lone majority decides', () => {
    const { s, step } = session(open('committee', 'off'));
    for (const pid of ['ana', 'ben', 'cy', 'dee']) step(join(pid, 2000));
    step({ t: 'start', at: 2100 });
    step({ t: 'president', at: 2100, pid: 'dee' });
    step({ t: 'vote-open', at: 2200 });
    step({ t: 'vote', at: 2300, pid: 'ana', choice: 'talk', n: 1 });
    expect(step({ t: 'vote', at: 2300, pid: 'ana', choice: 'clear', n: 2 })).toMatch(/already voted/);
    step({ t: 'vote', at: 2300, pid: 'ben', choice: 'clear', n: 1 });
    expect(step({ t: 'vote-close', at: 2400 })).toBeUndefined();
    // One vote each: a tie, and the President (who did not vote) must decide between the two.
    expect(s.tied).toEqual(['talk', 'clear']);
    expect(step({ t: 'decide', at: 2500, pid: null, choice: 'talk' })).toMatch(/a student is the President/);
    expect(step({ t: 'decide', at: 2500, pid: 'dee', choice: 'talk', n: 1 })).toBeUndefined();
    expect(s.decisions.at(-1)).toMatchObject({ node: 'walkout', choice: 'talk', how: 'president' });
    expect(s.phase).toBe('outcome');
  });

  it('runs the clock from the node: pause freezes it, a minute adds, a restart gives back the downtime', () => {
    const { s, step, log } = session(open('committee', 'normal'));
    step(join('ana', 2000));
    step({ t: 'start', at: 3000 });
    step({ t: 'decide', at: 4000, pid: null, choice: 'talk' });
    step({ t: 'continue', at: 5000 });
    expect(s.run.at).toBe('deadline');
    expect(s.nextDeadline()).toEqual({ at: 35_000 }); // 30 s from 5 s
    step({ t: 'pause', at: 15_000 });
    expect(s.nextDeadline()).toBeUndefined();
    step({ t: 'resume', at: 100_000 });
    step({ t: 'add-minute', at: 100_000 });
    expect(s.nextDeadline()).toEqual({ at: 100_000 + 20_000 + 60_000 });
    // The server died at 110 s (last heartbeat) and came back at 500 s: 70 s were left, still are.
    step({ t: 'restored', at: 500_000, lastAlive: 110_000 });
    expect(s.nextDeadline()).toEqual({ at: 570_000 });
    expect(step({ t: 'timeout', at: 569_000 })).toMatch(/not run out/);
    expect(step({ t: 'timeout', at: 570_000 })).toBeUndefined();
    expect(s.decisions.at(-1)).toMatchObject({ node: 'deadline', choice: 'wait', how: 'timeout' });
    // The log folds back into the same session.
    const again = ClassSession.fold(log, compileOpen);
    expect(again.run.trail).toEqual(s.run.trail);
    expect(again.decisions).toEqual(s.decisions);
    expect(sessionFile(again)).toEqual(sessionFile(s));
  });
});

describe('an "Everyone plays" session', () => {
  it('gives each student their own run from the same seed, and the session file their replays', () => {
    const { s, step, log } = session(open('everyone', 'off'));
    step(join('ana', 2000));
    step({ t: 'start', at: 3000 });
    step(join('ben', 4000)); // joins late: starts at once
    expect(step({ t: 'choose', at: 5000, pid: 'ana', choice: 'talk', n: 1 })).toBeUndefined();
    expect(step({ t: 'choose', at: 5000, pid: 'ana', choice: 'talk', n: 2 })).toMatch(/no decision open for you/);
    step({ t: 'continue', at: 6000, pid: 'ana', n: 3 });
    step({ t: 'choose', at: 7000, pid: 'ben', choice: 'clear', n: 1 });
    expect(s.participants.get('ana')!.run!.at).toBe('deadline');
    expect(phoneView(s, s.participants.get('ben')!, 7000).screen).toBe('outcome');
    const file = sessionFile(ClassSession.fold(log, compileOpen));
    expect(file.format).toBe('crisis-room-session/1');
    expect(file.replays.map((r) => [r.player, r.seed, r.steps.map((x) => x.choice)])).toEqual([
      ['Name ana', 5, ['talk']],
      ['Name ben', 5, ['clear']],
    ]);
  });
});

describe('a session file in Class review', () => {
  it('counts every replay it holds, named after the file and the player', async () => {
    const { ClassReviewCollector } = await import('../../src/analysis/class-review.ts');
    const { s, step } = session(open('everyone', 'off'));
    step(join('ana', 2000));
    step(join('ben', 2000));
    step({ t: 'start', at: 3000 });
    step({ t: 'choose', at: 5000, pid: 'ana', choice: 'talk', n: 1 });
    step({ t: 'choose', at: 5000, pid: 'ben', choice: 'clear', n: 1 });
    const collector = new ClassReviewCollector(() => s.compiled);
    collector.add({ name: 'class.json', text: JSON.stringify(sessionFile(s)) });
    expect(collector.refused).toEqual([]);
    expect(collector.replayGroups[0]!.runs.map((r) => [r.name, r.player, r.decisions])).toEqual([
      ['class.json: Name ana', 'Name ana', 1],
      ['class.json: Name ben', 'Name ben', 1],
    ]);
  });
});
