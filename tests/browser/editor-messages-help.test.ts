/**
 * Issue 21, points 5 and 6, in Debian's Chromium. Point 5: three mistakes typed into the editor
 * (a missing colon, a key indented too little, two lines joined) show in "Problems" at the line and
 * column of the mistake itself, in plain words. Point 6: the editor's help opens the authoring
 * guide, the checker's rule list and the format reference inside the site, each with a table of
 * contents that jumps to its sections and a Close that stays in view while the text scrolls;
 * Escape closes them; the authoring guide is loaded only when asked for. At 1280×720 and 390×844.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeBrowser, dialog, gotoTitle, openSession } from './support.ts';

afterAll(closeBrowser);

const WAIT = { timeout: 60_000, interval: 200 };

const editorRegion = (page: Page) => page.getByRole('region', { name: 'Scenario editor', exact: true });
const inEditor = (page: Page, name: string) => editorRegion(page).getByRole('button', { name, exact: true });
const source = (page: Page) => page.getByRole('textbox', { name: 'Scenario source', exact: true });
const problems = (page: Page) => editorRegion(page).getByRole('list', { name: 'Problems', exact: true });

/** Open the editor on the blank scenario; its lines as the editor shows them. */
async function openBlank(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Write a scenario', exact: true }).click();
  await editorRegion(page).waitFor();
  const start = page.getByRole('group', { name: 'Start from', exact: true });
  await start.waitFor();
  await start.getByRole('button', { name: 'Blank scenario', exact: true }).click();
  await expect.poll(() => source(page).locator('.cm-line').count(), WAIT).toBeGreaterThan(10);
  return source(page).locator('.cm-line').allTextContents();
}

/** Click at the end of the editor's line `text` (the mouse, as a teacher would). */
async function clickLineEnd(page: Page, text: string): Promise<void> {
  const line = source(page).locator('.cm-line').filter({ hasText: text }).first();
  const box = (await line.boundingBox())!;
  await page.mouse.click(box.x + box.width - 2, box.y + box.height / 2);
  await page.keyboard.press('End');
}

/** Wait for the one problem `line:col error [syntax] message` in Problems, then undo the edit and wait for it to go. */
async function seeProblemThenUndo(page: Page, line: number, col: number, message: string): Promise<void> {
  const problem = problems(page).getByRole('button', { name: `${line}:${col} error [syntax] ${message}`, exact: true });
  await problem.waitFor(WAIT);
  expect(
    await problems(page)
      .getByRole('button', { name: /\[syntax\]/ })
      .count(),
  ).toBe(1);
  await source(page).click();
  await page.keyboard.press('Control+Z');
  await expect
    .poll(
      () =>
        problems(page)
          .getByRole('button', { name: /\[syntax\]/ })
          .count(),
      WAIT,
    )
    .toBe(0);
}

describe('plain messages for three YAML mistakes, at the mistake (issue 21, point 5)', () => {
  it('a missing colon, a key indented too little and two joined lines', { timeout: 240_000 }, async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const { page } = s;
    await gotoTitle(s);
    const lines = await openBlank(page);
    const titleLine = lines.indexOf('    title: The first decision') + 1;
    const textLine = lines.indexOf('    text: What is happening.') + 1;
    expect(titleLine).toBeGreaterThan(0);
    expect(textLine).toBe(titleLine + 1);

    // 1. The colon after "title" deleted: the message points where it goes.
    await clickLineEnd(page, 'title: The first decision');
    await page.keyboard.press('Home');
    for (let i = 0; i < 'title'.length; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Delete');
    const noColon = '    title The first decision';
    await seeProblemThenUndo(
      page,
      titleLine,
      noColon.indexOf(' The') + 1,
      'a colon is missing after "title": write title: The first decision',
    );

    // 2. "text" moved two columns left (to the list's dash): reported on its own line.
    await clickLineEnd(page, 'text: What is happening.');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type('  ');
    await seeProblemThenUndo(
      page,
      textLine,
      3,
      '"text" is indented too little: it starts in column 3, but "title" above it starts in column 5; move "text" to column 5, so that the keys of the same map start in the same column',
    );

    // 3. The line break after the title deleted: the two lines are joined; break before "text".
    await clickLineEnd(page, 'title: The first decision');
    await page.keyboard.press('Delete');
    const joined = '    title: The first decision    text: What is happening.';
    await seeProblemThenUndo(
      page,
      titleLine,
      joined.indexOf('text:') + 1,
      'two lines seem to be joined here: "text:" starts a key of its own; break the line before "text" and start "text" on a new line in column 5, under "title" (if it is all one text, put the whole text in quotes instead)',
    );
    s.expectNoErrors();
  });
});

