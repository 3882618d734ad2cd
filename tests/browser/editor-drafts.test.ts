/**
 * No action in the editor loses a draft (issue 21, point 3): "New…" asks before it replaces the
 * draft open ("Cancel" keeps it), "Recent drafts" lists every draft kept in this browser and opens
 * one again (from "New…"), and a draft's last versions can be restored, across a reload. With the mouse.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { button, closeBrowser, dialog, gotoTitle, openSession } from './support.ts';

afterAll(closeBrowser);

const editorRegion = (page: Page) => page.getByRole('region', { name: 'Scenario editor', exact: true });
const inEditor = (page: Page, name: string) => editorRegion(page).getByRole('button', { name, exact: true });
const source = (page: Page) => page.getByRole('textbox', { name: 'Scenario source', exact: true });
const docText = async (page: Page) => (await page.locator('.cm-content .cm-line').allTextContents()).join('\n');

describe('drafts are never lost', () => {
  it('asks before replacing, lists and reopens drafts, restores an earlier version', { timeout: 180_000 }, async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const { page } = s;
    await gotoTitle(s);
    await button(page, 'Write a scenario').click();
    await page.getByRole('group', { name: 'Start from' }).getByRole('button', { name: 'Blank scenario' }).click();
    await source(page).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('title: "My first case"\nsummary: one');
    // A pause: a version. Then, after the versions' gap, another edit and pause: a second version.
    await expect
      .poll(() => editorRegion(page).getByRole('status').first().textContent(), { timeout: 60_000 })
      .not.toBe('Checking…');
    await page.waitForTimeout(10_500);
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText(' two');
    await expect.poll(() => docText(page)).toBe('title: "My first case"\nsummary: one two');
    await page.waitForTimeout(1_000);

    // "New…" → the template: asked first; Cancel keeps the draft.
    await inEditor(page, 'New…').click();
    await inEditor(page, 'Harbour Strike template').click();
    const ask = dialog(page, 'Replace this draft?');
    await ask.getByText(/Your draft "my-scenario.yaml" is kept: open it again from "Recent drafts"/).waitFor();
    await ask.getByRole('button', { name: 'Cancel', exact: true }).click();
    expect(await docText(page)).toBe('title: "My first case"\nsummary: one two');
    await inEditor(page, 'New…').click();
    await inEditor(page, 'Harbour Strike template').click();
    await ask.getByRole('button', { name: 'Replace', exact: true }).click();
    await expect.poll(() => docText(page)).toContain('Harbour Strike');

    // A reload: both drafts are in "Recent drafts"; the first opens again, whole.
    await page.reload();
    await button(page, 'Write a scenario').click();
    await inEditor(page, 'New…').click();
    await inEditor(page, 'Recent drafts').click();
    const recent = dialog(page, 'Recent drafts');
    const items = recent.getByRole('list', { name: 'Drafts' }).getByRole('listitem');
    await expect.poll(() => items.count()).toBe(2);
    const mine = items.filter({ hasText: 'My first case' });
    expect(await mine.textContent()).toContain('(my-scenario.yaml)');
    expect(await items.filter({ hasText: 'editing now' }).textContent()).toContain('template');
    await mine.getByRole('button', { name: 'Open my-scenario.yaml', exact: true }).click();
    await expect.poll(() => docText(page)).toBe('title: "My first case"\nsummary: one two');

    // Its versions: the newest first; restoring the older one gives back the text before " two".
    await inEditor(page, 'New…').click();
    await inEditor(page, 'Recent drafts').click();
    await recent
      .getByRole('list', { name: 'Drafts' })
      .getByRole('listitem')
      .filter({ hasText: 'My first case' })
      .getByRole('button', { name: /^Versions \(\d+\)$/ })
      .click();
    const versions = recent.getByRole('list', { name: 'Versions of "My first case"' }).getByRole('listitem');
    await expect.poll(() => versions.count()).toBeGreaterThanOrEqual(2);
    await versions
      .last()
      .getByRole('button', { name: /^Restore version \d+$/ })
      .click();
    await expect.poll(() => docText(page)).toBe('title: "My first case"\nsummary: one');
    s.expectNoErrors();
  });
});
