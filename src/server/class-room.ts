/**
 * The Colyseus room of one live class session. It holds no game rules: it checks who is asking
 * (the teacher's secret, a participant's token), validates each message (zod), rate-limits, and
 * turns accepted intents into log entries. Each entry is appended to the durable log before the
 * session (a fold of that log, live-session/) applies it; then every screen gets its new view.
 * The room's id is the join code, so a restarted process opens the same room for the same code.
 */
import { type AuthContext, type Client, Room, ServerError } from '@colyseus/core';
import type { ClassSession } from '../live-session/class-session.ts';
import type { EventEntry } from '../live-session/log.ts';
import { consoleView, phoneView, projectorView, sessionFile } from '../live-session/views.ts';
import { JoinOptions, StudentIntent, TeacherIntent } from './intents.ts';
import { loadSession } from './open-session.ts';
import { TokenBucket } from './rate-limit.ts';
import { hashSecret, matchesHash, randomToken } from './secrets.ts';
import type { SessionStore } from './session-store.ts';

/** Who a connection is, decided at join from its secret or token. */
export type Who = { role: 'teacher' } | { role: 'projector' } | { role: 'student'; pid: string; token?: string };

/** What the room is created with. */
export interface ClassRoomOptions {
  sessionId: string;
  /** True when the session is rebuilt after a restart (the downtime is given back to the clocks). */
  restore: boolean;
}

/** What the server hands every room (set once at start-up). */
export interface RoomContext {
  store: SessionStore;
  owner: string;
  now: () => number;
}

let context: RoomContext | undefined;

/** Give the rooms their store and clock (the live server calls this before any room opens). */
export function setRoomContext(c: RoomContext): void {
  context = c;
}

/** Intents a connection may send per second on average, and in one burst. */
const MESSAGES_PER_SECOND = 8;
const MESSAGE_BURST = 16;
/** New names a session accepts per second on average, and in one burst (a join flood is refused). */
const JOINS_PER_SECOND = Number(process.env.CRISIS_ROOM_JOINS_PER_SECOND ?? 10);
const JOIN_BURST = Number(process.env.CRISIS_ROOM_JOIN_BURST ?? 60);

/** The room of one class session. */
export class ClassRoom extends Room {
  private session!: ClassSession;
  private ctx!: RoomContext;
  /** Entries waiting for the next group commit, each with what to do once it is durable (or refused). */
  private pending: { entry: EventEntry; done: (refused?: string) => void }[] = [];
  private flushing: Promise<void> | undefined;
  /** Since the last views went out: everyone (committee, teacher's commands) or these students only. */
  private dirtyAll = false;
  private readonly dirty = new Set<string>();
  private readonly buckets = new WeakMap<Client, TokenBucket>();
  private joins!: TokenBucket;
  private readonly connected = new Map<string, Set<Client>>();
  private consoleDue = false;
  private timingOut = false;
  private lastConsoleAt = 0;
  private deleting = false;

  override async onCreate(options: ClassRoomOptions): Promise<void> {
    if (!context) throw new Error('the live server has not set the room context');
    this.ctx = context;
    this.autoDispose = false;
    this.maxClients = 400;
    const now = this.ctx.now();
    this.joins = new TokenBucket(JOIN_BURST, JOINS_PER_SECOND, now);
    this.session = await loadSession(this.ctx.store, options.sessionId);
    this.roomId = this.session.code;
    if (options.restore) {
      const lastAlive = (await this.ctx.store.lastAlive(this.session.id)) ?? this.session.lastAt;
      await this.record({ t: 'restored', at: Math.max(now, this.session.lastAt), lastAlive: Math.min(lastAlive, now) });
    }
    await this.ctx.store.heartbeat(this.session.id, now);
    this.onMessage('intent', (client, message) => this.onIntent(client, message));
    this.onMessage('*', (client) => this.refuse(client, 'unknown message type'));
    // The countdowns and the heartbeat that lets a restart give back the downtime.
    this.clock.setInterval(() => this.tick(), 250);
    this.clock.setInterval(() => void this.beat(), 1000);
  }

