/**
 * Screenshots of the scenario editor for the docs: a problem listed with its line:col, completion
 * of the file's own ids (in YAML and in a .json file), the map with the cursor's node marked, a
 * test run from a node, and the format reference, at 1280×720; and the editor on a phone
 * (390×844), into docs/screenshots/editor-*.png. Builds and serves the game like tools/screenshots.ts.
 *
 *   node --import tsx tools/editor-screenshots.ts
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { parse } from 'yaml';
import { buildAndServe, launchChromium, newContext, ROOT } from './bench/harness.ts';

const OUT = path.join(ROOT, 'docs/screenshots');

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
/** A button of the editor's own (a title card has a "Scenario map" too). */
const inEditor = (page: Page, name: string) =>
  page.getByRole('region', { name: 'Scenario editor', exact: true }).getByRole('button', { name, exact: true });
const source = (page: Page) => page.getByRole('textbox', { name: 'Scenario source', exact: true });
const summary = (page: Page) =>
  page.getByRole('region', { name: 'Scenario editor', exact: true }).getByRole('status').first();

async function waitForSummary(page: Page, re: RegExp): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (re.test((await summary(page).textContent()) ?? '')) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`the editor never said ${re}`);
}

/** Scroll the editor with the wheel until a line is drawn, then click it. */
async function clickLine(page: Page, text: string): Promise<void> {
  const line = source(page).getByText(text, { exact: true });
  await source(page).hover();
  for (let i = 0; i < 60 && !(await line.count()); i++) await page.mouse.wheel(0, 200);
  await line.click();
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const served = await buildAndServe('editor-screenshots');
  const browser = await launchChromium();
  const written: string[] = [];
  const shot = async (page: Page, name: string) => {
    const file = path.join(OUT, `${name}.png`);
    await page.screenshot({ path: file });
    written.push(path.relative(ROOT, file));
  };
  try {
    const context = await newContext(browser, { viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(served.url);
    await button(page, 'Write a scenario').click();
    await inEditor(page, 'Harbour Strike template').click();
    await waitForSummary(page, /^No problems/);
    // A typo in a next: the problem, underlined and listed with its line:col.
    await clickLine(page, '        next: deadline');
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('x');
    await waitForSummary(page, /1 error/);
    await page.keyboard.press('Escape');
    await shot(page, 'editor-problem-1280x720');
    // Completion: the file's own node and ending ids where an id is expected.
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Space');
    await page.getByRole('listbox').first().waitFor();
    await shot(page, 'editor-completion-1280x720');
    await page.keyboard.press('Escape');
    await page.keyboard.type('ne');
    await page.keyboard.press('Escape');
    await waitForSummary(page, /^No problems/);
    // The map, with the node under the cursor marked.
    await clickLine(page, '    title: The ships cannot wait');
    await inEditor(page, 'Scenario map').click();
    await page.getByRole('img', { name: 'Scenario map' }).waitFor();
    await page.waitForTimeout(300);
    await shot(page, 'editor-map-1280x720');
    await page.getByRole('dialog').getByRole('button', { name: 'Back to the editor', exact: true }).click();
    // A test run from that node.
    await inEditor(page, 'Play from here').click();
    await page.getByRole('group', { name: 'Choices', exact: true }).waitFor();
    await page.waitForTimeout(800);
    await shot(page, 'editor-test-run-1280x720');
    await context.close();

    // A .json file: completion of a choice's "next" with the file's own ids.
    const json = await newContext(browser, { viewport: { width: 1280, height: 720 } });
    const jsonPage = await json.newPage();
    await jsonPage.goto(served.url);
    await button(jsonPage, 'Write a scenario').click();
    const template = readFileSync(path.join(ROOT, 'scenarios/examples/template.yaml'), 'utf8');
    const [chooser] = await Promise.all([
      jsonPage.waitForEvent('filechooser'),
      inEditor(jsonPage, 'Open a file…').click(),
    ]);
    await chooser.setFiles({
      name: 'harbour.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(parse(template), null, 2)),
    });
    await waitForSummary(jsonPage, /^No problems/);
    await clickLine(jsonPage, '"detail": "Costs time; shows respect.",');
    await jsonPage.keyboard.press('End');
    await jsonPage.keyboard.press('Enter');
    await jsonPage.keyboard.type('"');
    await jsonPage.getByRole('listbox').first().waitFor();
    await shot(jsonPage, 'editor-json-completion-1280x720');
    await jsonPage.keyboard.press('Escape');
    // The format reference, from the help.
    await jsonPage.getByText('Help', { exact: true }).click();
    await inEditor(jsonPage, 'Scenario format reference').click();
    await jsonPage.getByRole('dialog', { name: 'Scenario format reference' }).waitFor();
    await shot(jsonPage, 'editor-reference-1280x720');
    await json.close();

    // On a phone: the editor scrolls as a whole; the text above the problems.
    const phone = await newContext(browser, { viewport: { width: 390, height: 844 } });
    const phonePage = await phone.newPage();
    await phonePage.goto(served.url);
    await button(phonePage, 'Write a scenario').click();
    await inEditor(phonePage, 'Harbour Strike template').click();
    await waitForSummary(phonePage, /^No problems/);
    await clickLine(phonePage, 'start: walkout');
    await phonePage.keyboard.press('End');
    await phonePage.keyboard.type('x');
    await waitForSummary(phonePage, /1 error/);
    await shot(phonePage, 'editor-390x844');
    await phone.close();
  } finally {
    await browser.close();
    await served.close();
  }
  console.log(`wrote ${written.join(', ')}`);
}

await main();
