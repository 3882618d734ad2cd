/**
 * While a dialog is open, nothing reaches the game behind it: the mouse clicks a grid of points
 * inside every dialog (on the text and the empty space, never on the dialog's own controls), on the
 * title screen and in the room, at two window sizes, and the screen, the run's path and the meters
 * must be exactly as before.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { compileScenario, type CompiledScenario } from '../../src/engine/machine.ts';
import { BUILTIN_SCENARIOS } from '../../src/game/builtin-scenarios.ts';
import { startRun } from '../../src/engine/run.ts';
import { button, closeBrowser, dialog, openSession, pickFile } from './support.ts';
import { scenarioCard } from '../../tools/bench/drive.ts';

afterAll(closeBrowser);

const builtin = BUILTIN_SCENARIOS[0]!;
const BUILTIN: CompiledScenario = compileScenario(builtin.scenario, builtin.sha256);

/** A replay of the built-in scenario, two steps long (for the replay viewer). */
function replayText(): string {
  const run = startRun(BUILTIN, 7);
  for (let i = 0; i < 2 && !run.ended; i++) run.choose(run.visibleChoices()[0]!.id);
  return JSON.stringify(run.record(), null, 2);
}

/** What a leaked click would change: the screen, the saved runs (their paths) and the meters shown. */
async function gameState(page: Page): Promise<unknown> {
  return page.evaluate(() => {
    const saves: Record<string, string> = {};
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i)!;
      if (k.startsWith('crisis-room:save:')) saves[k] = JSON.stringify(JSON.parse(localStorage.getItem(k)!).steps);
    }
    const meters = [...document.querySelectorAll('[role="meter"]')].map(
      (m) => `${m.getAttribute('aria-label')}=${m.getAttribute('aria-valuenow')}`,
    );
    return { screen: document.body.dataset.screen, saves, meters };
  });
}

/**
 * Click with the mouse at every point of a grid over the dialog's box where the dialog shows text or
 * empty space (its buttons, fields and links would legitimately act). Returns how many were clicked.
 */
async function clickAllOver(page: Page, d: Locator): Promise<number> {
  const box = await d.boundingBox();
  if (!box) throw new Error(`${String(d)} is not on screen`);
  const step = 24;
  const points: Array<[number, number]> = [];
  for (let y = box.y + 4; y < box.y + box.height - 2; y += step)
    for (let x = box.x + 4; x < box.x + box.width - 2; x += step) points.push([x, y]);
  const safe = await d.evaluate((el, pts) => {
    const interactive =
      'button, input, select, textarea, a, label, summary, [role="button"], [tabindex]:not([tabindex="-1"])';
    return pts.filter(([x, y]) => {
      const hit = document.elementFromPoint(x, y);
      return !!hit && el.contains(hit) && !hit.closest(interactive);
    });
  }, points);
  for (const [x, y] of safe) await page.mouse.click(x, y);
  return safe.length;
}

/** Open a dialog, click all over it, close it with Escape and check nothing behind it changed. */
async function expectSealed(page: Page, name: string, open: () => Promise<void>): Promise<void> {
  const before = await gameState(page);
  await open();
  const d = dialog(page, name);
  await d.waitFor();
  const clicked = await clickAllOver(page, d);
  expect(clicked, `points clicked inside "${name}"`).toBeGreaterThan(20);
  // Leaked clicks act at once (the game answers a pointerup synchronously): read the state now.
  expect(await gameState(page), `a click inside "${name}" reached the game`).toEqual(before);
  await page.keyboard.press('Escape');
  await d.waitFor({ state: 'hidden' });
  expect(await gameState(page), `after closing "${name}"`).toEqual(before);
}

describe('dialogs keep the mouse to themselves', () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1024, height: 768 },
  ])
    it(`at ${viewport.width}×${viewport.height}: Settings, Scenario problems and the replay viewer on the title, Settings in the room`, {
      timeout: 300_000,
    }, async () => {
      const s = await openSession({ viewport });
      const { page } = s;
      await page.goto(`${s.baseUrl}?silent`);
      await scenarioCard(page, BUILTIN).waitFor();
      await page.waitForFunction(() => document.body.dataset.screen === 'title');

      await expectSealed(page, 'Settings', () => button(page, 'Settings').first().click());
      await expectSealed(page, 'Scenario problems', () =>
        pickFile(page, 'Load scenario file…', 'broken.yaml', 'format: crisis-room/1\nid: [\n'),
      );
      await expectSealed(page, `Replay: ${BUILTIN.scenario.title}`, () =>
        pickFile(page, 'Open replay…', 'kz.replay.json', replayText()),
      );

      await scenarioCard(page, BUILTIN).getByRole('button', { name: 'New game', exact: true }).click();
      await button(page, 'Begin').click();
      await page.getByRole('group', { name: 'Choices', exact: true }).waitFor();
      await expectSealed(page, 'Settings', () => button(page, 'Settings').first().click());
      s.expectNoErrors();
    });
});
