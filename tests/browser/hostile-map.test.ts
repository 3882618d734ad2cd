/**
 * Issue 23 case 2 in Debian's Chromium: the scenario map is laid out off the main thread. The
 * inputs are made by script (tests/hostile/inputs.ts `bigMapYaml`). No timings are asserted (the
 * machine is shared): the proof is structural. ELK runs in the layout worker and never in the
 * page (elk's own counter, `crElkLayouts`, is read in both); the map shows its progress with a
 * Cancel button that terminates the worker; a 391-box, 11,700-arrow file ends with a map laid out
 * in rows and the reason, with no worker, no error and no crash; class review lays the map out
 * once per scenario, not once per render and again for the printed page.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { startRun } from '../../src/engine/run.ts';
import { bigMapYaml } from '../hostile/inputs.ts';
import { ROOT, button, closeBrowser, dialog, gotoTitle, openSession, pickFile } from './support.ts';

const WAIT = { timeout: 120_000, interval: 250 };

afterAll(async () => {
  await closeBrowser();
});

/** Layout workers started by the page from now on, and whether each is still running. */
function watchLayoutWorkers(page: Page): { started: Worker[]; closed: Set<Worker> } {
  const started: Worker[] = [];
  const closed = new Set<Worker>();
  page.on('worker', (w) => {
    if (!/layout-worker/.test(w.url())) return;
    started.push(w);
    w.on('close', () => closed.add(w));
  });
  return { started, closed };
}

const mainThreadElkLayouts = (page: Page) =>
  page.evaluate(() => (globalThis as { crElkLayouts?: number }).crElkLayouts ?? 0);

/** The editor's "Scenario map" (the title screen's cards have their own). */
const mapButton = (page: Page) =>
  page.getByRole('toolbar', { name: 'Scenario', exact: true }).getByRole('button', { name: 'Scenario map' });

async function openInEditor(page: Page, name: string, text: string, inEditor = false): Promise<void> {
  const start = page.getByRole('group', { name: 'Start from', exact: true });
  await button(page, inEditor ? 'New…' : 'Write a scenario').click();
  await start.waitFor();
  await pickFile(page, 'Open a file…', name, text);
  if (inEditor) await dialog(page, 'Replace this draft?').getByRole('button', { name: 'Replace' }).click();
  await expect
    .poll(
      () =>
        page
          .getByRole('region', { name: 'Scenario editor', exact: true })
          .getByRole('textbox', { name: 'File name' })
          .inputValue(),
      WAIT,
    )
    .toBe(name);
}

