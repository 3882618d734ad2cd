/**
 * The screen flow (src/game/screen-flow.ts), the one owner of the game's state. Most tests run it
 * with XState's pure `transition()` (no actor, no clock, no browser): every screen takes only its
 * own events and an event out of order changes nothing and emits nothing; the run, the advisor,
 * the last step and the notice live in its context; the countdown starts, pauses, resumes and
 * restores from a save; Play again keeps the page's `?seed=`; a streamed run is never stepped here.
 * The last tests run the real countdown actor on Vitest's fake clock.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { initialTransition, transition } from 'xstate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Run, startRun } from '../../src/engine/run.ts';
import {
  screenFlowMachine,
  screenIn,
  screenOf,
  startScreenFlow,
  type FlowEmitted,
  type FlowEvent,
  type FlowInput,
  type FlowSnapshot,
  type ScenarioEntry,
} from '../../src/game/screen-flow.ts';
import { compileText } from './helpers.ts';

const TIMED = readFileSync(path.join(import.meta.dirname, '../browser/fixtures/timed.yaml'), 'utf8');
const compiled = compileText(TIMED, 'timed.yaml');
const entry: ScenarioEntry = { file: 'timed.yaml', compiled, builtin: true, warnings: [] };
const machine = screenFlowMachine();

/** The flow's first state (the loading screen). */
const start = (input: FlowInput = {}) => initialTransition(machine, input)[0];

/** One pure step: the next state and what it emitted for the presenters. */
function step(snap: FlowSnapshot, event: FlowEvent): { next: FlowSnapshot; emitted: FlowEmitted[] } {
  const [next, actions] = transition(machine, snap, event);
  const emitted = actions
    .filter((a) => (a.type as string) === 'xstate.emit')
    .map((a) => (a.params as { event: FlowEmitted }).event);
  return { next, emitted };
}

/** Send events in order, returning the last state. */
function through(snap: FlowSnapshot, ...events: FlowEvent[]): FlowSnapshot {
  return events.reduce((s, e) => step(s, e).next, snap);
}

const said = (emitted: FlowEmitted[]) => emitted.flatMap((e) => (e.type === 'announce' ? [e.text] : []));
const sounds = (emitted: FlowEmitted[]) => emitted.flatMap((e) => (e.type === 'sound' ? [e.cue] : []));

/** A state on each screen, reached by legal events only. */
function onEachScreen(input: FlowInput = {}) {
  const loading = start(input);
  const title = through(loading, { type: 'READY' });
  const briefing = through(title, { type: 'NEW_GAME', entry, seed: 7 });
  const room = through(briefing, { type: 'BEGIN' });
  const outcome = through(room, { type: 'CHOOSE', choice: 'left', ms: 1200 });
  const ended = startRun(compiled, 7);
  ended.choose('left');
  ended.choose('act');
  const debrief = through(title, { type: 'PLAY_RUN', entry, run: ended });
  return { loading, title, briefing, room, outcome, debrief };
}

/** One event of each kind the player's input sends. */
const EVENTS: Record<string, FlowEvent> = {
  READY: { type: 'READY' },
  NEW_GAME: { type: 'NEW_GAME', entry, seed: 1 },
  CONTINUE_SAVED: { type: 'CONTINUE_SAVED', entry, run: startRun(compiled, 3) },
  CONTINUE_FAILED: { type: 'CONTINUE_FAILED', message: 'The save is damaged.' },
  DISCARD_SAVE: { type: 'DISCARD_SAVE', entry },
  BEGIN: { type: 'BEGIN' },
  SELECT_ADVISOR: { type: 'SELECT_ADVISOR', id: 'ada' },
  CHOOSE: { type: 'CHOOSE', choice: 'left' },
  // The first decision has no time limit: time cannot run out there.
  TIMEOUT: { type: 'TIMEOUT' },
  CONTINUE: { type: 'CONTINUE' },
  PLAY_AGAIN: { type: 'PLAY_AGAIN', seed: 5 },
  MAIN_MENU: { type: 'MAIN_MENU' },
};

const LEGAL: Record<string, string[]> = {
  loading: ['READY'],
  title: ['NEW_GAME', 'CONTINUE_SAVED', 'CONTINUE_FAILED', 'DISCARD_SAVE'],
  briefing: ['BEGIN', 'MAIN_MENU'],
  room: ['SELECT_ADVISOR', 'CHOOSE', 'MAIN_MENU'],
  outcome: ['CONTINUE', 'MAIN_MENU'],
  debrief: ['PLAY_AGAIN', 'MAIN_MENU'],
};

