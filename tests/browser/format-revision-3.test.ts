/**
 * The format's third revision as a student meets it in the built game: an advisor's `brief` on the
 * briefing's advisors page (DOM list and canvas page), headlines that follow the path (a news `if`
 * tested as the node opens and as the outcome shows, in the News region and the Outcome), and a
 * chance branch marked `history: true`, which the debrief names beside where chance took the player.
 * Choices are clicked on the canvas with the mouse.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { startRun } from '../../src/engine/run.ts';
import { makeFragment } from '../../src/share/link.ts';
import { choicesGroup, continueButton, debriefHeading, norm } from '../../tools/bench/drive.ts';
import { ROOT, button, clickOnCanvas, closeBrowser, openSession } from './support.ts';

afterAll(closeBrowser);

const SCENARIO = `format: crisis-room/1
id: revision-three
title: Revision three
version: 1.0.0
language: en
role: You decide.
summary: A small case that uses every field of the third revision.
meters:
  - { id: order, label: Order, start: 50 }
advisors:
  - id: chief
    name: Chief Ruslan
    title: Police chief
    note: A composite character.
    brief: |
      You want the square cleared by dawn.

      Red line: foreign troops in the streets.
start: square
nodes:
  - id: square
    title: The square fills
    text: A crowd gathers.
    news:
      - { source: Gazette, text: Always on the wire }
      - { source: Gazette, text: Curfew holds tonight, if: { has: [curfew] } }
    advice:
      - { advisor: chief, text: Impose a curfew., recommends: curfew }
    choices:
      - id: curfew
        label: Impose a curfew
        effects: { order: 10 }
        set: [curfew]
        outcome: The streets empty at dusk.
        news:
          - { source: Wire, text: Streets empty at night, if: { has: [curfew] } }
          - { source: Wire, text: Riots spread, if: { order: "< 40" } }
        next: square
      - id: ask
        label: Ask the alliance for troops
        if: { has: [curfew] }
        next:
          - { chance: 0.5, goto: troops-come, history: true }
          - { goto: troops-refused }
    history: { choice: ask, text: The request was made on the fifth., sources: [] }
  - id: troops-come
    title: Troops arrive
    text: They land at dawn.
    choices: [ { id: fine, label: Accept it, effects: { order: 5 }, next: end } ]
  - id: troops-refused
    title: The alliance declines
    text: Nobody comes.
    choices: [ { id: fine, label: Accept it, effects: { order: -5 }, next: end } ]
endings:
  - { id: end, title: The end, tone: mixed, text: It is over. }
`;

const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
];

describe('the third revision of the format, played', () => {
  for (const viewport of VIEWPORTS)
    it(`brief, news that follows the path and the historical chance branch at ${viewport.width}×${viewport.height}`, {
      timeout: 120_000,
    }, async () => {
      const checked = checkScenarioText(SCENARIO, 'revision-three.yaml');
      expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      // Where chance goes for seed 7, worked out with the engine (the test checks the page says it).
      const seed = 7;
      const run = startRun(checked.compiled!, seed);
      run.choose('curfew');
      run.choose('ask');
      const went = run.node!.title;

      const made = makeFragment('scenario', SCENARIO, 'revision-three.yaml');
      if (!made.ok) throw new Error(made.message);
      const s = await openSession({ viewport });
      const { page } = s;
      const phone = viewport.width < 700;
      const size = `${viewport.width}x${viewport.height}`;
      const dir = path.join(ROOT, '.tmp/format-revision-3');
      mkdirSync(dir, { recursive: true });
      await page.goto(`${s.baseUrl}?silent&timer=off&seed=${seed}${made.fragment}`);
      await page
        .getByRole('article', { name: 'Revision three', exact: true })
        .getByRole('button', { name: 'New game', exact: true })
        .click();

      // Briefing: the brief under the advisor, paragraphs kept; on the canvas's advisors page too.
      const chief = page.getByRole('listitem').filter({ hasText: 'Chief Ruslan' });
      await chief.waitFor({ state: 'attached' });
      expect(norm(await chief.textContent())).toBe(
        'Chief Ruslan, Police chief A composite character. Brief: You want the square cleared by dawn. Red line: foreign troops in the streets.',
      );
      if (phone) expect(await chief.getByText(/^Brief:/).isVisible()).toBe(true);
      else {
        await page.keyboard.press('PageDown');
        await page.waitForFunction(() =>
          (window as unknown as { __crisisRoom: { texts(): { text: string }[] } }).__crisisRoom
            .texts()
            .some((t) => t.text.includes('Brief: You want the square cleared by dawn.')),
        );
        await page.screenshot({ path: path.join(dir, `briefing-advisors-${size}.png`) });
        await page.keyboard.press('PageUp');
      }

      // Room: only the headline whose condition holds as the node opens.
      await button(page, 'Begin').click();
      const news = page.getByRole('region', { name: 'News', exact: true });
      await news.getByText('Always on the wire').waitFor({ state: 'attached' });
      expect(norm(await news.textContent())).not.toContain('Curfew holds tonight');

      // The curfew: its news tested after the choice (the flag is set, order is 60).
      const curfew = choicesGroup(page).getByRole('button', { name: 'Impose a curfew', exact: true });
      if (phone) await curfew.click();
      else await clickOnCanvas(page, curfew);
      const outcome = page.getByRole('region', { name: 'Outcome', exact: true });
      await outcome.waitFor({ state: 'attached' });
      const said = norm(await outcome.textContent());
      expect(said).toContain('Streets empty at night');
      expect(said).not.toContain('Riots spread');
      await page.screenshot({ path: path.join(dir, `outcome-${size}`.concat('.png')) });
      await continueButton(page).click();

      // Back at the square with the curfew set: its headline now shows.
      await news.getByText('Curfew holds tonight').waitFor({ state: 'attached' });
      const ask = choicesGroup(page).getByRole('button', { name: 'Ask the alliance for troops', exact: true });
      if (phone) await ask.click();
      else await clickOnCanvas(page, ask);
      await continueButton(page).click();
      await choicesGroup(page).getByRole('button', { name: 'Accept it', exact: true }).click();
      await continueButton(page).click();
      await debriefHeading(page).waitFor();

      // The debrief names where chance took the player and where history went.
      const decisions = page.getByRole('list', { name: 'Your decisions', exact: true });
      const chanceLine = decisions.getByText(/^Chance took you to:/);
      expect(await chanceLine.count()).toBe(1);
      expect(norm(await chanceLine.textContent())).toBe(
        `Chance took you to: ${went}. In history: Troops arrive${went === 'Troops arrive' ? ' (the same)' : ''}`,
      );
      await page.screenshot({ path: path.join(dir, `debrief-${size}.png`) });
      s.expectNoErrors();
    });
});
