/**
 * The start-up rows of `npm run bench` (issue 12, browser half), each measured side by side with a
 * bare Phaser Canvas page (tools/bench/bare-phaser.*) built and served the same way, in interleaved
 * runs, reported as medians:
 *
 *   - time from navigation to an interactive title ("New game" visible and enabled);
 *   - first-visit transfer: bytes over the wire (gzip as served) until the title is interactive and
 *     3 s after, in a fresh browser context (empty cache), with the game's start-up share of it;
 *   - Lighthouse (desktop preset) performance and best-practices scores, when the `lighthouse`
 *     dev dependency can drive Chromium here;
 *   - the gzip size of our own code, without the check worker and the built-in scenario data.
 *
 * Called by tools/bench-browser.ts with the builds and servers it already has.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { CHROMIUM, newContext } from './harness.ts';

/** What the browser bench hands over: a running browser, the two served builds and the game's build dir. */
export interface SpeedWebTargets {
  browser: Browser;
  gameUrl: string;
  bareUrl: string;
  gameDir: string;
}

/** One built file's gzip size (from tools/bench-browser.ts `bundleSizes`). */
export interface SizedFile {
  file: string;
  kind: 'phaser' | 'vendor' | 'own';
  gzip: number;
}

/** Options: runs per side for the page loads and for Lighthouse (each Lighthouse run takes about a minute). */
export interface SpeedWebOptions {
  runs?: number;
  lighthouseRuns?: number;
  /** How long after the title is interactive the transfer is still counted. */
  settleMs?: number;
}

// Runs before any page script. Notes (ms since navigation start) when a visible, enabled "New game"
// button first exists (the title can be used: by keyboard, screen reader or the text view), and
// when the canvas has the title scene drawn (\`canvas[data-scene]\`, set by the scenes once drawn; the
// bare page draws its scene before it adds its button, so there both moments are the same).
const READY_PROBE = `(() => {
  const seen = () => {
    if (window.__drawnMs === undefined) {
      const c = document.querySelector('canvas[data-scene]');
      if (c || document.getElementById('ready')) window.__drawnMs = performance.now();
    }
    if (window.__readyMs !== undefined) return window.__drawnMs !== undefined;
    for (const b of document.querySelectorAll('button')) {
      if ((b.textContent || '').trim() !== 'New game' || b.disabled) continue;
      const r = b.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && getComputedStyle(b).visibility !== 'hidden') {
        window.__readyMs = performance.now();
        break;
      }
    }
    return window.__readyMs !== undefined && window.__drawnMs !== undefined;
  };
  new MutationObserver(() => { seen(); }).observe(document, { subtree: true, childList: true, attributes: true });
  const tick = () => { if (!seen()) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})();`;

/** One page load: time to interactive, and every response's bytes on the wire (by URL) until then and `settleMs` after. */
export interface PageLoad {
  readyMs: number;
  /** When the title was drawn on the canvas (for the bare page: its scene). */
  drawnMs: number;
  /** Main-thread task time (ms) until both: less sensitive to a busy machine than wall time. */
  busyMs: number;
  /** Bytes received before the title was interactive. */
  bytesToReady: number;
  /** Bytes received until `settleMs` after it. */
  bytesTotal: number;
  /** Per response: path, resource type, bytes on the wire, whether it finished before ready. */
  responses: Array<{ path: string; type: string; bytes: number; beforeReady: boolean }>;
}