/** The documents the help opens: the button, a section its contents jump to, its first section, and (the guide) a phrase only it has. */
const DOCS = [
  {
    name: 'Authoring guide',
    section: '6. Replays (decision paths)',
    first: '1. Your first scenario in 15 minutes',
    only: 'Your first scenario in 15 minutes',
  },
  { name: 'Checker rules', section: 'Warnings (the file plays)', first: 'Errors (the file is refused)' },
  { name: 'Scenario format reference', section: 'Conditions', first: 'The rules of every file' },
];

describe('help stays in the browser (issue 21, point 6)', () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 390, height: 844 },
  ])
    it(`opens the authoring guide, the rule list and the format reference at ${viewport.width}×${viewport.height}`, {
      timeout: 240_000,
    }, async () => {
      const s = await openSession({ viewport });
      const { page } = s;
      const scripts: string[] = [];
      page.on('response', (r) => {
        if (/\.js(\?|$)/.test(r.url()))
          void r.text().then(
            (t) => scripts.push(t),
            () => {},
          );
      });
      await gotoTitle(s);
      await page.getByRole('button', { name: 'Write a scenario', exact: true }).click();
      await editorRegion(page).waitFor();
      await editorRegion(page).getByText('Help', { exact: true }).click();
      const help = await editorRegion(page).locator('.cr-editor-help').textContent();
      // No file the site does not show is named.
      expect(help).not.toContain('docs/authoring.md');
      expect(help).not.toContain('checker-rules');
      await page.waitForLoadState('networkidle');
      // The authoring guide is not loaded with the editor: only when it is asked for.
      expect(scripts.some((t) => t.includes(DOCS[0]!.only!))).toBe(false);

      for (const doc of DOCS) {
        await inEditor(page, doc.name).click();
        const d = dialog(page, doc.name);
        await d.waitFor();
        await d.getByRole('heading', { name: doc.first, exact: true }).waitFor();
        const close = d.getByRole('button', { name: 'Close', exact: true });
        const inView = async () => {
          const b = (await close.boundingBox())!;
          return b.y >= 0 && b.y + b.height <= viewport.height && b.x >= 0 && b.x + b.width <= viewport.width;
        };
        expect(await inView(), `${doc.name}: Close in view when opened`).toBe(true);
        // The contents jump to a section: its heading comes up to the top of the text.
        const heading = d.getByRole('heading', { name: doc.section, exact: true });
        const before = (await heading.boundingBox())!.y;
        const url = page.url();
        await d
          .getByRole('navigation', { name: 'Contents' })
          .getByRole('link', { name: doc.section, exact: true })
          .click();
        await expect.poll(async () => (await heading.boundingBox())!.y, WAIT).toBeLessThan(before - 50);
        const text = (await d.locator('.cr-doc-scroll').boundingBox())!;
        expect(Math.abs((await heading.boundingBox())!.y - text.y)).toBeLessThan(40);
        expect(page.url()).toBe(url);
        // Scrolled with the wheel, far down: Close is still in view.
        await page.mouse.move(text.x + text.width / 2, text.y + text.height / 2);
        for (let i = 0; i < 8; i++) await page.mouse.wheel(0, 600);
        expect(await inView(), `${doc.name}: Close in view after scrolling`).toBe(true);
        // Escape closes it.
        await page.keyboard.press('Escape');
        await expect.poll(() => d.count(), WAIT).toBe(0);
      }
      await page.waitForLoadState('networkidle');
      expect(scripts.some((t) => t.includes(DOCS[0]!.only!))).toBe(true);

      // A link from the guide to another document opens it in the site too.
      await inEditor(page, 'Authoring guide').click();
      const guide = dialog(page, 'Authoring guide');
      await guide.getByRole('link', { name: 'the scenario format', exact: true }).first().click();
      await dialog(page, 'Scenario format reference').waitFor();
      await dialog(page, 'Scenario format reference').getByRole('button', { name: 'Close', exact: true }).click();
      await guide.getByRole('button', { name: 'Close', exact: true }).click();
      await expect.poll(() => guide.count(), WAIT).toBe(0);
      s.expectNoErrors();
    });
});
