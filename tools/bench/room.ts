/**
 * Bench rows for the idle advisor room: the main thread's busy time while the room sits still
 * (a decision shown, nobody touching anything, the news ticker running) against an empty Phaser
 * scene drawn by the same renderer. Busy time is Chromium's own TaskDuration (DevTools protocol
 * Performance metrics) over a few seconds of wall time.
 *
 *   rows.push(...(await benchIdleRoom(browser, gameUrl, bareUrl)));
 */
import type { Browser, Page } from 'playwright-core';
import { newContext } from './harness.ts';

/** One bench row. */
export interface RoomBenchRow {
  what: string;
  value: string;
}

/** The share of wall time the page's main thread was busy over `ms` (after the page has settled). */
async function busyShare(page: Page, ms: number): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    const read = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
      return { task: get('TaskDuration'), at: get('Timestamp') };
    };
    const a = await read();
    await page.waitForTimeout(ms);
    const b = await read();
    return (b.task - a.task) / Math.max(1e-6, b.at - a.at);
  } finally {
    await cdp.detach();
  }
}

/** Measure the idle room and the empty scene; returns rows for the bench table. */
export async function benchIdleRoom(
  browser: Browser,
  gameUrl: string,
  bareUrl: string,
  opts: { ms?: number; runs?: number } = {},
): Promise<RoomBenchRow[]> {
  const ms = opts.ms ?? 3000;
  const runs = opts.runs ?? 3;
  const room: number[] = [];
  const bare: number[] = [];
  let renderer = 'canvas';
  for (let i = 0; i < runs; i++) {
    const context = await newContext(browser, { viewport: { width: 1280, height: 720 } });
    try {
      const page = await context.newPage();
      // Timers off: the room stays on its decision however slow the machine.
      await page.goto(`${gameUrl}?silent&timer=off`);
      await page.getByRole('button', { name: 'New game', exact: true }).first().click();
      await page.getByRole('button', { name: 'Begin', exact: true }).click();
      await page.getByRole('group', { name: 'Choices', exact: true }).waitFor();
      renderer = (await page.locator('#game canvas').getAttribute('data-renderer')) ?? renderer;
      await page.waitForTimeout(1500); // fades and the first bake
      room.push(await busyShare(page, ms));
    } finally {
      await context.close();
    }
    const bareContext = await newContext(browser, { viewport: { width: 1280, height: 720 } });
    try {
      const page = await bareContext.newPage();
      await page.goto(`${bareUrl}?renderer=${renderer}`);
      await page.getByRole('button', { name: 'New game', exact: true }).waitFor();
      await page.waitForTimeout(1500);
      bare.push(await busyShare(page, ms));
    } finally {
      await bareContext.close();
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const r = median(room);
  const b = median(bare);
  const pct = (x: number) => `${(x * 100).toFixed(1)} % of wall time`;
  return [
    { what: `idle advisor room: main thread busy (median of ${runs}, ${renderer})`, value: pct(r) },
    { what: `empty Phaser scene: main thread busy (median of ${runs}, ${renderer})`, value: pct(b) },
    { what: 'idle advisor room / empty Phaser scene (target ≤ 1.3×)', value: `${(r / Math.max(1e-6, b)).toFixed(2)}×` },
  ];
}
