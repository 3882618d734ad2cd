/**
 * "Open replay viewer" after a test run from the editor opens the viewer on that run (issue 21,
 * point 5): the test run's scenario is in no library, and the viewer used to say so instead.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { button, clickOnCanvas, closeBrowser, gotoTitle, openSession } from './support.ts';
import { oneDecision } from './one-decision.ts';
import { choicesGroup, continueButton, debriefHeading } from '../../tools/bench/drive.ts';

afterAll(closeBrowser);

const SCENARIO = oneDecision('test-run-replay', 'Test run replay');

const editorRegion = (page: Page) => page.getByRole('region', { name: 'Scenario editor', exact: true });

describe('a test run from the editor', () => {
  it('opens in the replay viewer from its debrief', { timeout: 120_000 }, async () => {
    const s = await openSession({ viewport: { width: 1280, height: 720 } });
    const { page } = s;
    await gotoTitle(s, '?timer=off');
    await button(page, 'Write a scenario').click();
    await page.getByRole('group', { name: 'Start from' }).getByRole('button', { name: 'Blank scenario' }).click();
    await page.getByRole('textbox', { name: 'Scenario source', exact: true }).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(SCENARIO);
    await expect
      .poll(() => editorRegion(page).getByRole('status').first().textContent(), { timeout: 60_000, interval: 200 })
      .toBe('No problems: ready to play.');
    await editorRegion(page).getByRole('button', { name: 'Play', exact: true }).click();
    await clickOnCanvas(page, button(page, 'Begin'));
    await clickOnCanvas(page, choicesGroup(page).getByRole('button', { name: /Go on/ }));
    await clickOnCanvas(page, continueButton(page));
    await debriefHeading(page).waitFor();
    await clickOnCanvas(page, button(page, 'Open replay viewer'));
    const viewer = page.getByRole('region', { name: 'Replay viewer', exact: true });
    await viewer.waitFor();
    expect(await viewer.getByRole('status').first().textContent()).toBe('Step 1 of 1: First');
    expect(await page.getByRole('dialog', { name: 'This replay cannot be opened' }).count()).toBe(0);
    s.expectNoErrors();
  });
});
