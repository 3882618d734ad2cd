/**
 * Bench rows for long unbroken words on the canvas (issue 13): the time from starting a run to the
 * advisor room drawn (canvas and DOM layer), and the main thread's busy time over it, for a
 * scenario whose every text is one unbroken word (20,000 or 336 characters,
 * tests/hostile/inputs.ts) beside the template scenario. Before the fix the same file froze the
 * page for over two minutes (the click on Begin never returned within 120 s).
 *
 *   await benchLongWords(browser, gameUrl, add);
 */
import type { Browser, Page } from 'playwright-core';
import { stringify } from 'yaml';
import { makeFragment } from '../../src/share/link.ts';
import { baseScenario, longWordsScenario } from '../../tests/hostile/inputs.ts';
import { newContext } from './harness.ts';

/** Wall time (ms) from `playPath` to the room drawn (two frames after it shows), and main-thread busy ms over it. */
async function timeToRoom(page: Page, scenarioId: string): Promise<{ wall: number; busy: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    const busy = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
    const before = await busy();
    const wall = await page.evaluate(
      (id) =>
        new Promise<number>((resolve) => {
          const hooks = (
            window as unknown as {
              __crisisRoom: { playPath(i: string, s: number, c: string[]): boolean; scenes(): string[] };
            }
          ).__crisisRoom;
          const t0 = performance.now();
          hooks.playPath(id, 1, []);
          const wait = () => {
            if (document.body.dataset.screen === 'room' && hooks.scenes().includes('room'))
              requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
            else requestAnimationFrame(wait);
          };
          wait();
        }),
      scenarioId,
    );
    return { wall, busy: ((await busy()) - before) * 1000 };
  } finally {
    await cdp.detach();
  }
}

/** Add the long-words rows through `add(what, value)`. */
export async function benchLongWords(
  browser: Browser,
  gameUrl: string,
  add: (what: string, value: string) => void,
): Promise<void> {
  const plain = baseScenario({ id: 'plain', title: 'Plain words' });
  for (const [what, scenario] of [
    ['a plain scenario', plain],
    ['every text one unbroken word (20,000 / 336 chars)', longWordsScenario(336)],
  ] as const) {
    const made = makeFragment('scenario', stringify(scenario, { lineWidth: 0 }), 'bench.yaml');
    if (!made.ok) throw new Error(made.message);
    const context = await newContext(browser, { viewport: { width: 1280, height: 720 } });
    try {
      const page = await context.newPage();
      await page.goto(`${gameUrl}?silent&timer=off${made.fragment}`);
      await page.getByRole('article', { name: String(scenario.title), exact: true }).waitFor();
      const t = await timeToRoom(page, String(scenario.id));
      add(`hostile: advisor room drawn, ${what}`, `${t.wall.toFixed(0)} ms wall, ${t.busy.toFixed(0)} ms main thread`);
    } finally {
      await context.close();
    }
  }
}
