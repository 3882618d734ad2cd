/**
 * Bench rows for the live class (issue 18): 300 simulated participants on a real live server
 * process (10 committee rooms of 12 phones and one "Everyone plays" class of 180), measuring the
 * time from an intent to the view that shows it (p50/p95), the server's memory per room and the
 * messages per second; then the phone page's bytes (gzip) from the join page to the first decision,
 * and Lighthouse's mobile time to interactive for it. Numbers, not assertions.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { LiveConnection } from '../../src/live/connection.ts';
import type { ConsoleView, PhoneView } from '../../src/live-session/views.ts';
import { buildInto, CHROMIUM, launchChromium, newContext, ROOT } from './harness.ts';

type Add = (what: string, value: string) => void;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function startLive(
  site?: string,
): Promise<{ base: string; proc: ChildProcess; stop(): Promise<void>; rssKiB(): number }> {
  const port = await freePort();
  const data = mkdtempSync(path.join(tmpdir(), 'crisis-bench-live-'));
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', ...(site ? ['--site', site] : [])], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      CRISIS_ROOM_DATA: data,
      CRISIS_ROOM_JOIN_BURST: '400',
      CRISIS_ROOM_JOINS_PER_SECOND: '400',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  for (let i = 0; i < 600 && !/ready on|is served at/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
  if (!/ready on|is served at/.test(out)) throw new Error(`the live server did not start: ${out}`);
  return {
    base: `http://127.0.0.1:${port}`,
    proc,
    rssKiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1] ?? 0),
    async stop() {
      proc.kill('SIGTERM');
      await exited;
      rmSync(data, { recursive: true, force: true });
    },
  };
}

async function open(base: string, mode: 'committee' | 'everyone') {
  const res = await fetch(`${base}/live/api/sessions`, {
    method: 'POST',
    body: JSON.stringify({
      scenarioText: readFileSync(path.join(ROOT, 'scenarios/kazakhstan-2022.yaml'), 'utf8'),
      fileName: 'kazakhstan-2022.yaml',
      mode,
      timer: 'off',
      seed: 7,
    }),
  });
  return (await res.json()) as { code: string; teacherSecret: string };
}

/** A simulated participant: a connection, its latest view, and a waiter for the next view that passes a test. */
class Sim<V extends PhoneView | ConsoleView> {
  latest: V | undefined;
  received = 0;
  private waiting: { test: (v: V) => boolean; done: () => void } | undefined;
  link: LiveConnection<V & { me?: { lastN: number }; teacherN?: number }>;

  constructor(base: string, code: string, credentials: ConstructorParameters<typeof LiveConnection>[2]) {
    this.link = new LiveConnection(base, code, credentials, {
      view: (v) => {
        this.latest = v;
        this.received++;
        if (this.waiting?.test(v)) {
          const w = this.waiting;
          this.waiting = undefined;
          w.done();
        }
      },
    });
  }

