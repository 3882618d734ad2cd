/**
 * The live-class server: Colyseus (rooms, seat reservation, matchmaking; Redis presence and driver
 * when REDIS_URL is set, so several processes serve one class) on a plain Node http server, a
 * small JSON API to open a session, and optionally the built site (`npm run serve`). On start it
 * restores every open session from the store; a room missing for a join code (its process died)
 * is restored on demand by whichever process is asked first.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { matchMaker, Server } from '@colyseus/core';
import { RedisDriver } from '@colyseus/redis-driver';
import { RedisPresence } from '@colyseus/redis-presence';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { JOIN_CODE_PATTERN } from '../live-session/log.ts';
import { ClassRoom, setRoomContext } from './class-room.ts';
import { OpenRequest } from './intents.ts';
import { openSession, ScenarioRefused } from './open-session.ts';
import { TokenBucket } from './rate-limit.ts';
import { randomToken } from './secrets.ts';
import { FileSessionStore, RedisSessionStore, type SessionStore } from './session-store.ts';

/** How to run the live server. */
export interface LiveServerOptions {
  port: number;
  host?: string;
  /** Folder for session logs (file store); ignored with `redisUrl`. */
  dataDir: string;
  redisUrl?: string;
  /** Serve this built site too (`npm run serve`). */
  staticDir?: string;
  /** host:port clients reach this process at (several processes behind no proxy). */
  publicAddress?: string;
}

/** A running live server. */
export interface LiveServer {
  port: number;
  store: SessionStore;
  close(): Promise<void>;
}

/** Largest request body the API reads (a scenario file with room to spare). */
const MAX_BODY = 4 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.woff2': 'font/woff2',
  '.yaml': 'text/yaml; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new RangeError('the request is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Which page a path serves: the phone page for `/?join=CODE` and the projector (no Phaser), else the file asked for. */
export function pageFor(url: URL): string {
  if (url.pathname === '/' && (url.searchParams.has('join') || url.searchParams.has('projector'))) return '/live.html';
  if (url.pathname === '/') return '/index.html';
  return url.pathname;
}

