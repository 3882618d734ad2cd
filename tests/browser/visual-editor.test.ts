/**
 * Issue 22 in Debian's Chromium: the scenario editor's Map view. A teacher starts with "New
 * scenario", builds on the story map with the mouse and types only into form fields, sees a
 * problem on a card and beside its field, fixes it in the form, and plays the scenario to the
 * debrief (tools/bench/visual-build.ts, counted for `npm run bench`); the Map and Text views edit
 * one draft, undo and redo reach across both, and every card is reachable by keyboard.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { arrow, buildOnMap, card, form, handleOf, storyMap, summary } from '../../tools/bench/visual-build.ts';
import { ROOT, button, closeBrowser, gotoTitle, openSession, seriousAxeViolations } from './support.ts';

const WAIT = { timeout: 60_000, interval: 200 };

afterAll(async () => {
  await closeBrowser();
});

const editorRegion = (page: Page) => page.getByRole('region', { name: 'Scenario editor', exact: true });
const inEditor = (page: Page, name: string) => editorRegion(page).getByRole('button', { name, exact: true });
const source = (page: Page) => page.getByRole('textbox', { name: 'Scenario source', exact: true });

/** Quick start with two meters and two advisors, straight onto the map. */
async function quickStart(page: Page): Promise<void> {
  await button(page, 'Write a scenario').click();
  await inEditor(page, 'New scenario').click();
  const dialog = page.getByRole('dialog', { name: 'New scenario', exact: true });
  await dialog.getByRole('textbox', { name: 'The crisis' }).fill('Flood in the valley');
  await dialog.getByRole('textbox', { name: "The player's role" }).fill('You are the mayor.');
  await dialog.getByRole('textbox', { name: 'Meter 1' }).fill('Public order');
  await dialog.getByRole('button', { name: 'Create the scenario' }).click();
  await expect
    .poll(() => dialog.getByRole('alert').textContent())
    .toBe('Still needed: at least two meters, at least two advisors (a name each).');
  await dialog.getByRole('textbox', { name: 'Meter 2' }).fill('Budget');
  await dialog.getByRole('textbox', { name: 'Advisor 1: name' }).fill('Ana Diaz');
  await dialog.getByRole('textbox', { name: 'Advisor 2: name' }).fill('Ben Ode');
  await dialog.getByRole('button', { name: 'Create the scenario' }).click();
  await card(page, 'Decision: The first decision').waitFor();
}

