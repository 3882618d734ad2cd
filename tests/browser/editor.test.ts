/**
 * Issue 11 in Debian's Chromium: a teacher writes a scenario in the browser. Typed with the
 * keyboard into "Scenario source", a mistake shows in "Problems" with its line:col, a click there
 * moves the cursor to it, the fix is typed, the scenario is played to an ending, and a reload in
 * the middle of an edit finds the draft intact. Driven by roles and names (docs/dom-contract.md).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { choicesGroup, continueButton, nextDecisionOrDebrief } from '../../tools/bench/drive.ts';
import { ROOT, button, closeBrowser, dialog, gotoTitle, openSession, seriousAxeViolations } from './support.ts';

/** Checks explore the state space in a worker on a shared machine: give them time. */
const WAIT = { timeout: 60_000, interval: 200 };

afterAll(async () => {
  await closeBrowser();
});

/** A small scenario, one top-level key a line (flow style), with a typo in the ending id on line 11. */
const LINES = [
  'format: crisis-room/1',
  'id: quay',
  'title: The quay',
  'version: 1.0.0',
  'language: en',
  'role: You run the port.',
  'summary: A two-step test.',
  'meters: [{ id: calm, label: Calm, start: 50 }]',
  'advisors: [{ id: aide, name: Ana Aide, title: Aide }]',
  'start: talk',
  'nodes: [{ id: talk, title: Talk first, text: The dockers wait., advice: [{ advisor: aide, text: Talk. }], choices: [{ id: talk, label: Open talks, effects: { calm: 10 }, next: walk }, { id: wait, label: Wait it out, effects: { calm: -10 }, next: deel }] }, { id: walk, title: Walk the quay, text: You walk the quay., choices: [{ id: done, label: Shake hands, effects: { calm: 5 }, next: deal }] }]',
  'endings: [{ id: deal, title: A deal, tone: good, text: Work resumes. }]',
];

const editorRegion = (page: Page) => page.getByRole('region', { name: 'Scenario editor', exact: true });
/** A button of the editor's own (the game's buttons underneath are inert meanwhile). */
const inEditor = (page: Page, name: string) => editorRegion(page).getByRole('button', { name, exact: true });
const source = (page: Page) => page.getByRole('textbox', { name: 'Scenario source', exact: true });
const problems = (page: Page) => editorRegion(page).getByRole('list', { name: 'Problems', exact: true });

/** Type lines with the keyboard; Escape closes any suggestion list so Enter makes a new line. */
async function typeLines(page: Page, lines: readonly string[]): Promise<void> {
  for (const [i, line] of lines.entries()) {
    await page.keyboard.type(line);
    await page.keyboard.press('Escape');
    if (i < lines.length - 1) await page.keyboard.press('Enter');
  }
}