describe('screen flow: each screen takes only its own events (pure transition())', () => {
  const screens = onEachScreen();

  it('reaches every screen by legal events', () => {
    expect(Object.fromEntries(Object.entries(screens).map(([k, s]) => [k, screenIn(s)]))).toEqual({
      loading: 'loading',
      title: 'title',
      briefing: 'briefing',
      room: 'room',
      outcome: 'outcome',
      debrief: 'debrief',
    });
  });

  for (const [screen, legal] of Object.entries(LEGAL)) {
    it(`${screen}: ${legal.join(', ')} act; every other event does nothing`, () => {
      const snap = screens[screen as keyof typeof screens];
      for (const [name, event] of Object.entries(EVENTS)) {
        const { next, emitted } = step(snap, event);
        const acted = screenIn(next) !== screen || next.context !== snap.context || emitted.length > 0;
        expect(acted, `${name} on ${screen}`).toBe(legal.includes(name));
        if (!acted) expect(next.context, `${name} on ${screen}`).toEqual(snap.context);
      }
    });
  }
});

describe('screen flow: the state it owns', () => {
  it('holds the entry and run from New game, says the briefing, and asks for a save', () => {
    const title = through(start(), { type: 'READY' });
    const { next, emitted } = step(title, { type: 'NEW_GAME', entry, seed: 99 });
    expect(screenIn(next)).toBe('briefing');
    expect(next.context.entry).toBe(entry);
    expect(next.context.run?.seed).toBe(99);
    expect(next.context.run?.at).toBe('gate');
    expect(emitted.map((e) => e.type)).toEqual(['sound', 'save', 'announce']);
    expect(said(emitted)).toEqual(['Briefing: Test: the clock runs out.']);
  });

  it('takes a choice in the room without changing the run it came from; the last step and a fresh advisor follow', () => {
    const { room } = onEachScreen();
    const withAdvisor = step(room, { type: 'SELECT_ADVISOR', id: 'bo' });
    expect(withAdvisor.next.context.advisor).toBe('bo');
    expect(said(withAdvisor.emitted)).toEqual(['Bo Stern: Right is faster. Backs: Take the right door.']);
    // Focus selects quietly: the screen reader already reads the button.
    expect(step(room, { type: 'SELECT_ADVISOR', id: 'ada', quiet: true }).emitted).toEqual([]);
    expect(step(room, { type: 'SELECT_ADVISOR', id: 'nobody' }).next.context).toBe(room.context);

    const before = withAdvisor.next.context.run!;
    const { next, emitted } = step(withAdvisor.next, { type: 'CHOOSE', choice: 'right', ms: 2000 });
    expect(screenIn(next)).toBe('outcome');
    expect(before.trail).toHaveLength(0);
    expect(next.context.run!.trail.map((t) => [t.choice, t.ms])).toEqual([['right', 2000]]);
    expect(next.context.last?.choice.id).toBe('right');
    expect(next.context.last?.before).toEqual({ calm: 50, speed: 20 });
    expect(said(emitted)).toEqual([
      'You chose: Take the right door. The right door slams behind you. Changes: Calm −10, Speed +10.',
    ]);
    expect(emitted.filter((e) => e.type === 'save')).toHaveLength(1);

    // The next decision: the advisor is cleared, the countdown starts and is said.
    const timed = step(next, { type: 'CONTINUE' });
    expect(screenIn(timed.next)).toBe('room');
    expect(timed.next.context.advisor).toBeUndefined();
    expect(timed.next.context.countdown).toEqual({ totalMs: 5000, leftMs: 5000 });
    expect(said(timed.emitted)).toEqual(['The clock is ticking. 2 choices. You have 5 seconds.']);
  });

  it('refuses a choice that is not on offer, and a run already over goes to the debrief with its ending said', () => {
    const { room, title } = onEachScreen();
    expect(step(room, { type: 'CHOOSE', choice: 'act' }).next.context).toBe(room.context);
    const ended = startRun(compiled, 1);
    ended.choose('left');
    ended.timeout();
    const { next, emitted } = step(title, { type: 'CONTINUE_SAVED', entry, run: ended });
    expect(screenIn(next)).toBe('debrief');
    expect(sounds(emitted)).toEqual(['click', 'end-bad']);
    expect(said(emitted)).toEqual(['Debrief. Ending: Too late (bad).']);
  });

  it('keeps a notice until a game starts, and a failed continue says why', () => {
    const title = through(start(), { type: 'READY' });
    const failed = step(title, { type: 'CONTINUE_FAILED', message: 'It was saved from another version.' });
    expect(failed.next.context.notice).toEqual({
      kind: 'error',
      title: 'Your saved game cannot be continued',
      lines: ['It was saved from another version.'],
    });
    expect(said(failed.emitted)).toEqual(['It was saved from another version.']);
    const discarded = step(failed.next, { type: 'DISCARD_SAVE', entry });
    expect(discarded.next.context.notice).toBeUndefined();
    expect(discarded.emitted).toContainEqual({ type: 'discardSave', entry });
    const started = through(failed.next, { type: 'NEW_GAME', entry, seed: 1 });
    expect(started.context.notice).toBeUndefined();
  });
});

