/**
 * Issue 23, case 4: a shared link reusing a built-in's id and title was added silently as a second,
 * identical card, and after playing it the real built-in lost "Continue" (saves were keyed by id).
 * A scenario from outside never takes a built-in's identity: it is shown as a copy, saved apart.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { SilentSoundBoard } from '../../src/game/audio/sound-board.ts';
import { cardTitle, GameSession, type ScenarioEntry } from '../../src/game/session.ts';
import { SettingsStore } from '../../src/game/storage/settings.ts';
import { validateScenarioText } from '../../src/scenario/validate.ts';
import { makeFragment, readShared } from '../../src/share/link.ts';
import { fakeStorage } from '../unit/helpers.ts';

const BUILTIN = readFileSync(path.join(import.meta.dirname, '../fixtures/valid/base.yaml'), 'utf8');

function sessionWithBuiltin(): GameSession {
  const s = new GameSession(new SettingsStore(), new SilentSoundBoard());
  const v = validateScenarioText(BUILTIN, 'base.yaml');
  s.setBuiltins([{ file: 'base.yaml', scenario: v.loaded!.scenario, sha256: v.loaded!.sha256, warnings: [] }]);
  s.ready();
  return s;
}

/** Add a scenario the way a `#s=` link does: through the link, the checker and the teacher layer's register. */
function addFromLink(s: GameSession, text: string): ScenarioEntry {
  const made = makeFragment('scenario', text, 'shared.yaml');
  const shared = readShared(made.ok ? made.fragment : '')[0]!;
  const r = checkScenarioText(shared.text, shared.fileName ?? 'shared.yaml');
  s.registerScenario('shared.yaml', r.compiled!, r.diagnostics);
  return s.scenarios.at(-1)!;
}

/** Start a new game of `entry` and take its first choice (a save is written), then back to the title. */
function playOneStep(s: GameSession, entry: ScenarioEntry): void {
  s.newGame(entry);
  s.begin();
  s.choose(s.run!.visibleChoices()[0]!.id);
  // New game is taken on the title screen only (the screen flow refuses it elsewhere).
  s.mainMenu();
  expect(s.screen).toBe('title');
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance'] });
  vi.stubGlobal('localStorage', fakeStorage());
  vi.stubGlobal('sessionStorage', fakeStorage());
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('case 4: a link with a built-in id is a copy with its own saves', () => {
  for (const [what, text] of [
    ['a changed file', BUILTIN.replace(/^summary: .*$/m, 'summary: Not the real one.')],
    ['the very same file', BUILTIN],
  ] as const) {
    it(`${what}: shown as "(copy)" beside the built-in, and playing it leaves the built-in's Continue`, () => {
      const s = sessionWithBuiltin();
      const builtin = s.scenarios[0]!;
      playOneStep(s, builtin);
      expect(s.saveStatus(builtin)).toBe('ok');

      const copy = addFromLink(s, text);
      expect(copy.builtin).toBe(false);
      expect(s.scenarios.map(cardTitle)).toEqual([
        builtin.compiled.scenario.title,
        `${builtin.compiled.scenario.title} (copy)`,
      ]);
      expect(s.saveStatus(copy)).toBe('none');

      playOneStep(s, copy);
      expect(s.saveStatus(copy)).toBe('ok');
      // Before: the copy's save replaced the built-in's (same key), which then said "changed" (no Continue).
      expect(s.saveStatus(builtin)).toBe('ok');
      s.discardSave(copy);
      expect(s.saveStatus(copy)).toBe('none');
      expect(s.saveStatus(builtin)).toBe('ok');
    });
  }

  it('a scenario with an id of its own is no copy: its card shows its title alone', () => {
    const s = sessionWithBuiltin();
    const other = addFromLink(s, BUILTIN.replace(/^id: .*$/m, 'id: someone-else'));
    expect(other.copy).toBeUndefined();
    expect(cardTitle(other)).toBe(other.compiled.scenario.title);
  });
});
