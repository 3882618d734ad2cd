/**
 * Shared by the browser tests, the browser bench and the screenshot tool: build the game with
 * Vite's JS API into a fresh directory under `.tmp/` (never `dist/`), serve it with Vite's
 * `preview()` on a free port, and launch Debian's Chromium through playwright-core.
 * No test-runner imports here, so plain `node --import tsx` tools can use it too.
 */
import { mkdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type InlineConfig, type PreviewServer } from 'vite';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A fresh, unique directory under `.tmp/` (the caller removes it). */
export function tempDir(prefix: string): string {
  const dir = path.join(
    ROOT,
    '.tmp',
    `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
  );
  mkdirSync(dir, { recursive: true });
  return dir;
}

function baseConfig(outDir: string, extra: InlineConfig = {}): InlineConfig {
  return {
    configFile: path.join(ROOT, 'vite.config.ts'),
    root: ROOT,
    logLevel: 'warn',
    clearScreen: false,
    ...extra,
    build: { outDir, emptyOutDir: true, ...(extra.build ?? {}) },
  };
}

/** Production-build the game (index.html), or other inputs, into `outDir`. */
export async function buildInto(outDir: string, input?: Record<string, string>): Promise<void> {
  // bundlerTimings off: the build runs beside busy browsers, and its timing notes are only noise here.
  const rolldownOptions = { checks: { bundlerTimings: false }, ...(input ? { input } : {}) };
  await build(baseConfig(outDir, { build: { outDir, emptyOutDir: true, rolldownOptions } }));
}

/** A running preview server and its base URL (ends in "/"). */
export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serve a built directory with Vite's `preview()` on a free port of 127.0.0.1. */
export async function serveDir(outDir: string): Promise<Served> {
  const server: PreviewServer = await preview(
    baseConfig(outDir, { preview: { port: 0, strictPort: true, host: '127.0.0.1', open: false } }),
  );
  const addr = server.httpServer.address() as AddressInfo | null;
  if (!addr || typeof addr === 'string') throw new Error('preview server has no TCP address');
  return { url: `http://127.0.0.1:${addr.port}/`, close: () => server.close() };
}

/** Build the game into a fresh temp dir and serve it; `close` stops the server and removes the dir. */
export async function buildAndServe(prefix = 'browser'): Promise<Served & { outDir: string }> {
  const outDir = tempDir(prefix);
  try {
    await buildInto(outDir);
    const served = await serveDir(outDir);
    return {
      ...served,
      outDir,
      async close() {
        await served.close();
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(outDir, { recursive: true, force: true });
    throw e;
  }
}

/** Launch Debian's Chromium headless with the project's flags. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A new browser context with a shim for `__name`: tsx (esbuild keepNames) wraps functions passed to
 * `page.evaluate` in `__name(...)` calls that would otherwise be undefined in the page.
 */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, ...options });
  await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  return context;
}
