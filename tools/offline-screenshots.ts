/**
 * Screenshots of issue 20's screens at 1280×720 and 390×844, into docs/screenshots/offline-*.png:
 * dialog "Download as one file" on a library card (and from the editor) and the "A new version is
 * ready" notice over a game in progress (two builds served at one address, as the browser test does).
 *
 *   node --import tsx tools/offline-screenshots.ts
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildVersion, serveLive } from './bench/offline-harness.ts';
import { launchChromium, newContext, ROOT, tempDir } from './bench/harness.ts';

const OUT = path.join(ROOT, 'docs/screenshots');
const SIZES = [
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
];
const FERRY = readFileSync(path.join(ROOT, 'tests/fixtures/teacher/outside-ferry.yaml'));
const btn = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const dir = tempDir('offline-shots');
  const served = await serveLive(dir);
  const browser = await launchChromium();
  try {
    await buildVersion(dir, 'version A', true);
    const pages: Page[] = [];
    for (const size of SIZES) {
      const name = `${size.width}x${size.height}`;
      const page = await (await newContext(browser, { viewport: size })).newPage();
      await page.goto(`${served.url}?silent`);
      await page.locator('body[data-offline-ready="true"]').waitFor({ state: 'attached' });
      await page.reload();
      await btn(page, 'Load scenario file…').waitFor();
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), btn(page, 'Load scenario file…').click()]);
      await chooser.setFiles({ name: 'ferry.yaml', mimeType: 'application/yaml', buffer: FERRY });
      const card = page.getByRole('article', { name: 'The Last Ferry', exact: true });
      await card.getByRole('button', { name: 'Download as one file', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Download as one file', exact: true });
      await dialog.waitFor();
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(OUT, `offline-download-dialog-${name}.png`) });
      await dialog.getByRole('button', { name: 'Close', exact: true }).click();
      // Mid-game for the update notice.
      await page
        .getByRole('article', { name: 'Kazakhstan, January 2022', exact: true })
        .getByRole('button', { name: 'New game', exact: true })
        .click();
      await btn(page, 'Begin').click();
      await page.getByRole('group', { name: 'Choices', exact: true }).waitFor();
      pages.push(page);
    }
    await buildVersion(dir, 'version B', true);
    for (const [i, page] of pages.entries()) {
      const size = SIZES[i]!;
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      await page.getByRole('region', { name: 'Update', exact: true }).waitFor();
      await page.waitForTimeout(700);
      await page.screenshot({ path: path.join(OUT, `offline-update-prompt-${size.width}x${size.height}.png`) });
    }
  } finally {
    await browser.close();
    await served.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
