/**
 * Screenshots for issue 10 into docs/screenshots/: class review of a class of 30 Kazakhstan
 * replays (tables and the map with traffic), its print layout, and the scenario map opened from a
 * card. `node --import tsx tools/screenshots-class-review.ts` (builds and serves the game first).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkScenarioText } from '../src/analysis/check.ts';
import { startRun } from '../src/engine/run.ts';
import { ROOT, buildAndServe, launchChromium, newContext } from './bench/harness.ts';

const OUT = path.join(ROOT, 'docs/screenshots');
const NAMES = ['Aigerim', 'Bolat', 'Chen', 'Dana', 'Erlan', 'Farida', 'Gulnara', 'Ilyas', 'Kamila', 'Nurlan'];

async function main(): Promise<void> {
  const file = path.join(ROOT, 'scenarios/kazakhstan-2022.yaml');
  const compiled = checkScenarioText(readFileSync(file, 'utf8'), file, { explore: false }).compiled!;
  // A class that mostly follows its advisors' majority, with some spread: history first, else a mix.
  const files = Array.from({ length: 30 }, (_, i) => {
    const run = startRun(compiled, 2022 + i);
    let x = i + 7;
    while (!run.ended) {
      const shown = run.visibleChoices();
      x = (x * 1103515245 + 12345) >>> 0;
      const hist = run.node?.history?.choice;
      const pick = hist && x % 3 === 0 && shown.some((c) => c.id === hist) ? hist : shown[x % shown.length]!.id;
      run.choose(pick);
    }
    const name = `${String(i + 1).padStart(2, '0')}-${NAMES[i % NAMES.length]!.toLowerCase()}.replay.json`;
    return {
      name,
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(run.record(i % 4 ? NAMES[i % NAMES.length] : undefined))),
    };
  });
  mkdirSync(OUT, { recursive: true });
  const served = await buildAndServe('screenshots-class-review');
  const browser = await launchChromium();
  try {
    const context = await newContext(browser, { viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(`${served.url}?silent`);
    await page.getByRole('button', { name: 'Class review', exact: true }).click();
    const review = page.getByRole('dialog', { name: 'Class review', exact: true });
    await review.getByLabel('Add replay files', { exact: true }).setInputFiles(files);
    await review.getByRole('img', { name: 'Scenario map', exact: true }).waitFor({ timeout: 120_000 });
    const top = (name: string) =>
      review.getByRole('table', { name, exact: true }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await review
      .getByRole('heading', { level: 3 })
      .filter({ hasText: 'runs' })
      .evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(OUT, 'class-review-1280x720.png') });
    await top('Choices by decision');
    await page.screenshot({ path: path.join(OUT, 'class-review-choices-1280x720.png') });
    await review
      .getByRole('img', { name: 'Scenario map', exact: true })
      .evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(OUT, 'class-review-map-1280x720.png') });
    // The print layout as it comes out of the printer (A4 at 96 dpi).
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(OUT, 'class-review-print-a4.png'), fullPage: true });
    // How many pages the real print of this class takes (the issue asks for one).
    const pdf = (await page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
    console.log(`printed class review: ${pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0} page(s)`);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.keyboard.press('Escape');
    await review.waitFor({ state: 'detached' });
    await page
      .getByRole('article', { name: compiled.scenario.title, exact: true })
      .getByRole('button', { name: 'Scenario map', exact: true })
      .click();
    const map = page.getByRole('dialog', { name: `Scenario map: ${compiled.scenario.title}`, exact: true });
    await map.getByRole('img', { name: 'Scenario map', exact: true }).waitFor({ timeout: 120_000 });
    await page.screenshot({ path: path.join(OUT, 'scenario-map-1280x720.png') });
    await context.close();
  } finally {
    await browser.close();
    await served.close();
  }
  console.log(
    `wrote class-review-1280x720.png, class-review-choices-1280x720.png, class-review-map-1280x720.png, class-review-print-a4.png, scenario-map-1280x720.png in ${OUT}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
