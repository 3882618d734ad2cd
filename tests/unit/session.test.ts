/**
 * The game session's small promises (issue 8): Play again keeps the page's `?seed=`, a refused save
 * is said out loud, the timer setting (normal, doubled, off; `?timer=` fixes it) and a reload that
 * continues a timed decision with the time that was left. Node, a Map for localStorage, fake time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startRun, type Run } from '../../src/engine/run.ts';
import { GameSession } from '../../src/game/session.ts';
import { validateScenarioText } from '../../src/scenario/validate.ts';
import { SilentSoundBoard } from '../../src/game/audio/sound-board.ts';
import { SettingsStore, timerFromQuery } from '../../src/game/storage/settings.ts';
import { fakeStorage } from './helpers.ts';

const TIMED = readFileSync(path.join(import.meta.dirname, '../browser/fixtures/timed.yaml'), 'utf8');

function session(opts: { seed?: number; timer?: 'double' | 'off' } = {}): GameSession {
  const s = new GameSession(new SettingsStore(opts.timer), new SilentSoundBoard(), opts.seed);
  const v = validateScenarioText(TIMED, 'timed.yaml');
  s.setBuiltins([
    { file: 'timed.yaml', scenario: v.loaded!.scenario, sha256: v.loaded!.sha256, warnings: v.diagnostics },
  ]);
  s.ready();
  return s;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance'] });
  vi.stubGlobal('localStorage', fakeStorage());
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** Take the first choice at each decision until the timed one (the second decision of timed.yaml). */
function toTimedDecision(s: GameSession): void {
  s.newGame(s.scenarios[0]!);
  s.begin();
  s.choose(s.run!.visibleChoices()[0]!.id);
  s.continueAfterOutcome();
  expect(s.run!.node?.timeLimit, 'the second decision of timed.yaml is timed').toBeDefined();
}

describe('game session', () => {
  it('Play again uses the page’s ?seed= like New game does', () => {
    const s = session({ seed: 4242 });
    toTimedDecision(s);
    expect(s.run!.seed).toBe(4242);
    s.choose('act');
    s.continueAfterOutcome();
    expect(s.screen).toBe('debrief');
    s.playAgain();
    expect(s.screen).toBe('room');
    expect(s.run!.trail).toHaveLength(0);
    expect(s.run!.seed).toBe(4242);
  });

  it('keeps one save per playthrough as it goes on, and a new one for Play again', () => {
    const s = session();
    const saves = () =>
      Array.from({ length: localStorage.length }, (_, k) => localStorage.key(k)!).filter((key) =>
        key.includes('browser-test-timed'),
      ).length;
    toTimedDecision(s);
    s.choose('act');
    expect(saves()).toBe(1);
    s.continueAfterOutcome();
    s.playAgain();
    expect(saves()).toBe(2);
  });

  it('shows a streamed run (the live class) through the same screens, sending the choice out', () => {
    const s = session();
    const sounds: string[] = [];
    s.sound.play = (cue) => void sounds.push(cue);
    const entry = s.scenarios[0]!;
    const sent: unknown[] = [];
    let deliver: (run: Run) => void = () => {};
    s.playStream(entry, startRun(entry.compiled, 5), {
      send: (intent) => sent.push(intent),
      subscribe: (listener) => {
        deliver = listener;
        return () => {};
      },
    });
    expect(s.screen).toBe('room');
    s.choose('left');
    expect(sent).toMatchObject([{ type: 'CHOOSE', choice: 'left' }]);
    expect(s.screen, 'the run is not stepped here').toBe('room');
    expect(s.run!.trail).toHaveLength(0);
    const server = startRun(entry.compiled, 5);
    server.choose('right');
    deliver(server);
    expect(s.screen).toBe('outcome');
    expect(s.last?.choice.id).toBe('right');
    expect(sounds).toEqual(['sting', 'click']);
  });

  it('says so every time the browser refuses to save, counting, and says when saving works again', () => {
    const storage = fakeStorage(true);
    vi.stubGlobal('localStorage', storage);
    const s = session();
    const said: string[] = [];
    s.onAnnounce((t) => said.push(t));
    s.newGame(s.scenarios[0]!);
    s.begin();
    s.choose(s.run!.visibleChoices()[0]!.id);
    expect(s.notice?.title).toBe('Saving is not available');
    const failures = said.filter((t) => t.includes('did not let the game save'));
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(/^Not saved \(failed, last at \d\d:\d\d:\d\d\)/);
    expect(failures[1]).toMatch(/^Not saved \(failed 2 times in a row, last at \d\d:\d\d:\d\d\)/);
    expect(s.unsavedWrites).toBe(2);
    // Room again: the next save works, is said once, and the count is cleared.
    vi.stubGlobal('localStorage', fakeStorage(false));
    s.continueAfterOutcome();
    s.choose(s.run!.visibleChoices()[0]!.id);
    expect(s.unsavedWrites).toBe(0);
    expect(said.filter((t) => t.startsWith('Saved again'))).toHaveLength(1);
  });

  it('runs a timed decision at its limit, twice as long with Double time, and not at all with Timers off', () => {
    const limit = session();
    toTimedDecision(limit);
    const total = limit.timeLeft()!.totalMs;
    expect(total).toBe(limit.run!.node!.timeLimit! * 1000);

    const doubled = session({ timer: 'double' });
    toTimedDecision(doubled);
    expect(doubled.timeLeft()!.totalMs).toBe(2 * total);

    const off = session({ timer: 'off' });
    toTimedDecision(off);
    expect(off.timeLeft()).toBeUndefined();
    // A timer fixed by the address is not the player's to change.
    off.settings.update({ timersOff: false });
    expect(off.settings.get().timersOff).toBe(true);
    expect(timerFromQuery('?timer=double')).toBe('double');
    expect(timerFromQuery('?timer=off')).toBe('off');
    expect(timerFromQuery('?timer=fast')).toBeUndefined();
  });

  it('continues a timed decision after a reload with the time that was left, and takes the timeout at zero', () => {
    const first = session();
    toTimedDecision(first);
    const total = first.timeLeft()!.totalMs;
    vi.advanceTimersByTime(2000);
    expect(first.timeLeft()!.leftMs).toBe(total - 2000);

    // The page reloads: a new session over the same storage continues the saved game.
    const again = session();
    again.continueGame(again.scenarios[0]!);
    expect(again.screen).toBe('room');
    expect(again.timeLeft()!.leftMs).toBe(total - 2000);
    vi.advanceTimersByTime(total - 2000 + 400);
    expect(again.screen).toBe('outcome');
    expect(again.last?.step.timeout).toBe(true);
  });
});
