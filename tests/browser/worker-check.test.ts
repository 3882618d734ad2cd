/**
 * A player-loaded scenario file gets the CLI's full check (up to 1,000,000 states) in a Web Worker,
 * with a "Checking scenario… N states" progress bar and a Cancel button while it runs. The file
 * here has one error: a trap that exploration reaches only after some 360,000 states — beyond the
 * old reduced in-page limits (20,000 for a loaded file without the teacher layer, 200,000 for the
 * library's re-check on start-up), so a bounded check would have let it through.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { norm } from '../../tools/bench/drive.ts';
import { button, closeBrowser, dialog, gotoTitle, openSession, pickFile, seriousAxeViolations } from './support.ts';

afterAll(async () => {
  await closeBrowser();
});

/**
 * Two meters 0..max raised one step at a time from 0: (a, b) states, breadth first by a + b. "Fall"
 * shows only when both are at least max - 20, and leads to "pit", which loops on itself with no
 * way to an ending: a trap 2 × (max - 20) choices deep. With max 600: about 1,160 choices, after
 * some 360,000 states.
 */
function deepTrap(max: number): string {
  return [
    'format: crisis-room/1',
    'id: deep-trap',
    'title: Deep trap',
    'version: 1.0.0',
    'language: en',
    'role: You decide.',
    'summary: A trap far from the start.',
    'meters:',
    `  - { id: a, label: A, start: 0, min: 0, max: ${max} }`,
    `  - { id: b, label: B, start: 0, min: 0, max: ${max} }`,
    'advisors:',
    '  - { id: adv, name: Adv, title: Adviser }',
    'start: desk',
    'nodes:',
    '  - id: desk',
    '    title: Desk',
    '    text: Step by step.',
    '    advice: [ { advisor: adv, text: Careful. } ]',
    '    choices:',
    '      - { id: more-a, label: More A, effects: { a: 1 }, next: desk }',
    '      - { id: more-b, label: More B, effects: { b: 1 }, next: desk }',
    '      - { id: stop, label: Stop, next: end }',
    `      - { id: fall, label: Fall, if: { a: ">= ${max - 20}", b: ">= ${max - 20}" }, next: pit }`,
    '  - id: pit',
    '    title: Pit',
    '    text: No way out.',
    '    choices:',
    '      - { id: wait, label: Wait, next: pit }',
    'endings:',
    '  - { id: end, title: End, tone: good, text: The end. }',
    '',
  ].join('\n');
}
const DEEP_TRAP = deepTrap(600);
/** For Cancel: some 810,000 states, so the check is surely still running when Cancel is pressed. */
const DEEPER_TRAP = deepTrap(900);
const FILE = 'deep-trap.yaml';

/** 1-based line:col of the `pit` node's id (where the checker points a trap), computed here. */
function pitPosition(): string {
  const lines = DEEP_TRAP.split('\n');
  const line = lines.findIndex((l) => l === '  - id: pit') + 1;
  return `${line}:${lines[line - 1]!.indexOf('pit') + 1}`;
}

/** Record every text the page's progress bar shows (it may come and go between two polls). */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __progress: string[] };
    w.__progress = [];
    const seen = () => {
      for (const el of document.querySelectorAll('[role="progressbar"]')) {
        const t = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (w.__progress[w.__progress.length - 1] !== t) w.__progress.push(t);
      }
    };
    new MutationObserver(seen).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);

/** The largest state count the progress bar showed. */
function maxStates(texts: string[]): number {
  return Math.max(
    0,
    ...texts
      .map((t) => /Checking scenario… ([\d,]+) states?/.exec(t)?.[1])
      .filter((n): n is string => !!n)
      .map((n) => Number(n.replace(/,/g, ''))),
  );
}

