/**
 * Screenshots for the README: the title screen, the Settings dialog, the advisor room (an advisor
 * speaking and a countdown running), an outcome and the debrief, at 1280×720, 1920×1080, 1024×768
 * and 390×844 (a phone: the text view below the picture), into docs/screenshots/*.png.
 * Builds the game into `.tmp/`, serves it, and drives it through its accessible DOM layer with
 * Debian's Chromium.
 *
 *   node --import tsx tools/screenshots.ts
 *   SCENARIO=scenarios/armenia-2022.yaml PREFIX=armenia- SIZES=1280x720 node --import tsx tools/screenshots.ts
 *
 * SCENARIO picks another built-in scenario (default: the featured one) and PREFIX its files' names;
 * a scenario without a timed decision is shown in the room at its first decision.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildAndServe, launchChromium, newContext, ROOT } from './bench/harness.ts';
import {
  choicesGroup,
  continueButton,
  currentNode,
  debriefHeading,
  featuredBuiltin,
  historicalOrFirst,
  nextDecisionOrDebrief,
  scenarioCard,
} from './bench/drive.ts';

const OUT = path.join(ROOT, 'docs/screenshots');
// `SIZES=1024x768,390x844` (optional) takes only those.
const ONLY = process.env.SIZES?.split(',').filter(Boolean);
const ALL_SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
];
const SIZES = ONLY ? ALL_SIZES.filter((z) => ONLY.includes(`${z.width}x${z.height}`)) : ALL_SIZES;

// Give tweens (meter animations, the advisor highlight) a moment to settle before a picture.
const settle = (page: Page, ms = 700) => page.waitForTimeout(ms);

async function main(): Promise<void> {
  const compiled = process.env.SCENARIO ? await builtinFile(process.env.SCENARIO) : await featuredBuiltin(ROOT);
  const prefix = process.env.PREFIX ?? '';
  const anyTimed = compiled.scenario.nodes.some((n) => n.timeLimit !== undefined);
  mkdirSync(OUT, { recursive: true });
  const served = await buildAndServe('screenshots');
  const browser = await launchChromium();
  const written: string[] = [];
  try {
    for (const size of SIZES) {
      const tag = `${size.width}x${size.height}`;
      const context = await newContext(browser, { viewport: size, deviceScaleFactor: 1 });
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error('page error:', e.message));
      page.on('console', (m) => m.type() === 'error' && console.error('console error:', m.text()));
      const shot = async (name: string) => {
        const file = path.join(OUT, `${prefix}${name}-${tag}.png`);
        // Narrow windows stack the panel under the canvas: show the canvas (the page's top).
        await page.evaluate(() => window.scrollTo(0, 0));
        await settle(page);
        await page.screenshot({ path: file });
        written.push(path.relative(ROOT, file));
      };

      await page.goto(served.url);
      await page.getByRole('heading', { level: 1, name: 'Crisis Room' }).waitFor();
      await scenarioCard(page, compiled).waitFor();
      await shot('title');
      await page.getByRole('button', { name: 'Settings', exact: true }).first().click();
      await page.getByRole('dialog', { name: 'Settings', exact: true }).waitFor();
      await shot('settings');
      await page.keyboard.press('Escape');

      await scenarioCard(page, compiled).getByRole('button', { name: 'New game', exact: true }).click();
      await page.getByRole('button', { name: 'Begin', exact: true }).click();

      // Follow the historical path to the first decision with a countdown (or the last one seen).
      let roomShot = false;
      let outcomeShot = false;
      for (let step = 0; step < 200; step++) {
        const { node, shown } = await currentNode(page, compiled);
        if (!roomShot && (node.timeLimit || !anyTimed)) {
          const speaker = node.advice?.[0];
          const advisor =
            compiled.scenario.advisors.find((a) => a.id === speaker?.advisor) ?? compiled.scenario.advisors[0]!;
          await page
            .getByRole('group', { name: 'Advisors', exact: true })
            .getByRole('button', { name: `${advisor.name}, ${advisor.title}`, exact: true })
            .click();
          await page.getByRole('region', { name: 'Advice', exact: true }).waitFor();
          if (node.timeLimit) await page.getByRole('timer', { name: 'Time left', exact: true }).waitFor();
          await shot('room');
          roomShot = true;
        }
        await choicesGroup(page)
          .getByRole('button', { name: historicalOrFirst(node, shown), exact: true })
          .click();
        if (roomShot && !outcomeShot) {
          await page.getByRole('region', { name: 'Outcome', exact: true }).waitFor();
          await shot('outcome');
          outcomeShot = true;
        }
        await continueButton(page).click();
        if (await nextDecisionOrDebrief(page)) break;
      }
      if (!roomShot) console.warn('no decision with a countdown on the historical path: no room screenshot');
      await debriefHeading(page).waitFor();
      await shot('debrief');
      await context.close();
    }
  } finally {
    await browser.close();
    await served.close();
  }
  for (const f of written) console.log(f);
}

/** A scenario file, checked and compiled (SCENARIO=…). */
async function builtinFile(file: string) {
  const { readFileSync } = await import('node:fs');
  const { checkScenarioText } = await import('../src/analysis/check.ts');
  const r = checkScenarioText(readFileSync(path.join(ROOT, file), 'utf8'), file);
  if (!r.compiled) throw new Error(`${file} does not check`);
  return r.compiled;
}

await main();