  override async onAuth(_client: Client, options: unknown, ctx: AuthContext): Promise<Who> {
    const parsed = JoinOptions.safeParse(options);
    if (!parsed.success) throw new ServerError(400, 'join refused: give a name (1 to 40 characters)');
    const o = parsed.data;
    if (this.session.status === 'ended' && !('teacher' in o)) throw new ServerError(410, 'this session has ended');
    if ('teacher' in o) {
      if (!matchesHash(o.teacher, this.session.open.teacherHash)) throw new ServerError(403, 'wrong teacher secret');
      return { role: 'teacher' };
    }
    if ('projector' in o) {
      if (!matchesHash(o.projector, this.session.open.projectorHash)) throw new ServerError(403, 'wrong projector key');
      return { role: 'projector' };
    }
    if ('rejoin' in o) {
      const p = this.session.participants.get(o.rejoin.pid);
      if (!p || !matchesHash(o.rejoin.token, p.tokenHash))
        throw new ServerError(403, 'not a participant of this session');
      return { role: 'student', pid: p.id };
    }
    void ctx;
    if (!this.joins.take(this.ctx.now()))
      throw new ServerError(429, 'too many people are joining at once: try again in a moment');
    const pid = randomToken(9);
    const token = randomToken(18);
    const r = await this.submit({ t: 'join', at: this.ctx.now(), pid, name: o.name, tokenHash: hashSecret(token) });
    if (r) throw new ServerError(409, r);
    return { role: 'student', pid, token };
  }

  override onJoin(client: Client, _options: unknown, who: Who): void {
    client.userData = who;
    this.buckets.set(client, new TokenBucket(MESSAGE_BURST, MESSAGES_PER_SECOND, this.ctx.now()));
    if (who.role === 'student') {
      let set = this.connected.get(who.pid);
      if (!set) this.connected.set(who.pid, (set = new Set()));
      set.add(client);
      if (who.token) client.send('welcome', { pid: who.pid, token: who.token, code: this.session.code });
    }
    this.sendView(client);
    this.consoleDue = true;
  }

  override onLeave(client: Client): void {
    const who = client.userData as Who | undefined;
    if (who?.role === 'student') this.connected.get(who.pid)?.delete(client);
    this.consoleDue = true;
  }

  override async onDispose(): Promise<void> {
    await this.ctx.store.release(this.session.id, this.ctx.owner);
  }

  /** The session this room runs (tests and the bench read it). */
  get classSession(): ClassSession {
    return this.session;
  }

  private refuse(client: Client, reason: string): void {
    client.send('refused', { reason });
  }

  /**
   * Group commit: entries are checked and applied one at a time, in order, and every entry of a
   * batch is appended to the durable log in one write before anyone is told (a view, a refusal of a
   * later intent that depended on it, a join's seat). So nobody sees an effect the log does not hold,
   * and a class of 180 costs one disk flush per batch instead of one per intent.
   */
  private submit(entry: EventEntry): Promise<string | undefined> {
    return new Promise((resolve) => {
      this.pending.push({ entry, done: resolve });
      this.flushing ??= this.flush().finally(() => (this.flushing = undefined));
    });
  }

