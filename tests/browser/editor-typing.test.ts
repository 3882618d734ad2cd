/**
 * The scenario editor types like a text editor (issue 21, point 4): Enter inserts a line even while
 * suggestions show, unless one was picked with the arrow keys (Tab takes one); a new line keeps the
 * previous line's indentation and adds none, so typed spaces count once; Ctrl+F opens CodeMirror's
 * search and replace (nothing typed into the file); undo and redo work, and after a reload undo
 * does not walk into the earlier visit's typing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { button, closeBrowser, gotoTitle, keptDraft, openSession } from './support.ts';

afterAll(closeBrowser);

const editorRegion = (page: Page) => page.getByRole('region', { name: 'Scenario editor', exact: true });
const source = (page: Page) => page.getByRole('textbox', { name: 'Scenario source', exact: true });
const suggestions = (page: Page) => page.getByRole('listbox');

/**
 * Wait until the suggestions show and can take a key: CodeMirror ignores a key that would accept a
 * completion within its interactionDelay (75 ms) of the list opening, as a teacher's fast typing would.
 */
async function suggestionsReady(page: Page): Promise<void> {
  await suggestions(page).waitFor();
  await page.waitForTimeout(200);
}

/** The draft's text as the editor shows it, a line per `.cm-line`. */
async function docText(page: Page): Promise<string> {
  return (await page.locator('.cm-content .cm-line').allTextContents()).join('\n');
}

/** Open the editor on a blank draft and clear it. */
async function blankEditor(page: Page): Promise<void> {
  await button(page, 'Write a scenario').click();
  await editorRegion(page).waitFor();
  const start = page.getByRole('group', { name: 'Start from', exact: true });
  await start.waitFor();
  await start.getByRole('button', { name: 'Blank scenario', exact: true }).click();
  await source(page).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
}

describe('the editor types like a text editor', () => {
  it('Enter inserts a line unless a suggestion was picked; indentation kept, never added to', {
    timeout: 120_000,
  }, async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const { page } = s;
    await gotoTitle(s);
    await blankEditor(page);

    // A key begun at the top level: the suggestions open, Enter still starts a new line.
    await page.keyboard.type('tit');
    await suggestionsReady(page);
    await page.keyboard.press('Enter');
    expect(await docText(page)).toBe('tit\n');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');

    // Picked with the arrow keys, Enter takes the suggestion.
    await page.keyboard.type('tit');
    await suggestionsReady(page);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await docText(page)).toMatch(/^title:/);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');

    // Tab takes the first suggestion without picking.
    await page.keyboard.type('summ');
    await suggestionsReady(page);
    await page.keyboard.press('Tab');
    expect(await docText(page)).toMatch(/^summary:/);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');

    // A nested block: each new line starts at the previous line's indentation; two typed spaces
    // indent one step further, no more.
    await page.keyboard.type('nodes:');
    await page.keyboard.press('Enter');
    await page.keyboard.type('  - id: n1');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.keyboard.type('  history:');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.keyboard.type('  choice: painful-peace');
    await page.keyboard.press('Enter');
    await page.keyboard.type('text: Done.');
    expect(await docText(page)).toBe(
      ['nodes:', '  - id: n1', '    history:', '      choice: painful-peace', '      text: Done.'].join('\n'),
    );

    // Undo takes back the last typing, redo brings it back (Ctrl+Shift+Z and Ctrl+Y).
    const full = await docText(page);
    await page.keyboard.press('Control+Z');
    expect(await docText(page)).not.toBe(full);
    await page.keyboard.press('Control+Shift+Z');
    expect(await docText(page)).toBe(full);
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+Y');
    expect(await docText(page)).toBe(full);

    // Ctrl+F: the search panel, nothing typed into the file; replace all from it.
    await page.keyboard.press('Control+F');
    const find = editorRegion(page).getByRole('textbox', { name: 'Find', exact: true });
    await find.waitFor();
    expect(await docText(page)).toBe(full);
    await find.fill('painful-peace');
    await editorRegion(page).getByRole('textbox', { name: 'Replace', exact: true }).fill('hard-peace');
    await editorRegion(page).getByRole('button', { name: 'replace all', exact: true }).click();
    expect(await docText(page)).toBe(full.replace('painful-peace', 'hard-peace'));

    // A reload (once the draft kept in the browser has the replacement): the draft is back, and
    // undo has nothing from before it to walk into.
    await expect.poll(() => keptDraft(page), { timeout: 30_000 }).toContain('hard-peace');
    await page.reload();
    await button(page, 'Write a scenario').click();
    await editorRegion(page).waitFor();
    await page.waitForFunction(() => document.querySelector('.cm-content')?.textContent?.includes('hard-peace'));
    const reloaded = await docText(page);
    expect(reloaded).toBe(full.replace('painful-peace', 'hard-peace'));
    await source(page).click();
    await page.keyboard.press('Control+Z');
    expect(await docText(page)).toBe(reloaded);
    await page.keyboard.press('End');
    await page.keyboard.type(' More.');
    await page.keyboard.press('Control+Z');
    expect(await docText(page)).toBe(reloaded);
    await page.keyboard.press('Control+Shift+Z');
    expect(await docText(page)).toContain(' More.');
    s.expectNoErrors();
  });
});
