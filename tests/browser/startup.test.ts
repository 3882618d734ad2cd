/**
 * Issue 12 (browser half) in Debian's Chromium: the title screen starts without the YAML parser,
 * zod, the checker, the teacher's desk, the check worker or any sound file; the teacher's code loads
 * on the first teacher action; the sounds load after the first key and decode as the game plays
 * them (the ambient window loops seamlessly); and the page's Content-Security-Policy holds with no
 * violation, at start-up and while a file is checked (on the page and in the worker).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { AMBIENT_LOOP } from '../../src/game/audio/sound-format.ts';
import { ROOT, button, closeBrowser, gotoTitle, openSession, pickFile, type Session } from './support.ts';

afterAll(closeBrowser);

// Text that only each kind of code contains, so the test does not depend on how chunks are named.
const MARKERS: Record<string, string> = {
  'the yaml parser': 'Implicit keys',
  zod: 'Invalid input',
  "the teacher's desk": 'Drop a scenario',
  'the check worker': 'check-worker',
  Howler: '_html5AudioPool',
};

// Runs before any page script: record every Content-Security-Policy violation of the page.
const CSP_PROBE = `window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`;

const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

/** Record the page's requests; `scripts()` fetches the text of every JavaScript file requested so far. */
function recordRequests(s: Session) {
  const seen: Request[] = [];
  s.page.on('request', (r) => seen.push(r));
  return {
    urls: () => seen.map((r) => r.url()),
    async scripts(): Promise<Array<{ url: string; text: string }>> {
      const js = seen.filter((r) => r.resourceType() === 'script' || /\.js(\?|$)/.test(r.url()));
      return Promise.all(js.map(async (r) => ({ url: r.url(), text: await (await fetch(r.url())).text() })));
    },
  };
}

/** Which of MARKERS' kinds of code these scripts contain. */
function kindsIn(scripts: Array<{ text: string }>): string[] {
  return Object.entries(MARKERS)
    .filter(([, marker]) => scripts.some((s) => s.text.includes(marker)))
    .map(([kind]) => kind);
}

describe('start-up path', () => {
  it('shows an interactive title without the parser, zod, checker, teacher code, worker or sounds', async () => {
    const s = await openSession();
    await s.context.addInitScript({ content: CSP_PROBE });
    const requests = recordRequests(s);
    await gotoTitle(s);
    await button(s.page, 'New game').first().waitFor();
    await s.page.waitForLoadState('networkidle');
    const loaded = await requests.scripts();
    expect(loaded.length).toBeGreaterThan(0);
    expect(kindsIn(loaded)).toEqual([]);
    expect(requests.urls().filter((u) => /\.(mp3|wav|ogg|webm)$/.test(u))).toEqual([]);
    expect(await cspViolations(s.page)).toEqual([]);

    // The first teacher action fetches the desk (and only now the parser and zod).
    await pickFile(s.page, 'Load scenario file…', 'outside-ferry.yaml', FERRY_TEXT);
    await s.page.getByRole('article', { name: FERRY_TITLE, exact: true }).waitFor();
    expect(kindsIn(await requests.scripts())).toEqual(
      expect.arrayContaining(["the teacher's desk", 'the yaml parser']),
    );
    s.expectNoErrors();
  });

  it('loads the sounds after the first key, and they decode as the game plays them', async () => {
    const s = await openSession();
    const requests = recordRequests(s);
    await gotoTitle(s);
    await s.page.waitForLoadState('networkidle');
    expect(requests.urls().filter((u) => u.endsWith('.mp3'))).toEqual([]);
    const ambient = s.page.waitForRequest((r) => /\/ambient-[^/]*\.mp3$/.test(r.url()));
    await s.page.keyboard.press('Shift');
    const url = (await ambient).url();
    expect(kindsIn(await requests.scripts())).toContain('Howler');

    // Decode it at its own rate and check the looped window: one period, and the same one period later.
    const r = await s.page.evaluate(
      async ([u, startMs, durationMs]) => {
        const ctx = new OfflineAudioContext(1, 1, 22_050);
        const buf = await ctx.decodeAudioData(await (await fetch(u!)).arrayBuffer());
        const x = buf.getChannelData(0);
        const start = Math.round((startMs! / 1000) * buf.sampleRate);
        const period = Math.round((durationMs! / 1000) * buf.sampleRate);
        let rms = 0;
        let seam = 0;
        let step = 0;
        for (let i = start; i < start + period; i++) {
          rms += x[i]! * x[i]!;
          step = Math.max(step, Math.abs(x[i + 1]! - x[i]!));
        }
        // The loop jumps from the window's last sample back to its first.
        seam = Math.abs(x[start + period - 1]! - x[start]!);
        return { seconds: buf.duration, rms: Math.sqrt(rms / period), seam, step };
      },
      [url, AMBIENT_LOOP.startMs, AMBIENT_LOOP.durationMs] as const,
    );
    expect(r.seconds).toBeGreaterThan((AMBIENT_LOOP.startMs + AMBIENT_LOOP.durationMs) / 1000);
    expect(r.rms).toBeGreaterThan(0.02);
    expect(r.seam).toBeLessThanOrEqual(r.step);
    s.expectNoErrors();
  });

  it('keeps the Content-Security-Policy: no violation while a file is checked on the page and in the worker', async () => {
    const s = await openSession();
    await s.context.addInitScript({ content: CSP_PROBE });
    const workers: string[] = [];
    const armed: Array<Promise<unknown>> = [];
    s.page.on('worker', (w) => {
      workers.push(w.url());
      // A violation inside the worker becomes a console error there, which fails the test (expectNoErrors).
      armed.push(
        w
          .evaluate(() =>
            self.addEventListener('securitypolicyviolation', (e) =>
              console.error(`CSP violation in the worker: ${e.violatedDirective} ${e.blockedURI}`),
            ),
          )
          .catch(() => undefined),
      );
    });
    await gotoTitle(s);
    await pickFile(s.page, 'Load scenario file…', 'outside-ferry.yaml', FERRY_TEXT);
    await s.page.getByRole('article', { name: FERRY_TITLE, exact: true }).waitFor();
    await Promise.all(armed);
    expect(workers.some((u) => /check-worker[^/]*\.js$/.test(u))).toBe(true);
    expect(await cspViolations(s.page)).toEqual([]);
    s.expectNoErrors();
  });
});

const FERRY_TEXT = readFileSync(path.join(ROOT, 'tests/fixtures/teacher/outside-ferry.yaml'), 'utf8');
const FERRY_TITLE = /^title:\s*(.+)$/m.exec(FERRY_TEXT)![1]!.replace(/^['"]|['"]$/g, '');
