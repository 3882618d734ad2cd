/**
 * Issue 23, cases 3 and 9 in the page: two tabs editing one draft never both say "Draft saved" and
 * then lose one tab's work on reload; the second tab to save is asked which version to keep, and
 * the other is kept in "Recent drafts". A huge stored draft (50 MB, damaged) is not opened in the
 * editor: the teacher is told its size and starts empty. With the mouse.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { button, closeBrowser, dialog, gotoTitle, keptDraft, openSession } from './support.ts';

afterAll(closeBrowser);

const editorRegion = (page: Page) => page.getByRole('region', { name: 'Scenario editor', exact: true });
const inEditor = (page: Page, name: string) => editorRegion(page).getByRole('button', { name, exact: true });
const source = (page: Page) => page.getByRole('textbox', { name: 'Scenario source', exact: true });
const docText = async (page: Page) => (await page.locator('.cm-content .cm-line').allTextContents()).join('\n');

/** Open the editor on a blank draft holding `text`, and wait until the draft is kept in the browser. */
async function typeDraft(page: Page, text: string): Promise<void> {
  await source(page).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
  await expect.poll(() => keptDraft(page), { timeout: 30_000 }).toBe(text);
}

/**
 * Put `value` (under `key`, or its own key path) into IndexedDB database `db`, object store `store`,
 * as a damaged disk or another program could leave it. `bigText`: its `text` becomes that many "x",
 * made in the page.
 */
