/**
 * The small things of issue 21, point 10, as a player and a teacher meet them: an advisor named
 * "Viktor (invented)" wears the badge "V" (not "VI"); a choice with no outcome text says so
 * instead of an empty outcome box; the replay viewer dates a step as the room does ("September 13,
 * 2022, 08:00", not the file's ISO text); and "Saved … to your library" is not in warning red.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeFragment } from '../../src/share/link.ts';
import { button, clickOnCanvas, closeBrowser, gotoTitle, openSession } from './support.ts';
import { choicesGroup, continueButton, debriefHeading } from '../../tools/bench/drive.ts';

afterAll(closeBrowser);

const SCENARIO = `format: crisis-room/1
id: small-things
title: "Small things"
version: 1.0.0
language: en
role: "Tester."
summary: An invented advisor, a dated decision, a choice with no outcome text.
meters:
  - { id: calm, label: Calm, start: 50 }
advisors:
  - { id: v, name: "Viktor (invented)", title: "Aide" }
start: n1
nodes:
  - id: n1
    title: First
    at: "2022-09-13T08:00"
    text: "Decide."
    advice: [{ advisor: v, text: "Go." }]
    choices:
      - { id: go, label: Go on, next: done }
      - { id: push, label: Push hard, effects: { calm: 5 }, outcome: "Pushed.", next: done }
endings:
  - { id: done, title: Done, tone: mixed, text: "The end." }
`;

/** The texts the canvas draws now (two frames after the last change). */
async function canvasTexts(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() =>
            resolve(
              (window as unknown as { __crisisRoom: { texts(): { text: string }[] } }).__crisisRoom
                .texts()
                .map((t) => t.text),
            ),
          ),
        ),
      ),
  );
}

describe('the small things', () => {
  it('badge from a name with "(invented)", no empty outcome box, room-style dates in the replay viewer', {
    timeout: 120_000,
  }, async () => {
    const made = makeFragment('scenario', SCENARIO, 'small-things.yaml');
    if (!made.ok) throw new Error(made.message);
    const s = await openSession({ viewport: { width: 1280, height: 720 } });
    const { page } = s;
    await page.goto(`${s.baseUrl}?silent&timer=off${made.fragment}`);
    await page
      .getByRole('article', { name: 'Small things', exact: true })
      .getByRole('button', { name: 'New game', exact: true })
      .click();
    await button(page, 'Begin').click();
    await choicesGroup(page).waitFor();

    // The advisor's badge: "V" in the panel and on the canvas.
    const advisor = page.locator('[data-initials]').first();
    expect(await advisor.getAttribute('data-initials')).toBe('V');
    const room = await canvasTexts(page);
    expect(room).toContain('V');
    expect(room).not.toContain('VI');

    // "Go on" (clicked on the canvas) has no outcome text: the outcome says so, in both views.
    await clickOnCanvas(page, choicesGroup(page).getByRole('button', { name: /Go on/ }));
    await continueButton(page).waitFor();
    const untold = 'Nothing more is told about this choice: the meters stay as they were.';
    expect(await page.getByRole('region', { name: 'Outcome', exact: true }).textContent()).toContain(untold);
    expect(await canvasTexts(page)).toContain(untold);

    // The replay viewer dates the step as the room does.
    await clickOnCanvas(page, continueButton(page));
    await debriefHeading(page).waitFor();
    await button(page, 'Open replay viewer').click();
    const viewer = page.getByRole('region', { name: 'Replay viewer', exact: true });
    await viewer.waitFor();
    const step = norm(await viewer.textContent());
    expect(step).toContain('September 13, 2022, 08:00');
    expect(step).not.toContain('2022-09-13T08:00');
    s.expectNoErrors();
  });

  it('"Saved … to your library" in the editor is not shown in warning red', { timeout: 120_000 }, async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const { page } = s;
    await gotoTitle(s);
    await button(page, 'Write a scenario').click();
    const editor = page.getByRole('region', { name: 'Scenario editor', exact: true });
    await page
      .getByRole('group', { name: 'Start from', exact: true })
      .getByRole('button', { name: 'Blank scenario' })
      .click();
    await page.getByRole('textbox', { name: 'Scenario source', exact: true }).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(SCENARIO);
    await expect
      .poll(() => editor.getByRole('status').first().textContent(), { timeout: 60_000, interval: 200 })
      .toBe('No problems: ready to play.');
    await editor.getByRole('button', { name: 'Save to library', exact: true }).click();
    const message = editor.locator('.cr-editor-message');
    await expect.poll(() => message.textContent(), { timeout: 30_000 }).toMatch(/^Saved "Small things"/);
    const [r, g, b] = (await message.evaluate((el) => getComputedStyle(el).color)).match(/\d+/g)!.map(Number);
    // Green is the strongest channel; the warning colour's red is not.
    expect(g!, `colour rgb(${r}, ${g}, ${b})`).toBeGreaterThan(r!);
    s.expectNoErrors();
  });
});

const norm = (t: string | null) => (t ?? '').replace(/\s+/g, ' ').trim();
