/**
 * Helpers for the browser tests: Debian's Chromium (and Firefox ESR, for the one-file game) through playwright-core, a fresh context per
 * test that records every console error and page error (a test fails on any), and an axe-core
 * runner. Building and serving the game is tools/bench/harness.ts; driving it by roles and names is
 * tools/bench/drive.ts (both shared with the bench and the screenshot tool).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { expect, inject, onTestFinished } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { launchChromium, launchFirefox, newContext, ROOT } from '../../tools/bench/harness.ts';

export { ROOT };

/** The browsers the tests drive: Chromium for all, Firefox ESR where the issue names it (the one-file game). */
export type Engine = 'chromium' | 'firefox';

const browsers = new Map<Engine, Promise<Browser>>();

/** One shared browser of each engine per test file (each test gets its own context). */
export function getBrowser(engine: Engine = 'chromium'): Promise<Browser> {
  let b = browsers.get(engine);
  if (!b) {
    b = engine === 'firefox' ? launchFirefox() : launchChromium();
    browsers.set(engine, b);
  }
  return b;
}

export async function closeBrowser(): Promise<void> {
  const all = [...browsers.values()];
  browsers.clear();
  await Promise.all(all.map(async (b) => (await b).close()));
}

/** A test's page, its context, and the errors seen so far. */
export interface Session {
  context: BrowserContext;
  page: Page;
  baseUrl: string;
  errors: string[];
  /** Assert that no console error or page error happened (call at the end of the test). */
  expectNoErrors(): void;
}

/**
 * Open a fresh context and page for this test. Console errors, page errors and crashes are
 * recorded; the context closes when the test finishes, and a failing test leaves a screenshot in
 * `.tmp/failures/`.
 */