describe('the Map view of the scenario editor', () => {
  it('a teacher builds 6 decisions, 3 endings, a timer, a chance branch and a condition by mouse and fields, fixes a problem in its form, and plays it to the debrief', async () => {
    const shots = path.join(ROOT, 'docs/screenshots');
    const s = await openSession({ viewport: { width: 1920, height: 1080 } });
    const { page } = s;
    // Screenshots at both sizes where they are worth looking at (the window resized, the map fitted).
    const shoot = async (what: string) => {
      for (const size of [
        { width: 1280, height: 720 },
        { width: 1920, height: 1080 },
      ]) {
        await page.setViewportSize(size);
        await inEditor(page, 'Fit').click();
        await page.screenshot({ path: path.join(shots, `editor-visual-${what}-${size.width}x${size.height}.png`) });
      }
    };
    const report = await buildOnMap(page, s.baseUrl, shoot);
    expect(report.timerProblem).toMatch(/^error: .*onTimeout/);
    expect(report.cardWithProblem).toMatch(/^Decision: Crowds at the dam\..*1 error, 0 warnings: error: .*onTimeout/);
    expect(report.summaryBeforePlay).toMatch(/^(No problems: ready to play\.|0 errors, \d+ warnings?\.)$/);
    expect(report.debrief).toMatch(/It ends (well|badly)/);
    // The measure of effort, also in `npm run bench`: no YAML typed, a bounded number of actions.
    expect(report.effort.drags).toBe(7);
    expect(report.effort.clicks + report.effort.drags + report.effort.fields).toBeLessThan(80);
    console.log(`visual build: ${JSON.stringify(report.effort)}`);
    s.expectNoErrors();
  });

  it('keeps one draft across Map and Text, undoes and redoes across both, and reaches every card by keyboard', async () => {
    const s = await openSession({ viewport: { width: 1280, height: 720 } });
    const { page } = s;
    await gotoTitle(s);
    await quickStart(page);
    await expect.poll(() => summary(page), WAIT).toBe('No problems: ready to play.');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Keyboard: from the start card, ArrowDown reaches an ending; Enter opens its form; Shift+arrow moves it.
    await card(page, 'Decision: The first decision').focus();
    await page.keyboard.press('ArrowDown');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    expect(await focused()).toMatch(/^Ending: A mixed outcome/);
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toMatch(/^Ending: It ends well/);
    await page.keyboard.press('Enter');
    const ending = form(page, 'Ending form');
    await ending.waitFor();
    await ending.getByRole('textbox', { name: 'Title', exact: true }).fill('The dam holds');
    await card(page, 'Ending: The dam holds').waitFor();
    await arrow(page, 'Act at once').focus();
    await page.keyboard.press('Enter');
    await form(page, 'Choice form').getByRole('textbox', { name: 'Label', exact: true }).waitFor();

    // Drag a card: it stays where it was dropped; Undo puts it back, Redo moves it again.
    const bad = card(page, 'Ending: It ends badly');
    const placeOf = () => bad.getAttribute('transform');
    const before = await placeOf();
    // The map is drawn anew when a check ends: ask until the card is on screen.
    let box = await bad.boundingBox();
    for (let i = 0; i < 50 && !box; i++) box = await bad.boundingBox();
    if (!box) throw new Error('the card is not on screen');
    await page.mouse.move(box.x + 30, box.y + 20);
    await page.mouse.down();
    for (let i = 1; i <= 5; i++) await page.mouse.move(box.x + 30 + i * 8, box.y + 20 + i * 10);
    await page.mouse.up();
    await expect.poll(placeOf).not.toBe(before);
    const moved = await placeOf();
    await inEditor(page, 'Undo').click();
    await expect.poll(placeOf).toBe(before);
    await inEditor(page, 'Redo').click();
    await expect.poll(placeOf).toBe(moved);
    // The text view shows the same draft: the new title and the card's place under x-map.
    await inEditor(page, 'Text').click();
    await page.keyboard.press('Control+End');
    await expect.poll(() => source(page).textContent()).toContain('title: The dam holds');
    expect(await source(page).textContent()).toContain('x-map:');
    // Typing in the text shows on the map; Ctrl+Z on the map takes the typing back, then the title.
    await page.getByText('title: The dam holds').click();
    await page.keyboard.press('End');
    await page.keyboard.type('!');
    await inEditor(page, 'Map').click();
    await card(page, 'Ending: The dam holds!').focus();
    await page.keyboard.press('Control+z');
    await card(page, 'Ending: The dam holds').waitFor();
    await inEditor(page, 'Undo').click();
    await inEditor(page, 'Undo').click();
    await card(page, 'Ending: It ends well').waitFor();

    // A choice drawn from a handle onto another decision, and a new ending dropped on empty space.
    const start = card(page, 'Decision: The first decision');
    const from = await handleOf(start);
    const mapBox = (await storyMap(page).boundingBox())!;
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(mapBox.x + 20, mapBox.y + mapBox.height - 80, { steps: 8 });
    await page.mouse.up();
    await page
      .getByRole('group', { name: 'Add to the map', exact: true })
      .getByRole('button', { name: 'New ending here' })
      .click();
    await card(page, 'Ending: New ending').waitFor();
    await arrow(page, 'Go to: New ending').waitFor();
    expect(await storyMap(page).locator('.cr-story-arrow').count()).toBe(4);
    s.expectNoErrors();
  });
});