  /** Resolves with the milliseconds until a view passes `test` (the intent is sent first). */
  timed(intent: { type: string; [k: string]: unknown }, test: (v: V) => boolean): Promise<number> {
    return new Promise((resolve) => {
      const t0 = performance.now();
      this.waiting = { test, done: () => resolve(performance.now() - t0) };
      this.link.send(intent);
    });
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

/** Add the live-class rows through `add`. */
export async function benchLive(add: Add): Promise<void> {
  const live = await startLive();
  try {
    const rss0 = live.rssKiB();
    const sims: { received: number; latest: unknown; link: { close(): Promise<void> } }[] = [];
    const committees: { teacher: Sim<ConsoleView>; phones: Sim<PhoneView>[] }[] = [];
    for (let r = 0; r < 10; r++) {
      const o = await open(live.base, 'committee');
      const teacher = new Sim<ConsoleView>(live.base, o.code, { teacher: o.teacherSecret });
      await teacher.link.connect();
      const phones: Sim<PhoneView>[] = [];
      for (let i = 0; i < 12; i++) {
        const p = new Sim<PhoneView>(live.base, o.code, { name: `R${r} S${i}` });
        await p.link.connect();
        phones.push(p);
      }
      committees.push({ teacher, phones });
      sims.push(teacher, ...phones);
    }
    const o = await open(live.base, 'everyone');
    const teacher = new Sim<ConsoleView>(live.base, o.code, { teacher: o.teacherSecret });
    await teacher.link.connect();
    const students: Sim<PhoneView>[] = [];
    for (let i = 0; i < 180; i++) {
      const s = new Sim<PhoneView>(live.base, o.code, { name: `Student ${i}` });
      await s.link.connect();
      students.push(s);
    }
    sims.push(teacher, ...students);
    const rssJoined = live.rssKiB();
    add(
      'live class: server memory per room (10 committee rooms of 12 + 1 class of 180, all joined)',
      `${((rssJoined - rss0) / 11 / 1024).toFixed(1)} MiB (RSS ${(rss0 / 1024).toFixed(0)} → ${(rssJoined / 1024).toFixed(0)} MiB)`,
    );
    for (const c of committees) c.teacher.link.send({ type: 'start' });
    teacher.link.send({ type: 'start' });
    const ready = () =>
      sims.every(
        (s) => (s.latest as PhoneView | undefined)?.kind !== 'phone' || (s.latest as PhoneView).screen === 'room',
      );
    for (let i = 0; i < 300 && !ready(); i++) await new Promise((r) => setTimeout(r, 50));

    const received0 = sims.reduce((a, s) => a + s.received, 0);
    let sent = 0;
    const t0 = performance.now();
    const lat: number[] = [];
    // Committee phones back a choice, 6 rounds each, all rooms at once; the 180 play their own runs.
    const committeeLoad = committees.flatMap((c) =>
      c.phones.map(async (p) => {
        for (let round = 0; round < 6; round++) {
          const choices = (p.latest as PhoneView).node!.choices;
          const pick = choices[(round + Number(p.latest!.me.id.charCodeAt(0))) % choices.length]!.id;
          if ((p.latest as PhoneView).myBacking === pick) continue;
          sent++;
          lat.push(await p.timed({ type: 'back', choice: pick }, (v) => (v as PhoneView).myBacking === pick));
        }
      }),
    );
    const everyoneLoad = students.map(async (s) => {
      for (let step = 0; step < 4; step++) {
        const v = s.latest as PhoneView;
        if (v.screen !== 'room' || !v.node) break;
        sent++;
        lat.push(
          await s.timed(
            { type: 'choose', choice: v.node.choices[0]!.id },
            (x) => (x as PhoneView).screen === 'outcome',
          ),
        );
        sent++;
        lat.push(await s.timed({ type: 'continue' }, (x) => (x as PhoneView).screen !== 'outcome'));
      }
    });
    await Promise.all([...committeeLoad, ...everyoneLoad]);
    const seconds = (performance.now() - t0) / 1000;
    const received = sims.reduce((a, s) => a + s.received, 0) - received0;
    add(
      'live class: intent → view that shows it, 300 participants (p50 / p95)',
      `${pct(lat, 50).toFixed(1)} / ${pct(lat, 95).toFixed(1)} ms (${lat.length.toLocaleString('en')} intents; goal p95 ≤ 100 ms)`,
    );
    add(
      'live class: messages per second under that load (intents in + views out)',
      `${Math.round((sent + received) / seconds).toLocaleString('en')} (${sent} in, ${received.toLocaleString('en')} out in ${seconds.toFixed(1)} s)`,
    );
    await Promise.all(sims.map((s) => s.link.close()));
  } finally {
    await live.stop();
  }
  await benchPhonePage(add);
}

/** The phone page: gzip bytes from the join page to the first decision, and Lighthouse's mobile TTI. */
async function benchPhonePage(add: Add): Promise<void> {
  const out = mkdtempSync(path.join(tmpdir(), 'crisis-bench-site-'));
  try {
    await buildInto(out);
    const live = await startLive(out);
    try {
      const o = await open(live.base, 'committee');
      const browser = await launchChromium();
      try {
        const context = await newContext(browser, {
          viewport: { width: 390, height: 844 },
          isMobile: true,
          hasTouch: true,
        });
        const page = await context.newPage();
        let gz = 0;
        const files: string[] = [];
        page.on('response', async (r) => {
          if (!r.url().startsWith(live.base) || r.url().includes('/live/api/')) return;
          const body = await r.body().catch(() => Buffer.alloc(0));
          gz += gzipSync(body).length;
          files.push(path.basename(new URL(r.url()).pathname) || '/');
        });
        await page.goto(`${live.base}/?join=${o.code}`);
        await page.getByLabel('Your name').fill('Bench');
        await page.getByRole('button', { name: 'Join', exact: true }).click();
        await page.waitForSelector('body[data-screen="waiting"]');
        const t = new LiveConnection<ConsoleView>(live.base, o.code, { teacher: o.teacherSecret }, { view: () => {} });
        await t.connect();
        t.send({ type: 'start' });
        await page.waitForSelector('body[data-screen="room"]');
        await t.close();
        add(
          'live class: phone page, join page to first decision (gzip; goal ≤ 120 KB)',
          `${(gz / 1024).toFixed(1)} KiB in ${files.length} files (no Phaser: ${files.some((f) => f.startsWith('phaser')) ? 'NO' : 'yes'})`,
        );
      } finally {
        await browser.close();
      }
      add(
        'live class: phone join page, Lighthouse mobile (throttled) time to interactive',
        await mobileTti(`${live.base}/?join=${o.code}`),
      );
    } finally {
      await live.stop();
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function mobileTti(url: string): Promise<string> {
  try {
    const { default: lighthouse } = await import('lighthouse');
    const chromeLauncher = await import('chrome-launcher');
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      // Lighthouse's default config is the mobile one (simulated slow 4G and a 4× slower CPU).
      const r = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
      });
      const a = r?.lhr.audits;
      const ms = (id: string) => a?.[id]?.numericValue ?? Number.NaN;
      return `${(ms('interactive') / 1000).toFixed(2)} s (FCP ${(ms('first-contentful-paint') / 1000).toFixed(2)} s, ${((a?.['total-byte-weight']?.numericValue ?? 0) / 1024).toFixed(0)} KiB transferred; goal ≤ 1.5 s)`;
    } finally {
      chrome.kill();
    }
  } catch (e) {
    return `skipped: ${(e as Error).message.split('\n')[0]}`;
  }
}
