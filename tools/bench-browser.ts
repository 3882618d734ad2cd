/**
 * The browser part of `npm run bench`: the production bundle's gzip size split into Phaser, other
 * libraries and our own code; the frames per second in the advisor room against a bare Phaser page
 * built and measured in the same run; and the start-up rows of tools/bench/speed-web.ts (time to
 * interactive, first-visit transfer, Lighthouse). Runs Debian's Chromium headless through playwright-core.
 *
 *   import { benchBrowser } from './bench-browser.ts';
 *   for (const row of await benchBrowser()) console.log(row.what, row.value);
 *
 * Also runnable alone: `node --import tsx tools/bench-browser.ts`.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { benchSpeedWeb } from './bench/speed-web.ts';
import { buildInto, launchChromium, newContext, ROOT, serveDir, tempDir, type Served } from './bench/harness.ts';
import { benchIdleRoom } from './bench/room.ts';
import { benchLongWords } from './bench/hostile2.ts';
import { benchVisualBuild } from './bench/visual-build.ts';
import { fillOneFileShell, ONE_FILE_FORMAT } from '../src/offline/one-file-data.ts';
import { scormPackage } from '../src/offline/scorm-package.ts';

export interface BenchRow {
  what: string;
  value: string;
}

/** Gzip sizes (level 9) of a built directory's code, by kind. */
export interface BundleSizes {
  phaser: number;
  vendor: number;
  own: number;
  total: number;
  files: Array<{ file: string; kind: 'phaser' | 'vendor' | 'own'; raw: number; gzip: number }>;
  /** Offline files (issue 20), not pages' code: the service worker and the one-file shell (raw bytes). */
  offline: { serviceWorkerGzip: number; oneFileShell: number; oneFileShellGzip: number };
}

/** The service worker (sw.js, workbox-*.js) and the one-file shell: downloaded by the worker or the teacher, never run by the page. */
const OFFLINE_FILE = /^(sw\.js|workbox-[^/]+\.js|crisis-room-one-file\.html)$/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Measure the gzip size of every .js, .css and .html file of a build, split by chunk kind. */
export function bundleSizes(outDir: string): BundleSizes {
  const gz = (f: string) => gzipSync(readFileSync(path.join(outDir, f)), { level: 9 }).length;
  const has = (f: string) => existsSync(path.join(outDir, f));
  const workers = readdirSync(outDir).filter((f) => /^(sw\.js|workbox-[^/]+\.js)$/.test(f));
  const offline = {
    serviceWorkerGzip: workers.reduce((a, f) => a + gz(f), 0),
    oneFileShell: has('crisis-room-one-file.html') ? statSync(path.join(outDir, 'crisis-room-one-file.html')).size : 0,
    oneFileShellGzip: has('crisis-room-one-file.html') ? gz('crisis-room-one-file.html') : 0,
  };
  const files = walk(outDir)
    .filter((f) => /\.(m?js|css|html)$/.test(f) && !OFFLINE_FILE.test(path.relative(outDir, f)))
    .map((f) => {
      const bytes = readFileSync(f);
      const base = path.basename(f);
      const kind: 'phaser' | 'vendor' | 'own' = /^phaser[-.]/.test(base)
        ? 'phaser'
        : /^vendor[-.]/.test(base)
          ? 'vendor'
          : 'own';
      return { file: path.relative(outDir, f), kind, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
  const sum = (k?: string) => files.filter((f) => !k || f.kind === k).reduce((a, f) => a + f.gzip, 0);
  return { phaser: sum('phaser'), vendor: sum('vendor'), own: sum('own'), total: sum(), files, offline };
}

/** Count requestAnimationFrame callbacks for `ms` and return frames per second. */
function measureFps(page: Page, ms: number): Promise<number> {
  return page.evaluate(
    (dur) =>
      new Promise<number>((resolve) => {
        let frames = 0;
        let t0 = 0;
        const step = (t: number) => {
          if (frames === 0) t0 = t;
          frames++;
          if (t - t0 < dur) requestAnimationFrame(step);
          else resolve(((frames - 1) * 1000) / (t - t0));
        };
        requestAnimationFrame(step);
      }),
    ms,
  );
}

/** Open the game, start the first scenario's new game and get to its first decision. */
export async function enterAdvisorRoom(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'New game', exact: true }).first().click();
  const begin = page.getByRole('button', { name: 'Begin', exact: true });
  await begin.click();
  await page.getByRole('group', { name: 'Choices' }).waitFor();
}

/** The GPU behind WebGL in this browser (software rasterisers like SwiftShader make canvas games slow). */
function webglRenderer(page: Page): Promise<string> {
  return page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl');
    if (!gl) return 'no WebGL';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  });
}

let renderer = '';

async function roomFps(browser: Browser, url: string, ms: number): Promise<number> {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await enterAdvisorRoom(page, url);
    renderer = await webglRenderer(page);
    await measureFps(page, 500); // settle
    return await measureFps(page, ms);
  } finally {
    await context.close();
  }
}