/** Load `url` in a fresh context (empty cache) and measure time to interactive and the transfer. */
export async function loadOnce(browser: Browser, url: string, settleMs: number): Promise<PageLoad> {
  const context = await newContext(browser);
  try {
    await context.addInitScript({ content: READY_PROBE });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const meta = new Map<string, { url: string; type: string }>();
    const done: Array<{ id: string; bytes: number; at: number }> = [];
    let readyAt = Number.POSITIVE_INFINITY;
    cdp.on('Network.responseReceived', (e) => meta.set(e.requestId, { url: e.response.url, type: e.type }));
    cdp.on('Network.loadingFinished', (e) =>
      done.push({ id: e.requestId, bytes: e.encodedDataLength, at: performance.now() }),
    );
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable');
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(
      () => {
        const w = window as unknown as { __readyMs?: number; __drawnMs?: number };
        return w.__readyMs !== undefined && w.__drawnMs !== undefined;
      },
      null,
      { timeout: 60_000, polling: 20 },
    );
    readyAt = performance.now();
    const metrics = (await cdp.send('Performance.getMetrics')).metrics;
    const busyMs = (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
    if (process.env.BENCH_DEBUG)
      console.log(
        url,
        metrics
          .filter((m) => /Duration/.test(m.name))
          .map((m) => `${m.name}=${(m.value * 1000).toFixed(0)}`)
          .join(' '),
      );
    const { readyMs, drawnMs } = await page.evaluate(() => {
      const w = window as unknown as { __readyMs: number; __drawnMs: number };
      return { readyMs: w.__readyMs, drawnMs: w.__drawnMs };
    });
    await page.waitForTimeout(settleMs);
    const responses = done
      .filter((d) => !meta.get(d.id)?.url.startsWith('data:'))
      .map((d) => {
        const m = meta.get(d.id);
        const p = m ? new URL(m.url).pathname : '?';
        return { path: p, type: m?.type ?? '?', bytes: d.bytes, beforeReady: d.at <= readyAt };
      });
    const sum = (xs: typeof responses) => xs.reduce((a, r) => a + r.bytes, 0);
    return {
      readyMs,
      drawnMs,
      busyMs,
      bytesToReady: sum(responses.filter((r) => r.beforeReady)),
      bytesTotal: sum(responses),
      responses,
    };
  } finally {
    await context.close();
  }
}

/** Lighthouse desktop scores (0..100) for a URL, or an error message when Lighthouse cannot run here. */
export async function lighthouseScores(
  url: string,
): Promise<{ performance: number; bestPractices: number; failing: string[] } | { error: string }> {
  try {
    const { default: lighthouse } = await import('lighthouse');
    const { default: desktopConfig } = await import('lighthouse/core/config/desktop-config.js');
    const chromeLauncher = await import('chrome-launcher');
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      const r = await lighthouse(
        url,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'best-practices'] },
        desktopConfig,
      );
      if (!r) return { error: 'Lighthouse returned no result' };
      const { categories, audits } = r.lhr;
      const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
      const failing = Object.values(categories)
        .flatMap((c) => c.auditRefs)
        .filter((a) => a.weight > 0 && (audits[a.id]?.score ?? 1) < 0.9)
        .map((a) => a.id);
      return { performance: score('performance'), bestPractices: score('best-practices'), failing };
    } finally {
      chrome.kill();
    }
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0]! };
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/** Own code that is neither the check worker nor the built-in scenario data (see vite.config.ts chunk names). */
export function ownCodeSize(files: readonly SizedFile[]): { all: number; withoutWorkerAndData: number } {
  const own = files.filter((f) => f.kind === 'own');
  const excluded = (f: SizedFile) => /(^|\/)(check-worker|builtin-scenarios)[-.]/.test(f.file);
  const sum = (xs: readonly SizedFile[]) => xs.reduce((a, f) => a + f.gzip, 0);
  return { all: sum(own), withoutWorkerAndData: sum(own.filter((f) => !excluded(f))) };
}