/** Start the live server; resolves once it listens and has restored the open sessions. */
export async function startLiveServer(opts: LiveServerOptions): Promise<LiveServer> {
  const now = () => Date.now();
  const store: SessionStore = opts.redisUrl
    ? new RedisSessionStore(opts.redisUrl)
    : await FileSessionStore.create(opts.dataDir, now());
  const owner = randomToken(9);
  setRoomContext({ store, owner, now });
  const openLimit = new Map<string, TokenBucket>();
  const pending = new Map<string, Promise<boolean>>();

  /** Make sure the room of a join code runs somewhere (restoring it here if its process is gone). */
  async function ensureRoom(code: string, fresh?: string): Promise<boolean> {
    for (let attempt = 0; attempt < 60; attempt++) {
      const [listing] = await matchMaker.query({ roomId: code });
      if (listing) {
        if (listing.processId === matchMaker.processId) return true;
        if (await matchMaker.healthCheckProcessId(listing.processId)) return true;
        continue; // the health check removed a dead process's rooms
      }
      const sessionId = fresh ?? (await store.findByCode(code));
      if (!sessionId) return false;
      if (await store.claim(sessionId, owner, 10_000)) {
        await matchMaker.createRoom('class', { sessionId, restore: !fresh });
        return true;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    return false;
  }
  const ensureOnce = (code: string, fresh?: string): Promise<boolean> => {
    let p = pending.get(code);
    if (!p) {
      p = ensureRoom(code, fresh).finally(() => pending.delete(code));
      pending.set(code, p);
    }
    return p;
  };

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/live/api/health') return sendJson(res, 200, { ok: true, live: true });
    if (url.pathname === '/live/api/sessions' && req.method === 'POST') {
      const ip = req.socket.remoteAddress ?? '';
      let bucket = openLimit.get(ip);
      if (!bucket) openLimit.set(ip, (bucket = new TokenBucket(10, 0.2, now())));
      if (!bucket.take(now())) return sendJson(res, 429, { error: 'too many sessions opened: wait a minute' });
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch (e) {
        return sendJson(res, e instanceof RangeError ? 413 : 400, { error: (e as Error).message });
      }
      const parsed = OpenRequest.safeParse(body);
      if (!parsed.success) return sendJson(res, 400, { error: 'not a valid request to open a session' });
      try {
        const opened = await openSession(store, parsed.data, now());
        await ensureOnce(opened.code, opened.sessionId);
        return sendJson(res, 201, {
          code: opened.code,
          teacherSecret: opened.teacherSecret,
          projectorKey: opened.projectorKey,
          joinPath: `/?join=${opened.code}`,
        });
      } catch (e) {
        if (e instanceof ScenarioRefused) return sendJson(res, 422, { error: e.message });
        throw e;
      }
    }
    const ready = /^\/live\/api\/sessions\/([^/]+)\/ready$/.exec(url.pathname);
    if (ready && req.method === 'POST') {
      const code = decodeURIComponent(ready[1]!).toUpperCase();
      if (!JOIN_CODE_PATTERN.test(code)) return sendJson(res, 404, { error: 'no session has this code' });
      return (await ensureOnce(code))
        ? sendJson(res, 200, { ok: true })
        : sendJson(res, 404, { error: 'no session has this code' });
    }
    return sendJson(res, 404, { error: 'no such address' });
  }

  // Built files never change while serving: each is read (and gzipped) once.
  const files = new Map<string, { body: Buffer; gz?: Buffer }>();

  async function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const root = path.resolve(opts.staticDir!);
    const file = path.resolve(root, `.${decodeURIComponent(pageFor(url))}`);
    if (!file.startsWith(root + path.sep)) return sendJson(res, 404, { error: 'not found' });
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      let cached = files.get(file);
      const type = MIME[path.extname(file)] ?? 'application/octet-stream';
      if (!cached) {
        const body = await readFile(file);
        const text = /^(text\/|application\/(json|manifest)|image\/svg)/.test(type);
        cached = { body, ...(text ? { gz: gzipSync(body, { level: 9 }) } : {}) };
        files.set(file, cached);
      }
      const gzip = cached.gz && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      const immutable = file.includes(`${path.sep}assets${path.sep}`);
      res.writeHead(200, {
        'Content-Type': type,
        'Cache-Control': immutable ? 'max-age=31536000, immutable' : 'no-cache',
        Vary: 'Accept-Encoding',
        ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
      });
      res.end(gzip ? cached.gz : cached.body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found');
    }
  }

  const http = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handle = url.pathname.startsWith('/live/api/')
      ? api(req, res, url)
      : opts.staticDir && (req.method === 'GET' || req.method === 'HEAD')
        ? serveStatic(req, res, url)
        : Promise.resolve(sendJson(res, 404, { error: 'no such address' }));
    handle.catch((e) => {
      console.error(e);
      if (!res.headersSent) sendJson(res, 500, { error: 'the live server failed' });
      else res.end();
    });
  });

  const server = new Server({
    transport: new WebSocketTransport({ server: http, maxPayload: 4 * 1024 }),
    ...(opts.redisUrl ? { presence: new RedisPresence(opts.redisUrl), driver: new RedisDriver(opts.redisUrl) } : {}),
    ...(opts.publicAddress ? { publicAddress: opts.publicAddress } : {}),
    // A session's room runs on the process that opened or restored it (it holds the session's claim).
    selectProcessIdToCreateRoom: async () => matchMaker.processId,
    greet: false,
    gracefullyShutdown: false,
  });
  server.define('class', ClassRoom);
  // Clients may only join a room by its code; rooms are created by the API above, never by a client.
  matchMaker.controller.exposedMethods = ['joinById'];
  await server.listen(opts.port, opts.host);
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;

  for (const s of await store.openSessions()) {
    await ensureOnce(s.code).catch((e) => console.error(`could not restore session ${s.code}:`, e));
  }

  return {
    port,
    store,
    async close() {
      await server.gracefullyShutdown(false);
      await store.close();
    },
  };
}