describe('screen flow: the countdown (pure transition())', () => {
  /** The room at the timed decision (the second), through legal events. */
  function atTimed(input: FlowInput = {}): FlowSnapshot {
    const { room } = onEachScreen(input);
    return through(room, { type: 'CHOOSE', choice: 'left' }, { type: 'CONTINUE' });
  }

  it('starts with the decision, pauses and resumes (nested), and time up emits timeUp for the session', () => {
    const timed = atTimed();
    expect(timed.value).toEqual({ screen: { room: 'timed' }, pauses: {} });
    const ticked = through(timed, { type: 'TICK', leftMs: 3200 });
    expect(ticked.context.countdown).toEqual({ totalMs: 5000, leftMs: 3200 });
    const paused = through(ticked, { type: 'PAUSE' }, { type: 'PAUSE' });
    expect(paused.context.pauses).toBe(2);
    expect(through(paused, { type: 'RESUME' }).context.pauses).toBe(1);
    expect(through(paused, { type: 'RESUME' }, { type: 'RESUME' }, { type: 'RESUME' }).context.pauses).toBe(0);
    const up = step(ticked, { type: 'TIME_UP' });
    expect(up.emitted).toEqual([{ type: 'timeUp' }]);
    expect(up.next.context.countdown).toBeUndefined();
    const out = step(up.next, { type: 'TIMEOUT', ms: 5000 });
    expect(screenIn(out.next)).toBe('outcome');
    expect(out.next.context.last?.step).toMatchObject({ choice: 'freeze', timeout: true, ms: 5000 });
    expect(said(out.emitted)).toEqual([
      'Time ran out. Freeze. You hesitated and the moment passed. Changes: Calm −20.',
    ]);
  });

  it('continues a saved decision with the time that was left, doubled or off as set', () => {
    const run = startRun(compiled, 3);
    run.choose('left');
    const title = through(start(), { type: 'READY' });
    const restored = through(title, { type: 'CONTINUE_SAVED', entry, run, leftMs: 2100 });
    expect(restored.context.countdown).toEqual({ totalMs: 5000, leftMs: 2100 });
    // The time left is used once: the next decision shown gets its full time.
    expect(restored.context.restoredLeftMs).toBeUndefined();

    const doubled = through(restored, { type: 'TIMER_SETTING', timer: { off: false, double: true } });
    expect(doubled.context.countdown).toEqual({ totalMs: 10_000, leftMs: 2100 });
    const off = through(doubled, { type: 'TIMER_SETTING', timer: { off: true, double: true } });
    expect(off.context.countdown).toBeUndefined();
    expect(off.value).toEqual({ screen: { room: 'untimed' }, pauses: {} });
    const on = through(off, { type: 'TIMER_SETTING', timer: { off: false, double: false } });
    expect(on.context.countdown).toEqual({ totalMs: 5000, leftMs: 5000 });

    const startsOff = through(
      start({ timer: { off: true, double: false } }),
      { type: 'READY' },
      { type: 'CONTINUE_SAVED', entry, run, leftMs: 2100 },
    );
    expect(startsOff.context.countdown).toBeUndefined();
  });

  it('clears the countdown when the room is left', () => {
    const timed = atTimed();
    expect(through(timed, { type: 'MAIN_MENU' }).context.countdown).toBeUndefined();
    expect(through(timed, { type: 'CHOOSE', choice: 'act' }).context.countdown).toBeUndefined();
  });
});

describe('screen flow: Play again', () => {
  /** Play to the debrief with the first choice each time, then Play again with seed 5. */
  function playAgain(input: FlowInput): { first: Run; again: FlowSnapshot } {
    let s = through(start(input), { type: 'READY' }, { type: 'NEW_GAME', entry, seed: 11 }, { type: 'BEGIN' });
    const first = s.context.run!;
    while (screenIn(s) !== 'debrief') {
      const run = s.context.run!;
      s = through(s, { type: 'CHOOSE', choice: run.visibleChoices()[0]!.id }, { type: 'CONTINUE' });
    }
    const { next, emitted } = step(s, { type: 'PLAY_AGAIN', seed: 5 });
    expect(emitted.filter((e) => e.type === 'save')).toHaveLength(1);
    return { first, again: next };
  }

  it('starts a new run of the same scenario with a fresh seed, at its first decision', () => {
    const { first, again } = playAgain({});
    expect(first.seed).toBe(11);
    expect(screenIn(again)).toBe('room');
    expect(again.context.run?.seed).toBe(5);
    expect(again.context.run?.trail).toHaveLength(0);
    expect(again.context.last).toBeUndefined();
  });

  it('keeps the page’s ?seed= (a class playing the same draws)', () => {
    const { first, again } = playAgain({ fixedSeed: 4242 });
    expect(first.seed).toBe(4242);
    expect(again.context.run?.seed).toBe(4242);
  });
});