/** Measure and report the speed-web rows through `add`. */
export async function benchSpeedWeb(
  t: SpeedWebTargets,
  files: readonly SizedFile[],
  add: (what: string, value: string) => void,
  opts: SpeedWebOptions = {},
): Promise<void> {
  const runs = opts.runs ?? 5;
  const lhRuns = opts.lighthouseRuns ?? Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
  const settleMs = opts.settleMs ?? 3000;

  // Warm-up once each (the first launch of a renderer is slower), then alternate to share any drift.
  await loadOnce(t.browser, t.gameUrl, 0);
  await loadOnce(t.browser, t.bareUrl, 0);
  const game: PageLoad[] = [];
  const bare: PageLoad[] = [];
  for (let i = 0; i < runs; i++) {
    game.push(await loadOnce(t.browser, t.gameUrl, settleMs));
    bare.push(await loadOnce(t.browser, t.bareUrl, settleMs));
  }
  const gReady = median(game.map((l) => l.readyMs));
  const bReady = median(bare.map((l) => l.readyMs));
  add(`time to interactive title (median of ${runs})`, `${gReady.toFixed(0)} ms`);
  add(`bare Phaser Canvas page: time to interactive (median of ${runs})`, `${bReady.toFixed(0)} ms`);
  add('time to interactive title / bare Phaser Canvas page', ratio(gReady, bReady));
  const gDrawn = median(game.map((l) => l.drawnMs));
  const bDrawn = median(bare.map((l) => l.drawnMs));
  add(`title drawn on the canvas (median of ${runs})`, `${gDrawn.toFixed(0)} ms`);
  add('title drawn on the canvas / bare page scene drawn', ratio(gDrawn, bDrawn));
  const gBusy = median(game.map((l) => l.busyMs));
  const bBusy = median(bare.map((l) => l.busyMs));
  add('main-thread task time until then (median)', `${gBusy.toFixed(0)} ms vs bare ${bBusy.toFixed(0)} ms`);
  add('main-thread task time / bare page', ratio(gBusy, bBusy));

  const gBytes = median(game.map((l) => l.bytesTotal));
  const bBytes = median(bare.map((l) => l.bytesTotal));
  add(`first-visit transfer until interactive + ${settleMs / 1000} s (median)`, kib(gBytes));
  add('  of which before the title is interactive', kib(median(game.map((l) => l.bytesToReady))));
  add(`bare Phaser Canvas page: transfer until interactive + ${settleMs / 1000} s`, kib(bBytes));
  add('first-visit transfer / bare Phaser Canvas page', ratio(gBytes, bBytes));
  // What the first visit fetched, by kind (from the last run), so a regression shows where it came from.
  const last = game[game.length - 1]!;
  const byType = new Map<string, number>();
  for (const r of last.responses) byType.set(r.type, (byType.get(r.type) ?? 0) + r.bytes);
  add(
    '  first visit by resource type',
    [...byType]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${kib(v)}`)
      .join(', '),
  );
  add(
    '  files fetched after the title was interactive',
    last.responses
      .filter((r) => !r.beforeReady)
      .map((r) => path.basename(r.path))
      .join(', ') || 'none',
  );

  const own = ownCodeSize(files);
  add('own code gzip, all (JS, CSS, HTML)', kib(own.all));
  add('own code gzip without the check worker and the scenario data', kib(own.withoutWorkerAndData));
  const startupOwn = files
    .filter(
      (f) =>
        f.kind === 'own' &&
        last.responses.some(
          (r) => r.beforeReady && (r.path.endsWith(`/${f.file}`) || (f.file === 'index.html' && r.path.endsWith('/'))),
        ),
    )
    .reduce((a, f) => a + f.gzip, 0);
  add('own code gzip loaded before the title is interactive', kib(startupOwn));

  if (lhRuns <= 0) {
    add('Lighthouse desktop', 'skipped (BENCH_LIGHTHOUSE_RUNS=0)');
    return;
  }
  const gl: Array<{ performance: number; bestPractices: number; failing: string[] }> = [];
  const bl: Array<{ performance: number; bestPractices: number }> = [];
  for (let i = 0; i < lhRuns; i++) {
    const g = await lighthouseScores(t.gameUrl);
    if ('error' in g) {
      add('Lighthouse desktop', `not run: ${g.error}`);
      return;
    }
    gl.push(g);
    const b = await lighthouseScores(t.bareUrl);
    if ('error' in b) {
      add('Lighthouse desktop', `not run: ${b.error}`);
      return;
    }
    bl.push(b);
  }
  const gp = median(gl.map((s) => s.performance));
  const bp = median(bl.map((s) => s.performance));
  const gb = median(gl.map((s) => s.bestPractices));
  const bb = median(bl.map((s) => s.bestPractices));
  add(`Lighthouse desktop performance / best practices (median of ${lhRuns})`, `${gp} / ${gb}`);
  add('bare Phaser Canvas page: Lighthouse performance / best practices', `${bp} / ${bb}`);
  add('Lighthouse performance, game − bare page', `${gp - bp >= 0 ? '+' : ''}${gp - bp}`);
  const failing = [...new Set(gl.flatMap((s) => s.failing))];
  add('  Lighthouse audits below 0.9 on the game (any run)', failing.join(', ') || 'none');
}