describe('the scenario map on a hostile file (issue 23 case 2)', () => {
  it('lays out in a worker with progress and Cancel; the main thread never runs ELK', async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const { page } = s;
    const workers = watchLayoutWorkers(page);
    await gotoTitle(s);
    // 30 decisions of 10 choices: within ELK's bound (300 arrows), and seconds of work for it.
    await openInEditor(page, 'ring-30.yaml', bigMapYaml(30, 10));
    await mapButton(page).click();
    const map = dialog(page, 'Scenario map');
    await map.getByRole('status').filter({ hasText: 'Laying out the map (31 boxes, 300 arrows)…' }).waitFor();
    await expect.poll(() => workers.started.length, WAIT).toBe(1);
    const worker = workers.started[0]!;
    // While ELK works in the worker the page answers (this evaluate and the click below run on its
    // main thread), and the page itself has never entered ELK.
    expect(await mainThreadElkLayouts(page)).toBe(0);
    expect(workers.closed.has(worker)).toBe(false);
    await map.getByRole('button', { name: 'Cancel the map layout' }).click();
    await map.getByRole('status').filter({ hasText: 'Map layout cancelled' }).waitFor();
    await expect.poll(() => workers.closed.has(worker), WAIT).toBe(true);
    await map.getByRole('button', { name: 'Back to the editor' }).click();

    // A small file, left to finish: ELK's map, drawn from the worker's answer; the worker then ends.
    await openInEditor(page, 'ring-6.yaml', bigMapYaml(6, 3), true);
    await mapButton(page).click();
    await map.getByRole('img', { name: 'Scenario map' }).waitFor(WAIT);
    expect(await map.locator('.cr-map-picture').getAttribute('data-layout')).toBe('elk-worker');
    expect(workers.started).toHaveLength(2);
    await expect.poll(() => workers.closed.size, WAIT).toBe(2);
    // Closing the map while a layout runs ends its worker too.
    await map.getByRole('button', { name: 'Back to the editor' }).click();
    await openInEditor(page, 'ring-30b.yaml', bigMapYaml(30, 10), true);
    await mapButton(page).click();
    await map.getByRole('status').filter({ hasText: 'Laying out the map' }).waitFor();
    await map.getByRole('button', { name: 'Back to the editor' }).click();
    await expect.poll(() => workers.closed.size, WAIT).toBe(3);
    // The Map view lays out the cards without a place in the worker too, with the same Cancel.
    await page
      .getByRole('region', { name: 'Scenario editor', exact: true })
      .getByRole('button', { name: 'Map', exact: true })
      .click();
    await page.locator('.cr-story-progress').getByRole('status').filter({ hasText: 'Laying out the map…' }).waitFor();
    await expect.poll(() => workers.started.length, WAIT).toBe(4);
    await page.getByRole('button', { name: 'Cancel the map layout' }).click();
    await expect
      .poll(() => page.locator('.cr-story-notice').textContent(), WAIT)
      .toBe('Map layout cancelled: the cards without a place of their own are set out in a grid.');
    await expect.poll(() => workers.closed.size, WAIT).toBe(4);
    expect(await page.getByRole('group', { name: 'Story map', exact: true }).locator('[data-card]').count()).toBe(31);
    expect(await mainThreadElkLayouts(page)).toBe(0);
    s.expectNoErrors();
  });

  it('a 391-box, 11,700-arrow file ends with a map laid out in rows and the reason, on the map dialog and the Map view', async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const { page } = s;
    const workers = watchLayoutWorkers(page);
    await gotoTitle(s);
    await openInEditor(page, 'ring-390.yaml', bigMapYaml(390, 10, 3));
    await mapButton(page).click();
    const map = dialog(page, 'Scenario map');
    await map.getByRole('img', { name: 'Scenario map' }).waitFor(WAIT);
    expect(await map.locator('.cr-map-picture').getAttribute('data-layout')).toBe('simple');
    const note = await map.locator('.cr-map-picture > p').first().textContent();
    expect(note).toContain('This map has 391 boxes and 11,700 arrows, more than the detailed layout handles');
    expect(await map.locator('.cr-map-edge').count()).toBe(11_700);
    await map.getByRole('button', { name: 'Back to the editor' }).click();

    // The Map view places the cards the same way, and says why.
    await page
      .getByRole('region', { name: 'Scenario editor', exact: true })
      .getByRole('button', { name: 'Map', exact: true })
      .click();
    await expect
      .poll(() => page.locator('.cr-story-notice').textContent(), WAIT)
      .toContain('This map has 391 boxes and 11,700 arrows');
    expect(workers.started).toHaveLength(0);
    expect(await mainThreadElkLayouts(page)).toBe(0);
    s.expectNoErrors();
  });

  it('class review lays the map out once per scenario, however often it renders', async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const { page } = s;
    const workers = watchLayoutWorkers(page);
    const file = path.join(ROOT, 'scenarios/kazakhstan-2022.yaml');
    const kz = checkScenarioText(readFileSync(file, 'utf8'), file, { explore: false }).compiled!;
    const replay = (seed: number) => {
      const run = startRun(kz, seed);
      while (!run.ended) run.choose(run.visibleChoices()[seed % run.visibleChoices().length]!.id);
      return {
        name: `s${seed}.replay.json`,
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(run.record(`Student ${seed}`))),
      };
    };
    await gotoTitle(s);
    await button(page, 'Class review').click();
    const review = dialog(page, 'Class review');
    const input = review.getByLabel('Add replay files', { exact: true });
    await input.setInputFiles([replay(1), replay(2)]);
    await review.getByRole('status').filter({ hasText: '2 replays counted.' }).waitFor(WAIT);
    await review.getByRole('img', { name: 'Scenario map' }).waitFor(WAIT);
    await input.setInputFiles([replay(3), replay(4)]);
    await review.getByRole('status').filter({ hasText: '4 replays counted.' }).waitFor(WAIT);
    await review.getByRole('img', { name: 'Scenario map' }).waitFor(WAIT);
    // Two renders, the screen's map and the printed page's: one layout, in one worker.
    expect(workers.started).toHaveLength(1);
    expect(await page.locator('.cr-print-sheet svg.cr-map-svg').count()).toBe(1);
    expect(await mainThreadElkLayouts(page)).toBe(0);
    s.expectNoErrors();
  });
});