describe('the scenario editor', () => {
  it('types a scenario, sees a problem at line:col, fixes it, plays it to an ending, and keeps the draft over a reload', async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const { page } = s;
    await gotoTitle(s);
    await button(page, 'Write a scenario').click();
    await editorRegion(page).waitFor();
    // A first visit: the ways to start are offered; start blank and clear it.
    const start = page.getByRole('group', { name: 'Start from', exact: true });
    await start.waitFor();
    await start.getByRole('button', { name: 'Blank scenario', exact: true }).click();
    await source(page).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await typeLines(page, LINES);

    // The checker's message for the typo, with its position, in "Problems".
    const typo = { line: 11, col: LINES[10]!.indexOf('deel') + 1 };
    const problem = problems(page).getByRole('button', {
      name: `${typo.line}:${typo.col} error [unknown-ref] next "deel" is not a node or ending id (did you mean "deal"?)`,
      exact: true,
    });
    await problem.waitFor();
    expect(await problems(page).getByRole('listitem').count()).toBe(1);
    // Play refuses a draft with errors, and says why.
    await inEditor(page, 'Play').click();
    await expect
      .poll(() => editorRegion(page).getByRole('alert').textContent(), WAIT)
      .toMatch(/1 error: it is kept as a draft, but cannot be played/);

    // Clicking the problem puts the cursor on "deel": four Deletes and the fix, by keyboard.
    await problem.click();
    for (let i = 0; i < 4; i++) await page.keyboard.press('Delete');
    await page.keyboard.type('deal');
    await expect
      .poll(() => editorRegion(page).getByRole('status').first().textContent(), WAIT)
      .toMatch(/^No problems: ready to play\.$/);
    expect(await problems(page).getByRole('listitem').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Play from the start: a test run, clearly labelled, to an ending.
    await inEditor(page, 'Play').click();
    await page.getByRole('region', { name: 'Test run', exact: true }).waitFor();
    await button(page, 'Begin').click();
    await choicesGroup(page).getByRole('button', { name: 'Open talks', exact: true }).click();
    await continueButton(page).click();
    expect(await nextDecisionOrDebrief(page)).toBe(false);
    await choicesGroup(page).getByRole('button', { name: 'Shake hands', exact: true }).click();
    await continueButton(page).click();
    expect(await nextDecisionOrDebrief(page)).toBe(true);
    await expect.poll(() => page.getByRole('main').textContent(), WAIT).toContain('A deal');

    // Back to the editor, the cursor where it was (after the fix); then an edit and a reload.
    await button(page, 'Back to the editor').click();
    await editorRegion(page).waitFor();
    await page.keyboard.type('-x');
    const edited = LINES.join('\n').replace('next: deel', 'next: deal-x');
    await expect.poll(() => page.getByText('Draft saved in this browser').count(), WAIT).toBe(1);
    await page.reload();
    await gotoTitle(s);
    await button(page, 'Write a scenario').click();
    await editorRegion(page).waitFor();
    await expect.poll(() => source(page).textContent(), WAIT).toBe(edited.replace(/\n/g, ''));
    expect(await page.evaluate(() => document.querySelector('.cm-content')?.textContent)).toBe(
      edited.replace(/\n/g, ''),
    );
    s.expectNoErrors();
  }, 360_000); // typing ~900 characters key by key on a shared machine takes a while

  it('shows the map with the node under the cursor marked, downloads, makes a #s= link, and plays from that node', async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const { page } = s;
    await gotoTitle(s);
    await button(page, 'Write a scenario').click();
    await page.getByRole('group', { name: 'Start from', exact: true }).waitFor();
    await inEditor(page, 'Harbour Strike template').click();
    await expect
      .poll(() => editorRegion(page).getByRole('status').first().textContent(), WAIT)
      .toMatch(/^No problems: ready to play\.$/);
    // The cursor into node "deadline" (its title line), with the mouse: CodeMirror draws only the
    // lines in view, so scroll with the wheel until that line is drawn.
    const titleLine = source(page).getByText('title: The ships cannot wait', { exact: true });
    await source(page).hover();
    for (let i = 0; i < 40 && !(await titleLine.count()); i++) await page.mouse.wheel(0, 200);
    await titleLine.click();
    await inEditor(page, 'Scenario map').click();
    const map = dialog(page, 'Scenario map');
    await map.waitFor();
    await expect.poll(() => map.textContent(), WAIT).toContain('"deadline", is marked');
    await map.getByRole('img', { name: 'Scenario map' }).waitFor();
    await map.getByRole('button', { name: 'Back to the editor', exact: true }).click();
    // "Download" gives the text as it is; "Copy link" makes a #s= link of it.
    const [download] = await Promise.all([page.waitForEvent('download'), inEditor(page, 'Download').click()]);
    expect(download.suggestedFilename()).toBe('template.yaml');
    const chunks: Buffer[] = [];
    for await (const c of (await download.createReadStream())!) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(
      readFileSync(path.join(ROOT, 'scenarios/examples/template.yaml'), 'utf8'),
    );
    await inEditor(page, 'Copy link').click();
    const share = dialog(page, 'Share link');
    await share.waitFor();
    expect(await share.getByRole('textbox', { name: 'Link' }).inputValue()).toMatch(/#s=/);
    await share.getByRole('button', { name: 'Close', exact: true }).click();
    await inEditor(page, 'Play from here').click();
    await page.getByRole('region', { name: 'Test run', exact: true }).waitFor();
    expect(await page.getByRole('region', { name: 'Test run' }).textContent()).toContain('from node "deadline"');
    await choicesGroup(page).waitFor();
    await expect.poll(() => page.getByRole('main').textContent(), WAIT).toContain('The ships cannot wait');
    await button(page, 'Back to the editor').click();
    await editorRegion(page).waitFor();
    s.expectNoErrors();
  });

  it('?scenario= that answers with a web page says so, instead of listing HTML as YAML errors', async () => {
    const s = await openSession();
    const { page } = s;
    // The preview server answers an unknown path with the game's own index.html (status 200).
    await page.goto(`${s.baseUrl}?scenario=no-such-file.yaml`);
    const d = dialog(page, 'Could not load the scenario');
    await d.waitFor();
    expect(await d.textContent()).toContain('this address returned a web page, not a scenario file');
    expect(await dialog(page, 'Scenario problems').count()).toBe(0);
    await d.getByRole('button', { name: 'Close', exact: true }).click();
    s.expectNoErrors();
  });
});
