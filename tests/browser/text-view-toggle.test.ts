/**
 * Text view on and off again gives back exactly the picture it replaced: the canvas's place and size
 * on the page and its logical width, on every screen (title, briefing, room, debrief) and at
 * 1280×720, 1920×1080, 1024×768 and 390×844 (there Text view is the default: off and on again).
 * The toggle is the toolbar's "Text view" button, clicked with the mouse.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { button, closeBrowser, openSession } from './support.ts';
import { choicesGroup, debriefHeading } from '../../tools/bench/drive.ts';

afterAll(closeBrowser);

/** The canvas's box on the page (rounded to whole pixels) and its logical width, once it settles. */
async function picture(page: Page): Promise<string> {
  let last = '';
  for (let i = 0; i < 40; i++) {
    const now = await page.evaluate(
      () =>
        new Promise<string>((resolve) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() => {
              const c = document.querySelector('canvas')!;
              const r = c.getBoundingClientRect();
              resolve(
                `${Math.round(r.x)},${Math.round(r.y + window.scrollY)} ${Math.round(r.width)}×${Math.round(r.height)} logical ${c.dataset.logicalWidth}`,
              );
            }),
          ),
        ),
    );
    if (now === last) return now;
    last = now;
    await page.waitForTimeout(50);
  }
  return last;
}

/** Click "Text view" twice with the mouse; the picture after must be the one before. */
async function toggleTwice(page: Page, where: string): Promise<void> {
  const before = await picture(page);
  const toggle = button(page, 'Text view');
  const pressed = await toggle.getAttribute('aria-pressed');
  await toggle.click();
  await page.waitForFunction(
    (p) => document.querySelector('[aria-pressed]')?.getAttribute('aria-pressed') !== p,
    pressed,
  );
  const between = await picture(page);
  // Beside or above the panel the whole picture shows: the canvas inside its stage (it was 960 px
  // wide in a 934 px stage at 1280×720, both edges cut).
  const inside = await page.evaluate(() => {
    const c = document.querySelector('canvas')!.getBoundingClientRect();
    const g = document.getElementById('game')!.getBoundingClientRect();
    return c.left >= g.left - 0.5 && c.right <= g.right + 0.5 && c.top >= g.top - 0.5 && c.bottom <= g.bottom + 0.5;
  });
  expect(inside, `${where}: the canvas inside its stage in the other view`).toBe(true);
  await button(page, 'Text view').click();
  await page.waitForFunction(
    (p) => document.querySelector('[aria-pressed]')?.getAttribute('aria-pressed') === p,
    pressed,
  );
  await page.evaluate(() => window.scrollTo(0, 0));
  expect(between, `${where}: the text view changes the picture`).not.toBe(before);
  expect(await picture(page), `${where}: the picture after Text view twice`).toBe(before);
}

describe('Text view toggles back to the picture it replaced', () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
    { width: 1024, height: 768 },
    { width: 390, height: 844 },
  ])
    it(`on the title, briefing, room and debrief at ${viewport.width}×${viewport.height}`, {
      timeout: 120_000,
    }, async () => {
      const s = await openSession({ viewport });
      const { page } = s;
      await page.goto(`${s.baseUrl}?silent&timer=off`);
      await button(page, 'Text view').waitFor();
      await page.locator('canvas').waitFor();
      await toggleTwice(page, 'title');
      await page.getByRole('button', { name: 'New game', exact: true }).first().click();
      await button(page, 'Begin').waitFor();
      await toggleTwice(page, 'briefing');
      await button(page, 'Begin').click();
      await choicesGroup(page).waitFor();
      await toggleTwice(page, 'room');
      // The debrief: the first choice at every decision.
      await debriefFast(page);
      await debriefHeading(page).waitFor();
      await toggleTwice(page, 'debrief');
      s.expectNoErrors();
    });
});

/** Choose the first choice shown until the debrief (Continue after each outcome). */
async function debriefFast(page: Page): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (await debriefHeading(page).count()) return;
    const choices = choicesGroup(page).getByRole('button');
    if (await choices.count()) {
      await choices.first().click();
      await button(page, 'Continue').click();
    }
    await page.waitForTimeout(20);
  }
}