describe('screen flow: a streamed run (the live class’s run source)', () => {
  it('sends the choice out instead of stepping the run, and shows the step when the stream sends the run on', () => {
    const title = through(start(), { type: 'READY' });
    const room = through(title, { type: 'PLAY_RUN', entry, run: startRun(compiled, 9), source: 'stream' });
    expect(screenIn(room)).toBe('room');
    const chose = step(room, { type: 'CHOOSE', choice: 'left', ms: 10 });
    expect(screenIn(chose.next)).toBe('room');
    expect(chose.next.context.run).toBe(room.context.run);
    expect(chose.emitted).toContainEqual({ type: 'intent', intent: { type: 'CHOOSE', choice: 'left', ms: 10 } });

    // The server decided: the run one step on arrives.
    const server = startRun(compiled, 9);
    server.choose('right');
    const shown = step(chose.next, { type: 'RUN_SNAPSHOT', run: server });
    expect(screenIn(shown.next)).toBe('outcome');
    expect(shown.next.context.run).toBe(server);
    expect(shown.next.context.last?.choice.id).toBe('right');
    expect(said(shown.emitted)[0]).toMatch(/^You chose: Take the right door\./);

    // A run that is not one step on from the one shown is not taken for a step.
    const far = startRun(compiled, 9);
    far.choose('left');
    far.choose('act');
    expect(step(room, { type: 'RUN_SNAPSHOT', run: far }).next.context).toBe(room.context);
  });

  it('never takes a streamed snapshot into a local run', () => {
    const { room } = onEachScreen();
    const other = startRun(compiled, 7);
    other.choose('right');
    expect(step(room, { type: 'RUN_SNAPSHOT', run: other }).next.context).toBe(room.context);
  });
});

describe('screen flow: the countdown actor (fake clock)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A running flow at the timed decision. */
  function runningAtTimed(timeUp: () => void) {
    const flow = startScreenFlow();
    flow.on('timeUp', timeUp);
    const run = startRun(compiled, 1);
    run.choose('left');
    flow.send({ type: 'READY' });
    flow.send({ type: 'PLAY_RUN', entry, run });
    return flow;
  }
  const left = (flow: ReturnType<typeof startScreenFlow>) => flow.getSnapshot().context.countdown?.leftMs;

  it('counts down, waits while paused (nested), emits timeUp at zero and clears its interval', () => {
    const timeUp = vi.fn();
    const flow = runningAtTimed(timeUp);
    vi.advanceTimersByTime(2000);
    expect(left(flow)).toBe(3000);
    flow.send({ type: 'PAUSE' });
    flow.send({ type: 'PAUSE' });
    vi.advanceTimersByTime(30_000);
    flow.send({ type: 'RESUME' });
    vi.advanceTimersByTime(30_000);
    expect(left(flow), 'still paused while one pause is in force').toBe(3000);
    flow.send({ type: 'RESUME' });
    vi.advanceTimersByTime(2800);
    expect(timeUp).not.toHaveBeenCalled();
    vi.advanceTimersByTime(400);
    expect(timeUp).toHaveBeenCalledTimes(1);
    expect(left(flow)).toBeUndefined();
    expect(vi.getTimerCount(), 'the countdown interval is cleared').toBe(0);
  });

  it('doubles a running countdown, stops it when timers are switched off, and leaves no interval behind', () => {
    const flow = runningAtTimed(() => {});
    vi.advanceTimersByTime(1000);
    flow.send({ type: 'TIMER_SETTING', timer: { off: false, double: true } });
    expect(flow.getSnapshot().context.countdown).toEqual({ totalMs: 10_000, leftMs: 8000 });
    flow.send({ type: 'TIMER_SETTING', timer: { off: true, double: true } });
    expect(left(flow)).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
    expect(screenOf(flow)).toBe('room');
    flow.send({ type: 'TIMER_SETTING', timer: { off: false, double: false } });
    expect(vi.getTimerCount()).toBe(1);
    flow.send({ type: 'MAIN_MENU' });
    expect(vi.getTimerCount()).toBe(0);
  });
});
