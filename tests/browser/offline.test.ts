/**
 * Issue 20, the installable app: after one visit the service worker (vite-plugin-pwa, Workbox) has
 * every file, so with the network off a reload still opens the game, plays a built-in scenario to the
 * debrief, and opens the lazily loaded parts: the editor, the class review, the scenario map and the
 * check worker. And an update: a second build served at the same address shows "A new version is
 * ready" once, and the page reloads only when "Reload" is clicked.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildVersion, serveLive } from '../../tools/bench/offline-harness.ts';
import { choicesGroup, debriefHeading, playToDebrief } from '../../tools/bench/drive.ts';
import { ROOT, tempDir } from '../../tools/bench/harness.ts';
import { button, closeBrowser, dialog, gotoTitle, openSession, pickFile } from './support.ts';

afterAll(closeBrowser);

const offlineReady = '[data-offline-ready="true"]';

describe('offline after the first visit', () => {
  it('reloads with the network off and plays to the debrief, opens the editor, the class review, the map and checks a file', async () => {
    const s = await openSession();
    const { page, context } = s;
    await gotoTitle(s);
    // The worker has precached every file of the build (the first visit).
    await page.locator(`body${offlineReady}`).waitFor({ state: 'attached' });
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Crisis Room' }).waitFor();
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller), 'the page comes from the worker').toBe(
      true,
    );

    // A built-in scenario, to the debrief.
    await page
      .getByRole('article', { name: 'Kazakhstan, January 2022', exact: true })
      .getByRole('button', { name: 'New game', exact: true })
      .click();
    await playToDebrief(page);
    await expect.poll(() => debriefHeading(page).isVisible()).toBe(true);
    await button(page, 'Main menu').click();

    // The scenario map (elkjs, a lazily loaded chunk).
    await page
      .getByRole('article', { name: 'Kazakhstan, January 2022', exact: true })
      .getByRole('button', { name: 'Scenario map', exact: true })
      .click();
    await page
      .getByRole('dialog', { name: /^Scenario map: / })
      .getByRole('img', { name: 'Scenario map', exact: true })
      .waitFor();
    await page.keyboard.press('Escape');

    // A teacher's file, checked in the check worker (its own file) and added to the title.
    await pickFile(
      page,
      'Load scenario file…',
      'outside-ferry.yaml',
      readFileSync(path.join(ROOT, 'tests/fixtures/teacher/outside-ferry.yaml'), 'utf8'),
    );
    await page.getByRole('article', { name: 'The Last Ferry', exact: true }).waitFor();

    // The editor (CodeMirror) and the class review.
    await button(page, 'Write a scenario').click();
    await page.getByRole('region', { name: 'Scenario editor', exact: true }).waitFor();
    await page
      .getByRole('region', { name: 'Scenario editor', exact: true })
      .getByRole('button', { name: 'Back to the game', exact: true })
      .click();
    await button(page, 'Class review').click();
    await dialog(page, 'Class review').getByLabel('Add replay files', { exact: true }).waitFor();
    s.expectNoErrors();
  });
});

describe('a new version', () => {
  it('says "A new version is ready" once, mid-game, and reloads only on "Reload"', async () => {
    const dir = tempDir('update');
    const served = await serveLive(dir);
    try {
      await buildVersion(dir, 'version A');
      const s = await openSession();
      const { page } = s;
      await page.goto(served.url);
      await page.locator(`body${offlineReady}`).waitFor({ state: 'attached' });
      // A returning player: the page now comes from the worker.
      await page.reload();
      await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
      // Mid-game: a run in the room.
      await page
        .getByRole('article', { name: 'Kazakhstan, January 2022', exact: true })
        .getByRole('button', { name: 'New game', exact: true })
        .click();
      await button(page, 'Begin').click();
      await choicesGroup(page).waitFor();
      await page.evaluate(() => {
        (window as unknown as { sameDocument: boolean }).sameDocument = true;
      });

      await buildVersion(dir, 'version B');
      const checkForUpdate = () =>
        page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      await checkForUpdate();
      const prompt = page.getByRole('region', { name: 'Update', exact: true });
      await prompt.getByText('A new version is ready.', { exact: true }).waitFor();
      // Once, however often the worker checks; and the game is still where it was.
      await checkForUpdate();
      await expect.poll(() => prompt.count()).toBe(1);
      expect(await page.evaluate(() => document.body.dataset.screen)).toBe('room');
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
      expect(await page.content()).toContain('version A');
      // Whole, over the game, at every window size (shots in .tmp/offline-shots/, looked at).
      for (const viewport of [
        { width: 1920, height: 1080 },
        { width: 1280, height: 720 },
        { width: 1024, height: 768 },
        { width: 390, height: 844 },
      ]) {
        await page.setViewportSize(viewport);
        for (const name of ['Reload', 'Later']) {
          const box = await prompt.getByRole('button', { name, exact: true }).boundingBox();
          expect(
            !!box &&
              box.x >= 0 &&
              box.y >= 0 &&
              box.x + box.width <= viewport.width &&
              box.y + box.height <= viewport.height,
            `"${name}" inside the ${viewport.width}×${viewport.height} window`,
          ).toBe(true);
        }
        await page.screenshot({
          path: path.join(ROOT, `.tmp/offline-shots/update-prompt-${viewport.width}x${viewport.height}.png`),
        });
      }

      // "Reload": the new version, and no prompt any more.
      await Promise.all([
        page.waitForEvent('load'),
        prompt.getByRole('button', { name: 'Reload', exact: true }).click(),
      ]);
      await page.getByRole('heading', { level: 1, name: 'Crisis Room' }).waitFor();
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBeUndefined();
      expect(await page.content()).toContain('version B');
      expect(await prompt.count()).toBe(0);
      s.expectNoErrors();
    } finally {
      await served.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
