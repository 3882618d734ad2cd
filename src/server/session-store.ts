/**
 * Where session logs live: a file per session under the data folder (one JSON entry a line,
 * flushed to disk before the entry is applied), or Redis lists when REDIS_URL is set (with
 * Redis's own persistence on). Both keep the last-alive time of each open session, so a restarted
 * server gives back the time a countdown lost while it was down, and both forget a session 7 days
 * after its last entry.
 */
import { mkdir, open, readdir, readFile, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { LogEntry, OpenEntry } from '../live-session/log.ts';

/** How long a session's log is kept after its last entry. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** An open (not ended) session as the store lists it. */
export interface StoredSession {
  sessionId: string;
  code: string;
}

/** A durable home for session logs. */
export interface SessionStore {
  /** Append entries in order; resolves once they are all durable (one write, one flush). */
  append(sessionId: string, entries: readonly LogEntry[]): Promise<void>;
  /** Every entry of a session, oldest first (empty when there is no such session). */
  read(sessionId: string): Promise<LogEntry[]>;
  /** The session with this join code, if it is open. */
  findByCode(code: string): Promise<string | undefined>;
  /** Every session that has not ended. */
  openSessions(): Promise<StoredSession[]>;
  /** Mark a session ended (it is no longer restored, and keeps its log for 7 days). */
  markEnded(sessionId: string, code: string): Promise<void>;
  /** Delete a session and its log now. */
  remove(sessionId: string, code: string): Promise<void>;
  /** Record that the session's server was alive at `at`. */
  heartbeat(sessionId: string, at: number): Promise<void>;
  /** The last time the session's server was alive (undefined if never recorded). */
  lastAlive(sessionId: string): Promise<number | undefined>;
  /** Take (or keep) the right to run a session's room in this process; false while another process holds it. */
  claim(sessionId: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Give the session back (the room closed). */
  release(sessionId: string, owner: string): Promise<void>;
  /** Drop sessions older than the TTL; close connections. */
  close(): Promise<void>;
}

/** Session logs as files: `<dir>/<sessionId>.jsonl`, `<dir>/<sessionId>.alive`, `<dir>/<sessionId>.ended`. */
export class FileSessionStore implements SessionStore {
  private readonly handles = new Map<string, Promise<FileHandle>>();
  private readonly codes = new Map<string, string>();

  private constructor(readonly dir: string) {}

  /** Open (creating) the folder and forget sessions past their 7 days. */
  static async create(dataDir: string, now: number): Promise<FileSessionStore> {
    const dir = path.join(dataDir, 'sessions');
    await mkdir(dir, { recursive: true });
    const store = new FileSessionStore(dir);
    for (const name of await readdir(dir)) {
      const file = path.join(dir, name);
      const info = await stat(file);
      if (now - info.mtimeMs > SESSION_TTL_MS) await rm(file, { force: true });
    }
    return store;
  }

  private file(sessionId: string, ext: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(sessionId)) throw new Error('bad session id');
    return path.join(this.dir, `${sessionId}.${ext}`);
  }

  async append(sessionId: string, entries: readonly LogEntry[]): Promise<void> {
    let h = this.handles.get(sessionId);
    if (!h) {
      h = open(this.file(sessionId, 'jsonl'), 'a');
      this.handles.set(sessionId, h);
    }
    const fh = await h;
    await fh.appendFile(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    await fh.datasync();
    for (const e of entries) if (e.t === 'open') this.codes.set(e.code, sessionId);
  }

  async read(sessionId: string): Promise<LogEntry[]> {
    let text: string;
    try {
      text = await readFile(this.file(sessionId, 'jsonl'), 'utf8');
    } catch {
      return [];
    }
    // A line cut short by a crash mid-write is the only one that can fail to parse: the last.
    const lines = text.split('\n').filter((l) => l.length > 0);
    const entries: LogEntry[] = [];
    for (const [i, line] of lines.entries()) {
      try {
        entries.push(JSON.parse(line) as LogEntry);
      } catch (e) {
        if (i < lines.length - 1) throw e;
      }
    }
    return entries;
  }

  async findByCode(code: string): Promise<string | undefined> {
    if (!this.codes.has(code)) for (const s of await this.openSessions()) this.codes.set(s.code, s.sessionId);
    const id = this.codes.get(code);
    if (!id) return undefined;
    return (await this.isEnded(id)) ? undefined : id;
  }

  private async isEnded(sessionId: string): Promise<boolean> {
    return stat(this.file(sessionId, 'ended')).then(
      () => true,
      () => false,
    );
  }

  async openSessions(): Promise<StoredSession[]> {
    const out: StoredSession[] = [];
    for (const name of await readdir(this.dir)) {
      if (!name.endsWith('.jsonl')) continue;
      const sessionId = name.slice(0, -'.jsonl'.length);
      if (await this.isEnded(sessionId)) continue;
      const text = await readFile(path.join(this.dir, name), 'utf8');
      const first = text.slice(0, text.indexOf('\n'));
      try {
        const open = JSON.parse(first) as OpenEntry;
        if (open.t === 'open') out.push({ sessionId, code: open.code });
      } catch {
        // An empty or cut-off first line: the session never opened.
      }
    }
    return out;
  }

  async markEnded(sessionId: string): Promise<void> {
    await writeFile(this.file(sessionId, 'ended'), '');
  }

  async remove(sessionId: string, code: string): Promise<void> {
    const h = this.handles.get(sessionId);
    this.handles.delete(sessionId);
    if (h) await (await h).close();
    this.codes.delete(code);
    for (const ext of ['jsonl', 'alive', 'ended']) await rm(this.file(sessionId, ext), { force: true });
  }

  async heartbeat(sessionId: string, at: number): Promise<void> {
    await writeFile(this.file(sessionId, 'alive'), String(at));
  }

  async lastAlive(sessionId: string): Promise<number | undefined> {
    const text = await readFile(this.file(sessionId, 'alive'), 'utf8').catch(() => '');
    const at = Number.parseInt(text, 10);
    return Number.isFinite(at) ? at : undefined;
  }

  async claim(): Promise<boolean> {
    return true; // One process owns the data folder.
  }

  async release(): Promise<void> {}

  async close(): Promise<void> {
    for (const h of this.handles.values()) await (await h).close();
    this.handles.clear();
  }
}

const KEY = 'crisis-room';

/** Session logs in Redis: a list per session, a hash of open join codes, and an owner lock per session. */
export class RedisSessionStore implements SessionStore {
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 3 });
  }

  async append(sessionId: string, entries: readonly LogEntry[]): Promise<void> {
    const key = `${KEY}:log:${sessionId}`;
    const m = this.redis
      .multi()
      .rpush(key, ...entries.map((e) => JSON.stringify(e)))
      .pexpire(key, SESSION_TTL_MS);
    for (const e of entries) if (e.t === 'open') m.hset(`${KEY}:open`, e.code, sessionId);
    const results = await m.exec();
    const failed = results?.find(([err]) => err);
    if (!results || failed) throw failed?.[0] ?? new Error('the Redis transaction was aborted');
  }

  async read(sessionId: string): Promise<LogEntry[]> {
    const lines = await this.redis.lrange(`${KEY}:log:${sessionId}`, 0, -1);
    return lines.map((l) => JSON.parse(l) as LogEntry);
  }

  async findByCode(code: string): Promise<string | undefined> {
    return (await this.redis.hget(`${KEY}:open`, code)) ?? undefined;
  }

  async openSessions(): Promise<StoredSession[]> {
    const all = await this.redis.hgetall(`${KEY}:open`);
    const out: StoredSession[] = [];
    for (const [code, sessionId] of Object.entries(all)) {
      // A session whose log expired is forgotten with it.
      if (await this.redis.exists(`${KEY}:log:${sessionId}`)) out.push({ code, sessionId });
      else await this.redis.hdel(`${KEY}:open`, code);
    }
    return out;
  }

  async markEnded(sessionId: string, code: string): Promise<void> {
    await this.redis.hdel(`${KEY}:open`, code);
    await this.redis.del(`${KEY}:alive:${sessionId}`);
  }

  async remove(sessionId: string, code: string): Promise<void> {
    await this.redis
      .multi()
      .hdel(`${KEY}:open`, code)
      .del(`${KEY}:log:${sessionId}`, `${KEY}:alive:${sessionId}`)
      .exec();
  }

  async heartbeat(sessionId: string, at: number): Promise<void> {
    await this.redis.set(`${KEY}:alive:${sessionId}`, String(at), 'PX', SESSION_TTL_MS);
  }

  async lastAlive(sessionId: string): Promise<number | undefined> {
    const v = await this.redis.get(`${KEY}:alive:${sessionId}`);
    return v === null ? undefined : Number.parseInt(v, 10);
  }

  async claim(sessionId: string, owner: string, ttlMs: number): Promise<boolean> {
    const key = `${KEY}:owner:${sessionId}`;
    if ((await this.redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK') return true;
    if ((await this.redis.get(key)) !== owner) return false;
    await this.redis.pexpire(key, ttlMs);
    return true;
  }

  async release(sessionId: string, owner: string): Promise<void> {
    const key = `${KEY}:owner:${sessionId}`;
    if ((await this.redis.get(key)) === owner) await this.redis.del(key);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
