/**
 * Shared by the browser tests, the browser bench and the screenshot tool: build the game with
 * Vite's JS API into a fresh directory under `.tmp/` (never `dist/`), serve it with Vite's
 * `preview()` on a free port, and launch Debian's Chromium (or Firefox ESR) through playwright-core.
 * No test-runner imports here, so plain `node --import tsx` tools can use it too.
 */
import { mkdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type InlineConfig, type PreviewServer } from 'vite';
import { chromium, firefox, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

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

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/**
 * Firefox's preferences for the tests, over playwright-core's own (which already turn off updates,
 * telemetry, Safe Browsing and the other background requests).
 */
export const FIREFOX_PREFS: Record<string, boolean | number | string> = {
  // A file:// page is its own origin, as in a student's Firefox (playwright-core relaxes this).
  'security.fileuri.strict_origin_policy': true,
  // No sound card on a test machine: Firefox's mock audio backend (its own test suites use it), so an
  // AudioContext runs once a gesture allows it. Autoplay stays blocked before the first gesture.
  'media.cubeb.force_mock_context': true,
  // Firefox's downloads panel opens after each download and keeps the keyboard until the user closes
  // it; headless, nothing can close it (keys would never reach the page again).
  'browser.download.alwaysOpenPanel': false,
  'app.update.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'browser.safebrowsing.update.enabled': false,
};

/** What playwright-core 1.65 asks of Firefox that Firefox ESR 153 does not have yet (answered with "done"). */
const BIDI_COMMANDS_FIREFOX_LACKS = new Set(['emulation.setMediaFeaturesOverride']);

interface BidiMessage {
  type?: string;
  method?: string;
  params?: { context?: string; url?: string; download?: string; navigation?: string | null };
}
interface BidiSession {
  send(method: string, params: unknown): Promise<unknown>;
  dispatchMessage(message: BidiMessage): void;
}

/**
 * Adapt playwright-core 1.65's WebDriver BiDi driver to Firefox ESR 153, in this process:
 * - every new context sends `emulation.setMediaFeaturesOverride` (to reset prefers-color-scheme), a
 *   command Firefox ESR 153 does not know: that one command, and only it, is answered as done (the
 *   tests never emulate media features); any other error still fails;
 * - a download of a blob (a file the page makes, like "Export decision path") is announced by
 *   Firefox ESR 153 with `navigation: null` and no `download` id, and playwright-core drops such
 *   events: each gets an id of its own (the same for its end), so `page.waitForEvent('download')` works.
 */
function adaptBidiToFirefoxEsr(session: BidiSession): void {
  const proto = Object.getPrototypeOf(session) as BidiSession & { __crisisRoomAdapted?: boolean };
  if (proto.__crisisRoomAdapted) return;
  proto.__crisisRoomAdapted = true;
  const send = proto.send;
  proto.send = async function (this: BidiSession, method: string, params: unknown) {
    try {
      return await send.call(this, method, params);
    } catch (e) {
      if (BIDI_COMMANDS_FIREFOX_LACKS.has(method) && /unknown command/i.test(String((e as Error).message))) return {};
      throw e;
    }
  };
  const dispatch = proto.dispatchMessage;
  const downloads = new Map<string, string>();
  let next = 0;
  proto.dispatchMessage = function (this: BidiSession, message: BidiMessage) {
    const p = message.params;
    if (message.type === 'event' && p && !p.download && !p.navigation) {
      const key = `${p.context}|${p.url}`;
      if (message.method === 'browsingContext.downloadWillBegin') {
        p.download = `firefox-esr-download-${++next}`;
        downloads.set(key, p.download);
      } else if (message.method === 'browsingContext.downloadEnd' && downloads.has(key)) {
        p.download = downloads.get(key);
        downloads.delete(key);
      }
    }
    dispatch.call(this, message);
  };
}

/**
 * Launch Debian's Firefox ESR headless through playwright-core's WebDriver BiDi driver (channel
 * `moz-firefox`: Firefox's own remote protocol, no patched browser), adapted to what Firefox ESR 153
 * speaks (adaptBidiToFirefoxEsr).
 */
export async function launchFirefox(): Promise<Browser> {
  const browser = await firefox.launch({
    channel: 'moz-firefox',
    executablePath: FIREFOX,
    headless: true,
    firefoxUserPrefs: FIREFOX_PREFS,
  });
  // The in-process server object behind the client (playwright-core's own `toImpl`).
  const impl = (
    browser as unknown as { _connection: { toImpl(x: unknown): { _browserSession?: BidiSession } } }
  )._connection.toImpl(browser);
  if (!impl._browserSession)
    throw new Error('playwright-core changed: no BiDi browser session to adapt to Firefox ESR');
  adaptBidiToFirefoxEsr(impl._browserSession);
  return browser;
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
