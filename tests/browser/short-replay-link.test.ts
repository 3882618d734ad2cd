/**
 * Short replay links (issue 21, point 7) in Debian's Chromium: a student plays the 13 decisions of
 * the historical Kazakhstan path, names the path on the debrief and copies its replay link with
 * the mouse; the link is at most 600 characters, and pasted into the teacher's Class review (in
 * another browser) it counts the student by name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { startRun } from '../../src/engine/run.ts';
import { debriefHeading } from '../../tools/bench/drive.ts';
import { ROOT, button, clickOnCanvas, closeBrowser, dialog, gotoTitle, openSession } from './support.ts';

afterAll(closeBrowser);

/** The goal the issue sets: a 13-decision Kazakhstan path in at most 600 characters. */
const GOAL_CHARACTERS = 600;
const GOAL_DECISIONS = 13;
const WAIT = { timeout: 60_000, interval: 200 };

/** The historical path: each node's `history.choice` from seed 0, which takes the historical chance branches (tests/unit/kazakhstan.test.ts). */
const HISTORICAL_SEED = 0;
function historicalChoices(): string[] {
  const file = path.join(ROOT, 'scenarios', 'kazakhstan-2022.yaml');
  const run = startRun(checkScenarioText(readFileSync(file, 'utf8'), file).compiled!, HISTORICAL_SEED);
  for (let i = 0; !run.ended && i < 50; i++) run.choose(run.node!.history!.choice!);
  return run.trail.map((t) => t.choice);
}

describe('a hand-in link is short', () => {
  it(`a ${GOAL_DECISIONS}-decision Kazakhstan path's replay link is at most ${GOAL_CHARACTERS} characters and counts the student in Class review`, {
    timeout: 240_000,
  }, async () => {
    const s = await openSession({ viewport: { width: 1280, height: 720 } });
    const { page } = s;
    await gotoTitle(s, '?silent&timer=off');
    const choices = historicalChoices();
    // The student starts the built-in case from its card (the briefing): the game's hand-in is ready by the debrief.
    await clickOnCanvas(
      page,
      page
        .getByRole('article', { name: 'Kazakhstan, January 2022', exact: true })
        .getByRole('button', { name: 'New game', exact: true }),
    );
    await button(page, 'Begin').waitFor({ state: 'attached' });
    // The teacher's desk (behind the debrief's hand-in) loads when a game starts.
    await page.waitForLoadState('networkidle');
    expect(choices).toHaveLength(GOAL_DECISIONS);
    expect(
      await page.evaluate(
        ({ c, seed }) =>
          (
            window as unknown as { __crisisRoom: { playPath(i: string, s: number, c: string[]): boolean } }
          ).__crisisRoom.playPath('kazakhstan-2022', seed, c),
        { c: choices, seed: HISTORICAL_SEED },
      ),
    ).toBe(true);
    await debriefHeading(page).waitFor();

    // The student names the path and copies its link, with the mouse on the picture.
    await clickOnCanvas(page, button(page, 'Name on your path…'));
    const ask = dialog(page, 'Name on your path');
    await ask.getByLabel('Name', { exact: true }).fill('Ana Petrova');
    await page.keyboard.press('Enter');
    await ask.waitFor({ state: 'detached' });
    await clickOnCanvas(page, button(page, 'Copy replay link'));
    const share = dialog(page, 'Share link');
    const link = await share.getByRole('textbox', { name: 'Link', exact: true }).inputValue();
    expect(link.startsWith(s.baseUrl)).toBe(true);
    expect(link.length).toBeLessThanOrEqual(GOAL_CHARACTERS);
    expect(await share.textContent()).toContain('It holds only the choices and the seed');
    await share.getByRole('button', { name: 'Close', exact: true }).click();
    s.expectNoErrors();

    // The teacher, in another browser, pastes it into Class review: the student is counted by name.
    const t = await openSession({ viewport: { width: 1280, height: 720 } });
    await gotoTitle(t);
    await button(t.page, 'Class review').click();
    const review = dialog(t.page, 'Class review');
    await review.getByLabel('Paste replay links', { exact: true }).fill(link);
    await review.getByRole('button', { name: 'Add links', exact: true }).click();
    await review.getByRole('status').filter({ hasText: '1 replay counted.' }).waitFor(WAIT);
    const students = t.page.getByRole('table', { name: 'Students', exact: true });
    await students.waitFor();
    expect((await students.textContent())!.replace(/\s+/g, ' ')).toContain('Ana Petrova');
    t.expectNoErrors();
  });
});
