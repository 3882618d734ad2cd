/**
 * Issue 22 in Debian's Chromium: the scenario editor's Map view. A teacher starts with "New
 * scenario", builds on the story map with the mouse and types only into form fields, sees a
 * problem on a card and beside its field, fixes it in the form, switches to Text and back
 * without losing anything, undoes and redoes, and plays the scenario to the debrief.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { choicesGroup, continueButton, nextDecisionOrDebrief } from '../../tools/bench/drive.ts';
import { button, closeBrowser, gotoTitle, openSession, seriousAxeViolations } from './support.ts';

const WAIT = { timeout: 60_000, interval: 200 };

afterAll(async () => {
  await closeBrowser();
});

const editorRegion = (page: Page) => page.getByRole('region', { name: 'Scenario editor', exact: true });
const inEditor = (page: Page, name: string) => editorRegion(page).getByRole('button', { name, exact: true });
const storyMap = (page: Page) => page.getByRole('group', { name: 'Story map', exact: true });
const card = (page: Page, name: string) => storyMap(page).getByRole('button', { name: new RegExp(`^${name}(\\.|$)`) });

/** Counts what the teacher did: the measure of effort. */
interface Effort {
  clicks: number;
  drags: number;
  fields: number;
}

/** The teacher's hands: every click, drag and filled field is counted. */
function hands(page: Page, effort: Effort) {
  return {
    async click(l: Locator): Promise<void> {
      effort.clicks++;
      await l.click();
    },
    async fill(l: Locator, text: string): Promise<void> {
      effort.fields++;
      await l.click();
      await l.fill(text);
    },
    async select(l: Locator, label: string): Promise<void> {
      effort.fields++;
      await l.selectOption({ label });
    },
    /** Drag from a point of one element to the middle of another element, or to a point of the map. */
    async drag(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
      effort.drags++;
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      for (let i = 1; i <= 8; i++)
        await page.mouse.move(from.x + ((to.x - from.x) * i) / 8, from.y + ((to.y - from.y) * i) / 8);
      await page.mouse.up();
    },
  };
}

/** The middle of an element on screen. */
async function middle(l: Locator): Promise<{ x: number; y: number }> {
  const b = (await l.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** The round handle at the bottom edge of a card, where a choice is drawn from. */
async function handleOf(l: Locator): Promise<{ x: number; y: number }> {
  return middle(l.locator('.cr-story-handle'));
}

describe('the Map view of the scenario editor', () => {
  it('quick start lays out a first decision with three choices and three endings on the map, ready to play', async () => {
    const s = await openSession({ viewport: { width: 1280, height: 720 } });
    const { page } = s;
    await gotoTitle(s);
    await button(page, 'Write a scenario').click();
    await inEditor(page, 'New scenario').click();
    const form = page.getByRole('dialog', { name: 'New scenario', exact: true });
    await form.getByRole('textbox', { name: 'The crisis' }).fill('Flood in the valley');
    await form.getByRole('textbox', { name: "The player's role" }).fill('You are the mayor.');
    await form.getByRole('textbox', { name: 'Meter 1' }).fill('Public order');
    await form.getByRole('button', { name: 'Create the scenario' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('at least two meters');
    await form.getByRole('textbox', { name: 'Meter 2' }).fill('Budget');
    await form.getByRole('textbox', { name: 'Advisor 1: name' }).fill('Ana Diaz');
    await form.getByRole('textbox', { name: 'Advisor 2: name' }).fill('Ben Ode');
    await form.getByRole('button', { name: 'Create the scenario' }).click();
    await card(page, 'Decision: The first decision').waitFor();
    for (const name of ['Ending: It ends well', 'Ending: A mixed outcome', 'Ending: It ends badly'])
      await card(page, name).waitFor();
    expect(await storyMap(page).locator('.cr-story-arrow').count()).toBe(3);
    await expect
      .poll(() => editorRegion(page).getByRole('status').first().textContent(), WAIT)
      .toBe('No problems: ready to play.');
    await page.screenshot({ path: '.tmp/visual-quick-start.png' });
    expect(await seriousAxeViolations(page)).toEqual([]);
    s.expectNoErrors();
  });
});