describe('the full check runs in a worker', () => {
  it('the test file: a trap only a check beyond 20,000 states finds', () => {
    const bounded = checkScenarioText(DEEP_TRAP, FILE, { limit: 20_000 });
    expect(bounded.diagnostics.map((d) => d.rule)).toEqual(['explore-incomplete']);
    const full = checkScenarioText(DEEP_TRAP, FILE);
    expect(full.explore?.complete).toBe(true);
    expect(full.explore?.states).toBeGreaterThan(20_000);
    expect(full.diagnostics.map((d) => [d.rule, `${d.line}:${d.col}`])).toEqual([['trap', pitPosition()]]);
  });

  it('a deep trap refuses the file, with its line:col, after a visible "Checking scenario… N states"', async () => {
    const s = await openSession();
    const { page } = s;
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await gotoTitle(s);
    await recordProgress(page);
    await pickFile(page, 'Load scenario file…', FILE, DEEP_TRAP);

    // While it runs: the progress dialog with its bar and Cancel, and the page still answers.
    const checking = dialog(page, 'Checking scenario');
    await checking.getByRole('progressbar').waitFor();
    await expect(checking.getByRole('button', { name: 'Cancel', exact: true }).isVisible()).resolves.toBe(true);

    const panel = dialog(page, 'Scenario problems');
    await panel.waitFor();
    const text = norm(await panel.textContent());
    expect(text).toContain(`${FILE} was not loaded: 1 error, 0 warnings.`);
    const pos = pitPosition();
    expect(text).toContain(`Error at line:col ${pos}, rule trap: no ending can be reached from node "pit"`);
    expect(text).toContain(
      `${FILE}:${pos}: error: no ending can be reached from node "pit" in a reachable state (a=580, b=580;`,
    );
    expect(await checking.count()).toBe(0);

    const shown = await recorded(page);
    expect(shown[0]).toMatch(/^Checking scenario…/);
    expect(maxStates(shown), shown.join(' | ')).toBeGreaterThan(20_000);
    expect(
      workers.some((u) => /check-worker[^/]*\.js$/.test(u)),
      workers.join(', '),
    ).toBe(true);

    await panel.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(page.getByRole('article', { name: 'Deep trap', exact: true }).count()).resolves.toBe(0);
    s.expectNoErrors();
  });

  it('the library re-check on start-up is the full one: a stored file with a deep trap is not offered', async () => {
    const s = await openSession();
    const { page } = s;
    await gotoTitle(s);
    // A library entry as an older checker might have accepted it (the library re-checks every start).
    await page.evaluate(
      ([text, file]) =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open('crisis-room-library', 1);
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            const tx = req.result.transaction('scenarios', 'readwrite');
            tx.objectStore('scenarios').put({
              id: 'deep-trap',
              version: '1.0.0',
              title: 'Deep trap',
              fileName: file,
              text,
              sha256: '0'.repeat(64),
              added: new Date().toISOString(),
            });
            tx.oncomplete = () => {
              req.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      [DEEP_TRAP, FILE],
    );
    await page.reload();
    const checking = dialog(page, 'Checking scenario');
    await checking.getByRole('progressbar').waitFor();
    expect(norm(await checking.textContent())).toContain('"Deep trap" (deep-trap.yaml) from your library');
    await checking.waitFor({ state: 'detached', timeout: 120_000 });
    await button(page, 'Load scenario file…').waitFor();
    expect(await page.getByRole('article', { name: 'Deep trap', exact: true }).count()).toBe(0);
    expect(await page.getByRole('article').count()).toBeGreaterThan(0);
    s.expectNoErrors();
  });

  it('Cancel stops the check: no problems panel, nothing loaded, and the page says so; the dialog passes axe', async () => {
    const s = await openSession();
    const { page } = s;
    await gotoTitle(s);
    await pickFile(page, 'Load scenario file…', FILE, DEEPER_TRAP);
    const checking = dialog(page, 'Checking scenario');
    await checking.getByRole('progressbar').waitFor();
    // The dialog is accessible (named, a named progress bar, a focused Cancel button).
    await expect(
      checking.getByRole('progressbar', { name: `Checking ${FILE}`, exact: true }).getAttribute('aria-valuetext'),
    ).resolves.toMatch(/^Checking scenario…/);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await checking.getByRole('button', { name: 'Cancel', exact: true }).click();
    await checking.waitFor({ state: 'detached' });
    await page
      .getByRole('status', { name: 'Announcements' })
      .filter({ hasText: `Checking ${FILE} was cancelled` })
      .waitFor();
    expect(await dialog(page, 'Scenario problems').count()).toBe(0);
    expect(await page.getByRole('article', { name: 'Deep trap', exact: true }).count()).toBe(0);
    // The game goes on: a built-in scenario still starts.
    await page.getByRole('article').first().getByRole('button', { name: 'New game', exact: true }).click();
    await button(page, 'Begin').waitFor();
    s.expectNoErrors();
  });
});
