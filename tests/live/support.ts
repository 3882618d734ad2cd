/**
 * Helpers for the live-class tests: the live server as a REAL child process (so `kill -9` is a
 * real crash), Debian's redis-server on a free loopback port, and phones that are colyseus.js
 * clients in this process, reconnecting the way the phone page does (src/live/connection.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { LiveConnection, type Credentials } from '../../src/live/connection.ts';
import type { ConsoleView, PhoneView, ProjectorView } from '../../src/live-session/views.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** A temporary folder removed by `cleanup`. */
export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Wait until `fn` returns a truthy value (polling; the test's own timeout bounds it). */
export async function until<T>(fn: () => T | undefined | false | null, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A live server child process. */
export interface ServerProcess {
  port: number;
  base: string;
  proc: ChildProcess;
  output(): string;
  /** `kill -9`: no clean-up, no last write. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** Start `src/server/main.ts` in a child process and wait until it says it is ready. */
export async function startServer(
  env: Record<string, string>,
  port?: number,
  args: string[] = [],
): Promise<ServerProcess> {
  const p = port ?? (await freePort());
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(p), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  await until(() => /ready on|is served at/.test(out) || proc.exitCode !== null, 'the live server to start', 60_000);
  if (proc.exitCode !== null) throw new Error(`the live server exited:\n${out}`);
  return {
    port: p,
    base: `http://127.0.0.1:${p}`,
    proc,
    output: () => out,
    async crash() {
      proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** Debian's redis-server on a free loopback port, persisting to an append-only file in a temp folder. */
export async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const tmp = tempDir('crisis-redis-');
  const proc = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', tmp.dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  await until(() => out.includes('Ready to accept connections') || proc.exitCode !== null, 'redis-server');
  if (proc.exitCode !== null) throw new Error(`redis-server exited:\n${out}`);
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      proc.kill('SIGTERM');
      await exited;
      tmp.cleanup();
    },
  };
}

/** The teacher's answer to opening a session. */
export interface Opened {
  code: string;
  teacherSecret: string;
  projectorKey: string;
}

/** Open a session of a scenario file through the API, as the console does. */
export async function openClass(
  base: string,
  opts: { file?: string; mode?: 'committee' | 'everyone'; timer?: 'normal' | 'double' | 'off'; seed?: number } = {},
): Promise<Opened> {
  const file = opts.file ?? 'scenarios/kazakhstan-2022.yaml';
  const res = await fetch(`${base}/live/api/sessions`, {
    method: 'POST',
    body: JSON.stringify({
      scenarioText: readFileSync(path.join(ROOT, file), 'utf8'),
      fileName: path.basename(file),
      mode: opts.mode ?? 'committee',
      timer: opts.timer ?? 'normal',
      seed: opts.seed ?? 42,
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Opened;
}

/** A connection that records every view and refusal it gets. */
export interface Tester<V> {
  link: LiveConnection<V & { me?: { lastN: number }; teacherN?: number }>;
  views: V[];
  refusals: string[];
  latest(): V;
  /** Wait for a view that satisfies `test` (the latest first). */
  waitView(test: (v: V) => boolean, what: string): Promise<V>;
}

/** Connect as a phone, the console or the projector. */
export async function connect<V extends PhoneView | ConsoleView | ProjectorView>(
  base: string,
  code: string,
  credentials: Credentials,
): Promise<Tester<V>> {
  const views: V[] = [];
  const refusals: string[] = [];
  const link = new LiveConnection<V & { me?: { lastN: number }; teacherN?: number }>(base, code, credentials, {
    view: (v) => views.push(v),
    refused: (r) => refusals.push(r),
  });
  await link.connect();
  const t: Tester<V> = {
    link,
    views,
    refusals,
    latest: () => views[views.length - 1]!,
    waitView: (test, what) => until(() => (views.length > 0 && test(t.latest()) ? t.latest() : undefined), what),
  };
  await t.waitView(() => true, 'a first view');
  return t;
}
