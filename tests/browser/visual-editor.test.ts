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
import { ROOT, button, closeBrowser, gotoTitle, keptDraft, openSession, seriousAxeViolations } from './support.ts';

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

const inForm = (page: Page, formName: string, role: 'textbox' | 'combobox' | 'checkbox', name: string) =>
  form(page, formName).getByRole(role, { name, exact: true });

/** The message beside a field (its aria-describedby). */
async function besideField(field: import('playwright-core').Locator): Promise<string> {
  const id = await field.getAttribute('aria-describedby');
  return (await field.page().locator(`[id="${id}"]`).textContent()) ?? '';
}

/** Screenshots at a small laptop's and a phone's size, to look at (.tmp/screenshots/), then back to 1280×720. */
async function smallScreens(page: Page, what: string): Promise<void> {
  for (const size of [
    { width: 1024, height: 768 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await inEditor(page, 'Fit').click();
    await page.screenshot({
      path: path.join(ROOT, '.tmp/screenshots', `editor-visual-${what}-${size.width}x${size.height}.png`),
    });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
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
    // The drawn choice's label follows the ending's title while nobody rewrote it…
    const newEnding = form(page, 'Ending form');
    await newEnding.getByRole('textbox', { name: 'Title', exact: true }).fill('Shelter in the school');
    await arrow(page, 'Go to: Shelter in the school').waitFor();
    // …and stops following once the teacher wrote their own label.
    await arrow(page, 'Go to: Shelter in the school').focus();
    await page.keyboard.press('Enter');
    await form(page, 'Choice form').getByRole('textbox', { name: 'Label', exact: true }).fill('Open the school');
    await card(page, 'Ending: Shelter in the school').focus();
    await page.keyboard.press('Enter');
    await newEnding.getByRole('textbox', { name: 'Title', exact: true }).fill('The school');
    await card(page, 'Ending: The school').waitFor();
    await arrow(page, 'Open the school').waitFor();
    s.expectNoErrors();
  });

  it('renames ids everywhere, refuses a taken id beside the field, has every table field checked as it changes, deletes a card with the choices that led there, and a new draft starts a new undo history', async () => {
    const s = await openSession({ viewport: { width: 1280, height: 720 } });
    const { page } = s;
    await gotoTitle(s);
    await quickStart(page);
    await expect.poll(() => summary(page), WAIT).toBe('No problems: ready to play.');

    // Rename the decision's id: taken first (refused, said beside the field), then a free one.
    await card(page, 'Decision: The first decision').focus();
    await page.keyboard.press('Enter');
    const id = inForm(page, 'Node form', 'textbox', 'Id');
    await id.fill('good-end');
    await id.press('Enter');
    await expect
      .poll(() => besideField(id))
      .toBe('The id "good-end" is already used by the ending "It ends well": pick another one.');
    expect(await id.getAttribute('aria-invalid')).toBe('true');
    await id.fill('the-dam');
    await id.press('Enter');
    await expect.poll(() => keptDraft(page)).toContain('start: the-dam');
    await expect.poll(() => besideField(id)).toBe('');
    await smallScreens(page, 'node-form');
    // An ending's id: the choice that leads there follows.
    await card(page, 'Ending: It ends badly').focus();
    await page.keyboard.press('Enter');
    await inForm(page, 'Ending form', 'textbox', 'Id').fill('flooded');
    await inForm(page, 'Ending form', 'textbox', 'Id').press('Enter');
    await expect.poll(() => keptDraft(page)).toContain('next: flooded');
    expect(await storyMap(page).locator('.cr-story-arrow').count()).toBe(3);
    await expect.poll(() => summary(page), WAIT).toBe('No problems: ready to play.');

    // A flag set by a choice, renamed from "Scenario details" wherever it is used.
    await arrow(page, 'Act at once').focus();
    await page.keyboard.press('Enter');
    const flagsSet = inForm(page, 'Choice form', 'textbox', 'Flags set');
    await flagsSet.fill('road-shut');
    await flagsSet.press('Tab');
    await expect.poll(() => keptDraft(page)).toContain('- road-shut');
    await inEditor(page, 'Scenario details').click();
    const flag = inForm(page, 'Scenario details form', 'textbox', 'Flag road-shut: name');
    await flag.fill('road-closed');
    await flag.press('Enter');
    await expect.poll(() => keptDraft(page)).toContain('- road-closed');
    expect(await keptDraft(page)).not.toContain('road-shut');

    // The tables: a meter's id renamed in the choices' effects, its more fields, an advisor's colour checked.
    await inEditor(page, 'Scenario details').click();
    const details = 'Scenario details form';
    const meterId = inForm(page, details, 'textbox', 'Meter Budget: Id');
    await meterId.fill('money');
    await meterId.press('Enter');
    await expect.poll(() => keptDraft(page)).toContain('money: 8');
    expect(await keptDraft(page)).not.toContain('budget');
    await inForm(page, details, 'textbox', 'Meter Budget: description').fill('What the town can spend.');
    await inForm(page, details, 'combobox', 'Meter Budget: at its minimum, go to').selectOption({
      label: 'Ending: It ends badly',
    });
    await inForm(page, details, 'checkbox', 'Meter Budget: hidden from the player').check();
    await inForm(page, details, 'checkbox', 'Meter Budget: higher is better').uncheck();
    await expect.poll(() => keptDraft(page)).toContain('onMin: flooded');
    expect(await keptDraft(page)).toMatch(
      /hidden: true[\s\S]*higherIsBetter: false|higherIsBetter: false[\s\S]*hidden: true/,
    );
    const colour = inForm(page, details, 'textbox', 'Advisor Ana Diaz: colour');
    await colour.fill('red');
    await expect.poll(() => besideField(colour), WAIT).toMatch(/color must be #rrggbb/);
    await colour.fill('#b03a2e');
    await expect.poll(() => besideField(colour), WAIT).toBe('');
    for (const name of [
      'Advisor Ana Diaz: stance',
      'Advisor Ana Diaz: note',
      'Advisor Ana Diaz: brief (the private role card of a live-class seat)',
    ])
      await inForm(page, details, 'textbox', name).fill('Careful.');
    await inForm(page, details, 'combobox', 'Ending It ends well: Tone').selectOption('mixed');
    await expect.poll(() => keptDraft(page)).toContain('brief: Careful.');
    await smallScreens(page, 'details-form');
    await expect.poll(() => summary(page), WAIT).toMatch(/^(No problems: ready to play\.|0 errors, \d+ warnings?\.)$/);

    // Delete an ending that a choice leads to: asked first, the choice goes with it, Undo brings both back.
    await card(page, 'Ending: A mixed outcome').focus();
    await page.keyboard.press('Enter');
    await form(page, 'Ending form').getByRole('button', { name: 'Delete this ending' }).click();
    const ask = page.getByRole('dialog', { name: 'Delete the ending "A mixed outcome"?', exact: true });
    expect(await ask.getByRole('list', { name: 'Choices that lead here' }).textContent()).toBe(
      '"Talk first" in "The first decision"',
    );
    await ask.getByRole('button', { name: 'Delete it and the choice' }).click();
    await expect.poll(() => card(page, 'Ending: A mixed outcome').count()).toBe(0);
    expect(await storyMap(page).locator('.cr-story-arrow').count()).toBe(2);
    expect(await keptDraft(page)).not.toMatch(/mixed-end|recommends: talk/);
    await inEditor(page, 'Undo').click();
    await card(page, 'Ending: A mixed outcome').waitFor();
    expect(await storyMap(page).locator('.cr-story-arrow').count()).toBe(3);

    // A new draft (the quick start again) is a draft of its own with an undo history of its own.
    await inEditor(page, 'New…').click();
    await inEditor(page, 'New scenario').click();
    const again = page.getByRole('dialog', { name: 'New scenario', exact: true });
    await again.getByRole('textbox', { name: 'The crisis' }).fill('Storm on the coast');
    await again.getByRole('textbox', { name: "The player's role" }).fill('You run the harbour.');
    await again.getByRole('textbox', { name: 'Meter 1' }).fill('Safety');
    await again.getByRole('textbox', { name: 'Meter 2' }).fill('Trust');
    await again.getByRole('textbox', { name: 'Advisor 1: name' }).fill('Cy');
    await again.getByRole('textbox', { name: 'Advisor 2: name' }).fill('Di');
    await again.getByRole('button', { name: 'Create the scenario' }).click();
    await card(page, 'Decision: The first decision').waitFor();
    await expect.poll(() => keptDraft(page), WAIT).toContain('Storm on the coast');
    const fresh = await keptDraft(page);
    for (let i = 0; i < 4; i++) await inEditor(page, 'Undo').click();
    await card(page, 'Decision: The first decision').waitFor();
    // Give the draft's save a chance to run after the Undo clicks (it runs on each change).
    await expect.poll(() => keptDraft(page), WAIT).toBe(fresh);
    expect(await card(page, 'Decision: The first decision').count()).toBe(1);
    // The flood draft is kept, not overwritten: both are in Recent drafts.
    await inEditor(page, 'New…').click();
    await inEditor(page, 'Recent drafts').click();
    const drafts = page
      .getByRole('dialog', { name: 'Recent drafts', exact: true })
      .getByRole('list', { name: 'Drafts' });
    await expect.poll(() => drafts.getByRole('listitem').count(), WAIT).toBe(2);
    s.expectNoErrors();
  });
});
