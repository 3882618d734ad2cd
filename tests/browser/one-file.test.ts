/**
 * Issue 20, a game as one file: a teacher loads a scenario, "Download as one file" on its card writes
 * one HTML file, and that file, opened from file:// with the network off, plays the scenario with the
 * mouse on the picture to the debrief and exports the decision path. The scenario is data: markup in
 * it shows as text and never runs, and a file whose scenario was edited by hand is checked again and
 * refused with the checker's line and column.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { debriefHeading, playToDebrief } from '../../tools/bench/drive.ts';
import { ROOT, tempDir } from '../../tools/bench/harness.ts';
import { button, clickOnCanvas, closeBrowser, dialog, gotoTitle, openSession, pickFile } from './support.ts';

afterAll(closeBrowser);

const MARKUP = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2"> <!--';
const FERRY = readFileSync(path.join(ROOT, 'tests/fixtures/teacher/outside-ferry.yaml'), 'utf8').replace(
  /^summary: .*$/m,
  `summary: ${JSON.stringify(`The ferry may stop. ${MARKUP}`)}`,
);
const TITLE = 'The Last Ferry';

/** Make the one-file game of the ferry scenario through the site's UI; returns the saved file's path. */
async function makeOneFile(): Promise<string> {
  const s = await openSession();
  const { page } = s;
  await gotoTitle(s);
  await pickFile(page, 'Load scenario file…', 'ferry.yaml', FERRY);
  const card = page.getByRole('article', { name: TITLE, exact: true });
  await card.getByRole('button', { name: 'Download as one file', exact: true }).click();
  const d = dialog(page, 'Download as one file');
  await d.waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    d.getByRole('button', { name: 'Download HTML file', exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('island-ferry-2019.html');
  await d
    .getByRole('status')
    .getByText(/^Downloaded island-ferry-2019\.html \(\d\.\d\d MB\)\.$/)
    .waitFor();
  const file = path.join(tempDir('one-file'), 'island-ferry-2019.html');
  await download.saveAs(file);
  s.expectNoErrors();
  return file;
}

/** A page with the network off, showing `file` from file://. */
async function openOffline(file: string): Promise<{ page: Page; expectNoErrors(): void }> {
  const s = await openSession({ offline: true });
  await s.page.goto(`file://${file}`);
  await s.page.getByRole('heading', { level: 1, name: 'Crisis Room' }).waitFor();
  return s;
}

describe('a game as one file', () => {
  let file = '';

  it('is made from a library card and plays from file:// with the network off, with the mouse, to the debrief', async () => {
    file = await makeOneFile();
    const html = readFileSync(file, 'utf8');
    expect(statSync(file).size, 'at most 2.5 MB').toBeLessThanOrEqual(2_500_000);
    // The sounds are inside; the scenario's markup is data (no `</script` of its own in the file).
    expect(html.includes('data:audio/mpeg;base64,'), 'the sounds are inlined').toBe(true);
    expect(html.includes('\\u003c/script>\\u003cscript>window.pwned=1'), 'the markup is escaped data').toBe(true);
    expect(html.includes('<script>window.pwned'), 'no script of the scenario').toBe(false);
    expect(html.match(/<\/script/gi)?.length, 'the game and its data block only').toBe(2);

    const { page, expectNoErrors } = await openOffline(file);
    expect(await page.title()).toBe(`${TITLE} · Crisis Room`);
    const card = page.getByRole('article', { name: TITLE, exact: true });
    await card.waitFor();
    // Only the file's own scenario, nothing to load files into.
    expect(await page.getByRole('article').count()).toBe(1);
    expect(await button(page, 'Load scenario file…').count()).toBe(0);
    // The markup is shown as text and never ran.
    await card.getByText(MARKUP, { exact: false }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

    await page.locator('#game canvas[data-scene="title"]').waitFor();
    const mouse = (b: Parameters<typeof clickOnCanvas>[1]) => clickOnCanvas(page, b);
    await mouse(card.getByRole('button', { name: 'New game', exact: true }));
    await playToDebrief(page, { click: mouse });
    await debriefHeading(page).waitFor();
    const [exported] = await Promise.all([page.waitForEvent('download'), mouse(button(page, 'Export decision path'))]);
    const replayPath = path.join(path.dirname(file), 'path.json');
    await exported.saveAs(replayPath);
    const replay = JSON.parse(readFileSync(replayPath, 'utf8')) as { format: string; scenario: { id: string } };
    expect(replay.format).toBe('crisis-room-replay/1');
    expect(replay.scenario.id).toBe('island-ferry-2019');

    // The text view works in the file too.
    await button(page, 'Text view').click();
    await expect.poll(() => button(page, 'Text view').getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('heading', { level: 2, name: 'Debrief' }).waitFor({ state: 'visible' });
    expectNoErrors();
  });

  it('checks the scenario again when the file opens: one edited by hand is refused with line and column', async () => {
    expect(file, 'the first test made the file').not.toBe('');
    const edited = path.join(path.dirname(file), 'edited.html');
    writeFileSync(edited, readFileSync(file, 'utf8').replace('start: warning', 'start: nowhere'));
    const { page } = await openOffline(edited);
    const alert = page.getByRole('alert').filter({ hasText: 'This file cannot be played as it is' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/ferry\.yaml:21:\d+: error: .*nowhere/);
    expect(await page.getByRole('article').count()).toBe(0);
  });

  it('is made from the editor too, with the other scenarios of the library when asked', async () => {
    const s = await openSession();
    const { page } = s;
    await gotoTitle(s);
    await pickFile(page, 'Load scenario file…', 'ferry.yaml', FERRY);
    await page.getByRole('article', { name: TITLE, exact: true }).waitFor();
    await button(page, 'Write a scenario').click();
    const editor = page.getByRole('region', { name: 'Scenario editor', exact: true });
    await editor.getByRole('button', { name: 'Harbour Strike template', exact: true }).click();
    await editor.getByRole('button', { name: 'Download as one file', exact: true }).click();
    const d = dialog(page, 'Download as one file');
    await d.getByRole('checkbox', { name: 'Also include the other 1 scenario of my library' }).check();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      d.getByRole('button', { name: 'Download HTML file', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('template-harbour-strike.html');
    const both = path.join(tempDir('one-file'), 'both.html');
    await download.saveAs(both);
    s.expectNoErrors();
    const offline = await openOffline(both);
    await offline.page.getByRole('article', { name: TITLE, exact: true }).waitFor();
    await offline.page.getByRole('article', { name: 'Harbour Strike (template)', exact: true }).waitFor();
    expect(await offline.page.getByRole('article').count()).toBe(2);
    offline.expectNoErrors();
  });
});