export async function openSession(options: BrowserContextOptions = {}, engine: Engine = 'chromium'): Promise<Session> {
  const b = await getBrowser(engine);
  const context = await newContext(b, options);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error')
      errors.push(`console.error: ${m.text()} (${m.location().url}:${m.location().lineNumber})`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.stack ?? e.message}`));
  page.on('crash', () => errors.push('page crashed'));
  const baseUrl = inject('baseUrl');
  onTestFinished(async ({ task }) => {
    if (task.result?.state === 'fail') {
      try {
        const dir = path.join(ROOT, '.tmp/failures');
        mkdirSync(dir, { recursive: true });
        await page.screenshot({ path: path.join(dir, `${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}.png`) });
      } catch {
        /* the page may already be gone */
      }
      if (errors.length) console.error(`errors seen in "${task.name}":\n${errors.join('\n')}`);
    }
    await context.close();
  });
  return {
    context,
    page,
    baseUrl,
    errors,
    expectNoErrors() {
      expect(errors, 'console errors / page errors').toEqual([]);
    },
  };
}

/** A button by its exact accessible name. */
export const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
/** A dialog by its exact accessible name (its heading). */
export const dialog = (page: Page, name: string) => page.getByRole('dialog', { name, exact: true });

/** Open the game (plus `suffix`: a query or fragment) and wait for the title screen. */
export async function gotoTitle(s: Session, suffix = ''): Promise<void> {
  await s.page.goto(s.baseUrl + suffix);
  await s.page.getByRole('heading', { level: 1, name: 'Crisis Room' }).waitFor();
  await button(s.page, 'Load scenario file…').waitFor();
}

/** Give a file to the file chooser that `buttonName` opens ("Load scenario file…", "Open replay…"). */
export async function pickFile(page: Page, buttonName: string, name: string, text: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button(page, buttonName).click()]);
  await chooser.setFiles({
    name,
    mimeType: name.endsWith('.json') ? 'application/json' : 'application/yaml',
    buffer: Buffer.from(text),
  });
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/** One axe-core violation, trimmed for readable failures. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Run axe-core on the page and return its serious and critical violations. The page's CSP forbids
 * inline script, so axe's source goes in through the DevTools protocol (Runtime.evaluate, which CSP
 * does not govern); a session opened with `bypassCSP: true` could use a script tag instead.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const has = () => page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!(await has())) {
    const cdp = await page.context().newCDPSession(page);
    try {
      const r = await cdp.send('Runtime.evaluate', { expression: axeSource });
      if (r.exceptionDetails) throw new Error(`axe-core injection failed: ${r.exceptionDetails.text}`);
    } finally {
      await cdp.detach();
    }
  }
  expect(await has(), 'axe-core is loaded').toBe(true);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: unknown,
            opts: unknown,
          ): Promise<{
            violations: Array<{
              id: string;
              impact: string | null;
              help: string;
              nodes: Array<{ target: unknown[]; failureSummary?: string }>;
            }>;
          }>;
        };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Click a DOM-layer button's twin on the canvas: the DOM layer puts each button's centre in logical
 * canvas pixels in data-canvas-x / data-canvas-y; scale that to the canvas on screen, check the
 * canvas itself is what the mouse will hit, and click there.
 */
export async function clickOnCanvas(page: Page, button: Locator): Promise<void> {
  await button.waitFor({ state: 'attached' });
  const ax = await button.getAttribute('data-canvas-x');
  const ay = await button.getAttribute('data-canvas-y');
  expect(ax !== null && ay !== null && ax !== '' && ay !== '', `${String(button)} has data-canvas-x/y`).toBe(true);
  const cx = Number(ax);
  const cy = Number(ay);
  const canvas = page.locator('canvas').first();
  // A mouse user scrolls the canvas into view first (narrow windows put the panel below it).
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no canvas on the page');
  const logicalWidth = Number(await canvas.getAttribute('data-logical-width'));
  const x = box.x + (cx / logicalWidth) * box.width;
  const y = box.y + (cy / 720) * box.height;
  // What the mouse meets there: the canvas, or (picture view) the invisible twin button laid exactly over it.
  const hitsTwin = await button.evaluate(
    (el, [px, py]) => {
      const hit = document.elementFromPoint(px!, py!);
      return hit?.tagName === 'CANVAS' || (!!hit && el.contains(hit));
    },
    [x, y],
  );
  expect(hitsTwin, `the mouse at ${x.toFixed(0)},${y.toFixed(0)} hits the picture of ${String(button)}`).toBe(true);
  await page.mouse.click(x, y);
}

/**
 * Click with the mouse on a text the canvas draws (a button's label, a page cue, a step number):
 * its place comes from `window.__crisisRoom.textBoxes`, scaled to the canvas on screen. `which`
 * picks among equal texts in drawing order (negative: from the last).
 */
export async function clickCanvasText(page: Page, text: string, which = 0): Promise<void> {
  type B = { x: number; y: number; w: number; h: number };
  const handle = await page.waitForFunction(
    ([t, k]) => {
      const all = (window as unknown as { __crisisRoom?: { textBoxes(t: string): B[] } }).__crisisRoom?.textBoxes(
        t as string,
      );
      return all?.at(k as number) ?? false;
    },
    [text, which] as const,
  );
  const b = (await handle.jsonValue()) as B;
  const canvas = page.locator('canvas').first();
  await canvas.scrollIntoViewIfNeeded();
  const on = await canvas.boundingBox();
  if (!on) throw new Error('no canvas on the page');
  const logicalWidth = Number(await canvas.getAttribute('data-logical-width'));
  await page.mouse.click(
    on.x + ((b.x + b.w / 2) / logicalWidth) * on.width,
    on.y + ((b.y + b.h / 2) / 720) * on.height,
  );
}

/** The draft's text as kept in the browser (IndexedDB), what a reload brings back. */
export function keptDraft(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const req = indexedDB.open('crisis-room-editor');
        req.onsuccess = () => {
          const get = req.result.transaction('drafts').objectStore('drafts').get('current');
          get.onsuccess = () => {
            resolve((get.result as { text?: string } | undefined)?.text ?? '');
            req.result.close();
          };
        };
      }),
  );
}

/** A sound the page started, as the sound probe saw it. */
export interface SoundStarted {
  /** The decoded buffer's length in seconds. */
  seconds: number;
  /** The largest absolute sample of its first channel (0: silence, like Howler's unlock blip). */
  peak: number;
  /** The AudioContext's state when it started ("running": it is heard). */
  state: string;
}

/**
 * An init script that records every Web Audio buffer the page starts (AudioBufferSourceNode.start:
 * how Howler plays with Web Audio) with its loudest sample and its context's state, and every media
 * element played (Howler's HTML5 fallback), in `window.__soundsStarted`.
 */
export const SOUND_PROBE = `(() => {
  const started = (globalThis.__soundsStarted = []);
  const Source = globalThis.AudioBufferSourceNode;
  if (Source) {
    const start = Source.prototype.start;
    Source.prototype.start = function (...args) {
      const b = this.buffer;
      let peak = 0;
      if (b) {
        const x = b.getChannelData(0);
        for (let i = 0; i < x.length; i++) peak = Math.max(peak, Math.abs(x[i]));
      }
      started.push({ seconds: b ? b.duration : 0, peak, state: this.context.state });
      return start.apply(this, args);
    };
  }
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    started.push({ seconds: this.duration || 0, peak: -1, state: 'media element' });
    return play.call(this);
  };
})();`;

/** The sounds the page started so far (needs SOUND_PROBE as an init script). */
export function soundsStarted(page: Page): Promise<SoundStarted[]> {
  return page.evaluate(() => (window as unknown as { __soundsStarted?: SoundStarted[] }).__soundsStarted ?? []);
}

/** The sounds started that a player hears: a decoded buffer with non-silent samples on a running context. */
export const heard = (sounds: SoundStarted[]): SoundStarted[] =>
  sounds.filter((s) => s.peak > 0.05 && s.state === 'running');

/** The Phaser scene that draws each screen (the outcome is drawn over the room). */
const SCENE_FOR: Record<string, string> = {
  title: 'title',
  briefing: 'briefing',
  room: 'room',
  outcome: 'room',
  debrief: 'debrief',
};

/** Wait until `screen` (body's data-screen) shows and its scene has started and drawn (two frames). */
export async function screenDrawn(page: Page, screen: string): Promise<void> {
  await page.waitForFunction(
    ([sc, scene]) => {
      const hooks = (window as unknown as { __crisisRoom?: { scenes(): string[] } }).__crisisRoom;
      return document.body.dataset.screen === sc && !!hooks?.scenes().includes(scene!);
    },
    [screen, SCENE_FOR[screen]!],
  );
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}