  private async flush(): Promise<void> {
    await Promise.resolve(); // let intents of the same tick join the batch
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      const accepted: { entry: EventEntry; done: (refused?: string) => void }[] = [];
      for (const item of batch) {
        const p = this.session.prepare(item.entry);
        if ('refused' in p) {
          item.done(p.refused);
          continue;
        }
        p.commit();
        accepted.push(item);
        this.markDirty(item.entry);
      }
      if (accepted.length === 0) continue;
      try {
        await this.ctx.store.append(
          this.session.id,
          accepted.map((a) => a.entry),
        );
      } catch (e) {
        // Not durable: forget the batch (the session goes back to what its log holds) and say so.
        console.error(`session ${this.session.code}: the log could not be written`, e);
        this.session = await loadSession(this.ctx.store, this.session.id);
        for (const a of accepted) a.done('the server could not save this: try again');
        this.dirtyAll = true;
        this.sendDirty();
        continue;
      }
      for (const a of accepted) a.done();
      this.sendDirty();
    }
  }

  /** Append and apply an entry the server itself makes (a timeout, a restart); it cannot be refused. */
  private async record(entry: EventEntry): Promise<void> {
    const r = await this.submit(entry);
    if (r) throw new Error(`the server's own ${entry.t} entry was refused: ${r}`);
  }

  /** Who must get a new view after this entry. */
  private markDirty(e: EventEntry): void {
    const studentOwn = this.session.mode === 'everyone' && 'pid' in e && e.pid && e.t !== 'seat' && e.t !== 'president';
    if (studentOwn) this.dirty.add(e.pid as string);
    else this.dirtyAll = true;
    this.consoleDue = true;
  }

  /** Send the views the last batch changed: every screen, or just the students concerned. */
  private sendDirty(): void {
    if (this.dirtyAll) {
      for (const c of this.clients) if ((c.userData as Who | undefined)?.role !== 'teacher') this.sendView(c);
    } else for (const pid of this.dirty) for (const c of this.connected.get(pid) ?? []) this.sendView(c);
    this.dirtyAll = false;
    this.dirty.clear();
  }

  private onIntent(client: Client, message: unknown): void {
    const who = client.userData as Who | undefined;
    const bucket = this.buckets.get(client);
    if (!who || !bucket) return;
    if (!bucket.take(this.ctx.now())) return this.refuse(client, 'too many messages: slow down');
    if (who.role === 'projector') return this.refuse(client, 'the projector only watches');
    const entry = who.role === 'teacher' ? this.teacherEntry(message) : this.studentEntry(who.pid, message);
    if (typeof entry === 'string') return this.refuse(client, entry);
    if (entry.t === 'end' && 'delete' in entry) {
      void this.deleteSession();
      return;
    }
    void this.submit(entry).then(async (refused) => {
      if (refused) return this.refuse(client, refused);
      if (entry.t === 'end') await this.ctx.store.markEnded(this.session.id, this.session.code);
    });
  }

  private studentEntry(pid: string, message: unknown): EventEntry | string {
    const parsed = StudentIntent.safeParse(message);
    if (!parsed.success) return 'not a valid message';
    const i = parsed.data;
    const at = this.ctx.now();
    switch (i.type) {
      case 'back':
      case 'vote':
      case 'decide':
      case 'choose':
        return { t: i.type, at, pid, choice: i.choice, n: i.n };
      case 'argue':
        return { t: 'argue', at, pid, text: i.text, n: i.n };
      case 'continue':
        return { t: 'continue', at, pid, n: i.n };
    }
  }

  private teacherEntry(message: unknown): (EventEntry & { delete?: true }) | string {
    const parsed = TeacherIntent.safeParse(message);
    if (!parsed.success) return 'not a valid teacher command';
    const i = parsed.data;
    const at = this.ctx.now();
    // Teacher commands carry `n` too, checked against the teacher's own counter by the session.
    if (!(i.n > this.session.teacherN)) return 'this command was already received (a replayed message)';
    switch (i.type) {
      case 'decide':
        return { t: 'decide', at, pid: null, choice: i.choice, n: i.n };
      case 'seat':
        return { t: 'seat', at, pid: i.pid, seat: i.seat, n: i.n };
      case 'president':
        return { t: 'president', at, pid: i.pid, n: i.n };
      case 'hide':
        return { t: 'hide', at, names: i.names, arguments: i.arguments, n: i.n };
      case 'delete':
        return { t: 'end', at, delete: true };
      default:
        return { t: i.type, at, n: i.n };
    }
  }

  private async deleteSession(): Promise<void> {
    this.deleting = true;
    await this.ctx.store.remove(this.session.id, this.session.code);
    for (const c of this.clients) c.send('deleted', {});
    this.disconnect();
  }

  private tick(): void {
    if (this.deleting) return;
    const now = this.ctx.now();
    const due = this.session.nextDeadline();
    if (due && due.at <= now && !this.timingOut) {
      this.timingOut = true;
      void this.record({ t: 'timeout', at: now, ...(due.pid ? { pid: due.pid } : {}) })
        .catch(() => undefined)
        .finally(() => (this.timingOut = false));
    }
    // The console is redrawn at most twice a second (a class of 180 changes it all the time).
    if (this.consoleDue && now - this.lastConsoleAt >= 500) {
      this.consoleDue = false;
      this.lastConsoleAt = now;
      for (const c of this.clients) if ((c.userData as Who | undefined)?.role === 'teacher') this.sendView(c);
    }
  }

  private async beat(): Promise<void> {
    if (this.deleting) return;
    const now = this.ctx.now();
    await this.ctx.store.heartbeat(this.session.id, now);
    await this.ctx.store.claim(this.session.id, this.ctx.owner, 10_000);
  }

  private sendView(client: Client): void {
    const who = client.userData as Who | undefined;
    const now = this.ctx.now();
    if (!who) return;
    if (who.role === 'teacher') {
      const connected = new Set([...this.connected].filter(([, s]) => s.size > 0).map(([pid]) => pid));
      const view = consoleView(this.session, now, connected);
      client.send('view', this.session.status === 'ended' ? { ...view, sessionFile: sessionFile(this.session) } : view);
    } else if (who.role === 'projector') client.send('view', projectorView(this.session, now));
    else {
      const p = this.session.participants.get(who.pid);
      if (p) client.send('view', phoneView(this.session, p, now));
    }
  }
}