async function bareFps(browser: Browser, url: string, ms: number): Promise<number> {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('button', { name: 'New game', exact: true }).waitFor();
    await measureFps(page, 500);
    return await measureFps(page, ms);
  } finally {
    await context.close();
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MiB`;

/**
 * Issue 20, "one-file game size": the shell, a one-file game of one scenario (the large built-in
 * case, and a small teacher's file), of a library of every scenario in scenarios/ at once, and the
 * SCORM zip (goal: at most 2.5 MB a file). The shell holds no built-in scenario: a file carries only
 * the scenarios the teacher chose.
 */
export function oneFileRows(gameDir: string, sizes: BundleSizes): BenchRow[] {
  if (!sizes.offline.oneFileShell) return [{ what: 'one-file game size', value: 'shell not built' }];
  const shell = readFileSync(path.join(gameDir, 'crisis-room-one-file.html'), 'utf8');
  const scenario = (rel: string) => ({
    fileName: path.basename(rel),
    text: readFileSync(path.join(ROOT, rel), 'utf8'),
  });
  const game = (files: string[], scorm = false) =>
    fillOneFileShell(
      shell,
      { format: ONE_FILE_FORMAT, scenarios: files.map(scenario), ...(scorm ? { scorm } : {}) },
      'Bench',
    );
  const mb = (bytes: number) => `${mib(bytes)} (${(bytes / 1e6).toFixed(2)} MB)`;
  const kazakhstan = 'scenarios/kazakhstan-2022.yaml';
  const library = [kazakhstan, 'scenarios/armenia-2022.yaml', 'scenarios/examples/template.yaml'];
  const zip = scormPackage(game([kazakhstan], true), 'kazakhstan-2022', '1', 'Kazakhstan');
  return [
    {
      what: 'one-file game size: the empty shell (crisis-room-one-file.html), raw / gzip',
      value: `${mib(sizes.offline.oneFileShell)} / ${kb(sizes.offline.oneFileShellGzip)}`,
    },
    {
      what: 'one-file game size: kazakhstan-2022.yaml alone (goal ≤ 2.5 MB)',
      value: mb(Buffer.byteLength(game([kazakhstan]))),
    },
    {
      what: 'one-file game size: a small teacher scenario (outside-ferry.yaml) alone',
      value: mb(Buffer.byteLength(game(['tests/fixtures/teacher/outside-ferry.yaml']))),
    },
    {
      what: `one-file game size: a library of ${library.length} (${library.map((f) => path.basename(f)).join(', ')})`,
      value: mb(Buffer.byteLength(game(library))),
    },
    { what: 'one-file game size: SCORM 1.2 zip of kazakhstan-2022.yaml', value: mb(zip.length) },
  ];
}

/** Build, serve and measure; returns rows for the main bench to print. */
export async function benchBrowser(opts: { runs?: number; fpsMs?: number } = {}): Promise<BenchRow[]> {
  const runs = opts.runs ?? 5;
  const fpsMs = opts.fpsMs ?? 3000;
  const gameDir = tempDir('bench-game');
  const bareDir = tempDir('bench-bare');
  const servers: Served[] = [];
  let browser: Browser | undefined;
  try {
    await buildInto(gameDir);
    await buildInto(bareDir, { bare: path.join(ROOT, 'tools/bench/bare-phaser.html') });
    const sizes = bundleSizes(gameDir);
    const game = await serveDir(gameDir);
    servers.push(game);
    const bare = await serveDir(bareDir);
    servers.push(bare);
    const bareUrl = new URL('tools/bench/bare-phaser.html', bare.url).href;
    browser = await launchChromium();

    const gameFps = await roomFps(browser, game.url, fpsMs);
    const baseFps = await bareFps(browser, bareUrl, fpsMs);
    const idleRoom = await benchIdleRoom(browser, game.url, bareUrl);
    const rows: BenchRow[] = [
      { what: 'bundle gzip: Phaser chunk', value: kb(sizes.phaser) },
      { what: 'bundle gzip: other libraries (vendor-* chunks)', value: kb(sizes.vendor) },
      { what: 'bundle gzip: own code (JS, CSS, HTML)', value: kb(sizes.own) },
      { what: 'bundle gzip: total', value: kb(sizes.total) },
      { what: 'service worker gzip (sw.js + workbox)', value: kb(sizes.offline.serviceWorkerGzip) },
      ...oneFileRows(gameDir, sizes),
      { what: `advisor room fps (rAF over ${fpsMs / 1000} s)`, value: gameFps.toFixed(1) },
      { what: `bare Phaser page fps (rAF over ${fpsMs / 1000} s)`, value: baseFps.toFixed(1) },
      { what: 'advisor room fps / bare Phaser', value: `${(gameFps / baseFps).toFixed(2)}×` },
      { what: 'browser WebGL renderer', value: renderer },
      ...idleRoom,
    ];
    await benchLongWords(browser, game.url, (what, value) => rows.push({ what, value }));
    // Issue 22: the effort of building a scenario on the editor's story map, in counted actions.
    await benchVisualBuild(browser, game.url, (what, value) => rows.push({ what, value }));
    // Start-up: time to interactive, first-visit transfer, Lighthouse, own code size (issue 12).
    await benchSpeedWeb(
      // The bare page with the Canvas renderer: the one the game picks here (software WebGL).
      { browser, gameUrl: game.url, bareUrl: `${bareUrl}?renderer=canvas`, gameDir },
      sizes.files,
      (what, value) => rows.push({ what, value }),
      { runs },
    );
    return rows;
  } finally {
    await browser?.close();
    for (const s of servers) await s.close();
    rmSync(gameDir, { recursive: true, force: true });
    rmSync(bareDir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const rows = await benchBrowser();
  const w = Math.max(...rows.map((r) => r.what.length));
  for (const r of rows) console.log(`${r.what.padEnd(w)}  ${r.value}`);
}