async function putStored(page: Page, db: string, store: string, value: object, key?: string, bigText?: number) {
  await page.evaluate(
    ([db, store, value, key, bigText]) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open(db);
        req.onupgradeneeded = () => req.result.createObjectStore(store);
        req.onsuccess = () => {
          const tx = req.result.transaction(store, 'readwrite');
          const v = bigText ? { ...value, text: 'x'.repeat(bigText) } : value;
          if (key === undefined) tx.objectStore(store).put(v);
          else tx.objectStore(store).put(v, key);
          tx.oncomplete = () => {
            req.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [db, store, value, key, bigText] as const,
  );
}

describe('two tabs, one draft', () => {
  it('a tab with nothing typed follows the other; a tab that typed on an old copy is asked, and keeps both texts', {
    timeout: 240_000,
  }, async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const a = s.page;
    await gotoTitle(s);
    await button(a, 'Write a scenario').click();
    await a.getByRole('group', { name: 'Start from' }).getByRole('button', { name: 'Blank scenario' }).click();
    await typeDraft(a, 'title: "Typed in tab A"');

    // Tab B opens the same draft; tab C too, in a browser that cannot tell tabs apart
    // (no BroadcastChannel), so only the saved draft's revision protects it.
    const open = async (noChannel: boolean) => {
      const p = await s.context.newPage();
      if (noChannel) await p.addInitScript(() => Reflect.deleteProperty(window, 'BroadcastChannel'));
      await p.goto(s.baseUrl);
      await button(p, 'Write a scenario').click();
      await expect.poll(() => docText(p), { timeout: 30_000 }).toBe('title: "Typed in tab A"');
      await source(p).click();
      return p;
    };
    const b = await open(false);
    const c = await open(true);

    // Tab A types on: tab B, with nothing typed, shows it at once; tab C does not hear of it.
    await source(a).click();
    await a.keyboard.press('Control+End');
    await a.keyboard.insertText(' # more from A');
    await expect.poll(() => keptDraft(a), { timeout: 30_000 }).toBe('title: "Typed in tab A" # more from A');
    await expect.poll(() => docText(b), { timeout: 30_000 }).toBe('title: "Typed in tab A" # more from A');
    await editorRegion(b).getByText('Showing the newer version saved in another tab').waitFor();
    expect(await docText(c)).toBe('title: "Typed in tab A"');

    // Tab C types on its old copy: not saved over tab A's work, and asked.
    // (No cursor move first: moving it alone, with nothing typed, would quietly bring tab A's text.)
    await c.keyboard.insertText('\nsummary: typed in tab C');
    const ask = dialog(c, 'This draft was changed in another tab');
    await ask.waitFor();
    expect(await editorRegion(c).getByText('Not saved: this draft was changed in another tab.').count()).toBe(1);
    expect(await keptDraft(c)).toBe('title: "Typed in tab A" # more from A');

    // "Use the other tab's version": tab C shows tab A's text; its own is a draft in Recent drafts.
    await ask.getByRole('button', { name: 'Use the other tab’s version', exact: true }).click();
    await expect.poll(() => docText(c), { timeout: 30_000 }).toBe('title: "Typed in tab A" # more from A');
    await inEditor(c, 'New…').click();
    await inEditor(c, 'Recent drafts').click();
    const recent = dialog(c, 'Recent drafts');
    const drafts = recent.getByRole('list', { name: 'Drafts' }).getByRole('listitem');
    await expect.poll(() => drafts.count(), { timeout: 30_000 }).toBe(2);
    await drafts
      .filter({ hasNotText: 'editing now' })
      .getByRole('button', { name: /^Versions/ })
      .click();
    // Tab C's two-line text (tab A's are one line) is kept.
    await recent
      .getByRole('list', { name: /^Versions of / })
      .getByText(/my-scenario\.yaml, 2 lines$/)
      .waitFor();
    await c.keyboard.press('Escape');

    // Tab C goes on (its save does not reach the other tabs at once), then tab A types on: asked, it keeps its own.
    await source(c).click();
    await c.keyboard.press('Control+End');
    await c.keyboard.insertText(' # C');
    await expect.poll(() => keptDraft(c), { timeout: 30_000 }).toBe('title: "Typed in tab A" # more from A # C');
    await a.keyboard.insertText('!');
    const askA = dialog(a, 'This draft was changed in another tab');
    await askA.waitFor();
    await askA.getByRole('button', { name: 'Keep this tab’s version', exact: true }).click();
    await expect.poll(() => keptDraft(a), { timeout: 30_000 }).toBe('title: "Typed in tab A" # more from A!');
    await expect.poll(() => docText(b), { timeout: 30_000 }).toBe('title: "Typed in tab A" # more from A!');

    // A reload shows the version chosen last.
    await a.reload();
    await button(a, 'Write a scenario').click();
    await expect.poll(() => docText(a), { timeout: 30_000 }).toBe('title: "Typed in tab A" # more from A!');
    s.expectNoErrors();
  });

  it('a 50 MB stored draft is not opened: the editor says so and starts empty', { timeout: 120_000 }, async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const { page } = s;
    await gotoTitle(s);
    // A damaged record: 50 MB of text where the draft is kept (as a broken disk or another program could leave it).
    const draft = { fileName: 'huge.yaml', cursor: 0, savedAt: 1 };
    await putStored(page, 'crisis-room-editor', 'drafts', draft, 'current', 50 * 1024 * 1024);
    await page.reload();
    await button(page, 'Write a scenario').click();
    const told = dialog(page, 'The saved draft was not opened');
    await told.getByText(/too large to edit here \(50\.0 MB; the largest scenario is 2\.0 MB\)/).waitFor();
    await told.getByRole('button', { name: 'Start without it', exact: true }).click();
    // The editor offers the ways to start, and nothing of the 50 MB reached it.
    await page.getByRole('group', { name: 'Start from' }).waitFor();
    expect((await docText(page)).length).toBeLessThan(1000);
    s.expectNoErrors();
  });

  it('a 50 MB entry in the library is listed as damaged with its size at start-up, and the game is usable', {
    timeout: 120_000,
  }, async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const { page } = s;
    await gotoTitle(s);
    const entry = { id: 'huge', version: '1', title: 'Huge one', fileName: 'huge.yaml' };
    const rest = { sha256: '0'.repeat(64), added: '2026-12-08T00:00:00.000Z' };
    await putStored(page, 'crisis-room-library', 'scenarios', { ...entry, ...rest }, undefined, 50 * 1024 * 1024);
    await page.reload();
    const damaged = dialog(page, 'Damaged scenarios in your library');
    await damaged.getByText('Huge one (50.0 MB, too large to be a scenario): not a readable library entry').waitFor();
    // Removing the only damaged entry closes the dialog; the title screen takes clicks again.
    await damaged.getByRole('button', { name: 'Remove', exact: true }).click();
    await damaged.waitFor({ state: 'detached' });
    await button(page, 'Write a scenario').click();
    await page.getByRole('region', { name: 'Scenario editor', exact: true }).waitFor();
    // Removed for good: a reload shows no dialog.
    await page.reload();
    await button(page, 'Load scenario file…').waitFor();
    expect(await page.getByRole('dialog', { name: 'Damaged scenarios in your library' }).count()).toBe(0);
    s.expectNoErrors();
  });

  it('a reopened 1.9 MB one-line draft is laid out one item per line; a long line that is not JSON is not opened', {
    timeout: 180_000,
  }, async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const { page } = s;
    await gotoTitle(s);
    const putDraft = (text: string, fileName: string) =>
      putStored(page, 'crisis-room-editor', 'drafts', { text, fileName, cursor: 5, savedAt: 1 }, 'current');
    // 1.9 MB of scenario-like data on one line, as a tool that writes JSON leaves it.
    const nodes: Record<string, unknown> = {};
    for (let i = 0; i < 6200; i++)
      nodes[`n${i}`] = { title: `Node ${i}`, text: 'Protests spread. '.repeat(15), next: `n${i + 1}` };
    const oneLine = JSON.stringify({ format: 'crisis-room/1', id: 'big', nodes });
    expect(oneLine.length).toBeGreaterThan(1_900_000);
    await putDraft(oneLine, 'big.json');
    await page.reload();
    await button(page, 'Write a scenario').click();
    await editorRegion(page)
      .getByText(
        /^"big\.json" had a line of 1,9\d\d,\d{3} characters, too long to edit: it is laid out one item per line/,
      )
      .waitFor();
    // Only short lines reach the editor, and it takes a click and typing at once.
    const longest = await page.evaluate(() =>
      Math.max(...Array.from(document.querySelectorAll('.cm-content .cm-line'), (l) => l.textContent?.length ?? 0)),
    );
    expect(longest).toBeLessThan(1000);
    await source(page).click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.insertText(' ');
    await expect.poll(() => keptDraft(page), { timeout: 60_000 }).toMatch(/^ \{\n {2}"format": "crisis-room\/1",\n/);

    // A long line that is not JSON: not opened; it can be downloaded whole.
    const notJson = `title: "${'x'.repeat(40_000)}`;
    await putDraft(notJson, 'broken.yaml');
    await page.reload();
    await button(page, 'Write a scenario').click();
    const told = dialog(page, 'This draft has a line too long to edit');
    await told
      .getByText(/"broken\.yaml" has a line of 40,008 characters; the editor takes lines of up to 30,000/)
      .waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      told.getByRole('button', { name: 'Download it', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('broken.yaml');
    const saved = await download.path();
    expect((await import('node:fs')).readFileSync(saved, 'utf8')).toBe(notJson);
    await told.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('group', { name: 'Start from' }).waitFor();
    s.expectNoErrors();
  });
});
