/**
 * The screen flow (src/game/screen-flow.ts): screens follow the game's events, and the decision
 * countdown runs only while a timed decision shows, waits while a dialog is open, ends in TIME_UP
 * and leaves no interval behind. Time is Vitest's fake clock, so nothing here waits for real.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screenOf, startScreenFlow } from '../../src/game/screen-flow.ts';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const left = (flow: ReturnType<typeof startScreenFlow>) => flow.getSnapshot().context.countdown?.leftMs;

describe('screen flow', () => {
  it('goes title → briefing → room → outcome → debrief → title', () => {
    const flow = startScreenFlow(() => {});
    expect(screenOf(flow)).toBe('loading');
    const seen: string[] = [];
    for (const type of ['TITLE', 'BRIEFING', 'ROOM', 'OUTCOME', 'DEBRIEF', 'TITLE'] as const) {
      flow.send({ type });
      seen.push(screenOf(flow));
    }
    expect(seen).toEqual(['title', 'briefing', 'room', 'outcome', 'debrief', 'title']);
    // An outcome only follows a decision.
    flow.send({ type: 'OUTCOME' });
    expect(screenOf(flow)).toBe('title');
  });

  it('counts a timed decision down, waits while paused (nested), and calls time up at zero', () => {
    const timeUp = vi.fn();
    const flow = startScreenFlow(timeUp);
    flow.send({ type: 'ROOM', countdown: { totalMs: 10_000, leftMs: 10_000 } });
    vi.advanceTimersByTime(4000);
    expect(left(flow)).toBe(6000);
    flow.send({ type: 'PAUSE' });
    flow.send({ type: 'PAUSE' });
    vi.advanceTimersByTime(30_000);
    flow.send({ type: 'RESUME' });
    vi.advanceTimersByTime(30_000);
    expect(left(flow), 'still paused while one pause is in force').toBe(6000);
    flow.send({ type: 'RESUME' });
    vi.advanceTimersByTime(5800);
    expect(timeUp).not.toHaveBeenCalled();
    vi.advanceTimersByTime(400);
    expect(timeUp).toHaveBeenCalledTimes(1);
    expect(left(flow)).toBeUndefined();
    expect(vi.getTimerCount(), 'the countdown interval is cleared').toBe(0);
  });

  it('starts from a restored time left, and leaving the decision clears the countdown and its interval', () => {
    const flow = startScreenFlow(() => {});
    flow.send({ type: 'ROOM', countdown: { totalMs: 30_000, leftMs: 12_000 } });
    vi.advanceTimersByTime(2000);
    expect(left(flow)).toBe(10_000);
    expect(vi.getTimerCount()).toBe(1);
    flow.send({ type: 'OUTCOME' });
    expect(left(flow)).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('doubles a running countdown and stops it when timers are switched off', () => {
    const flow = startScreenFlow(() => {});
    flow.send({ type: 'ROOM', countdown: { totalMs: 10_000, leftMs: 10_000 } });
    vi.advanceTimersByTime(2000);
    flow.send({ type: 'COUNTDOWN_RESCALE', factor: 2 });
    expect(flow.getSnapshot().context.countdown).toEqual({ totalMs: 20_000, leftMs: 16_000 });
    flow.send({ type: 'COUNTDOWN_STOP' });
    expect(left(flow)).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
    expect(screenOf(flow)).toBe('room');
  });
});
