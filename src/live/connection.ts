/**
 * A live-class connection (phone, console or projector) that keeps coming back: when the socket
 * drops (a phone asleep, the network gone, the server restarted) it asks the server to make sure
 * the session's room runs, then joins it again with the same credentials — a participant's id and
 * token, the teacher's secret or the projector's key — so nobody types their name twice. Every
 * intent it sends carries a number that only grows (the server refuses a replayed one).
 */
import { Client, type Room } from 'colyseus.js';

/** Who this connection joins as. */
export type Credentials =
  | { name: string }
  | { rejoin: { pid: string; token: string } }
  | { teacher: string }
  | { projector: string };

/** The connection's state, for the screen's status line. */
export type LinkState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** What a connection reports to its screen. */
export interface ConnectionEvents<V> {
  view(view: V): void;
  refused?(reason: string): void;
  state?(state: LinkState, detail?: string): void;
  /** A new participant's id and token (kept so the phone can come back). */
  welcome?(pid: string, token: string): void;
}

/** Thrown when the server says no for good (no such session, ended, wrong secret). */
export class JoinRefused extends Error {}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The error text colyseus.js gives for a refused join. */
function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A connection to one session's room. `base` is the server's http(s) origin. */
export class LiveConnection<V extends { me?: { lastN: number }; teacherN?: number }> {
  private room: Room | undefined;
  private readonly client: Client;
  private n = 0;
  private stopped = false;
  state: LinkState = 'connecting';
  last: V | undefined;

  constructor(
    private readonly base: string,
    readonly code: string,
    private credentials: Credentials,
    private readonly events: ConnectionEvents<V>,
  ) {
    this.client = new Client(`${base.replace(/^http/, 'ws')}/live`);
  }

  /** Join (or rejoin) now; resolves once joined, rejects with JoinRefused when the server refuses. */
  async connect(): Promise<void> {
    const ready = await fetch(`${this.base}/live/api/sessions/${encodeURIComponent(this.code)}/ready`, {
      method: 'POST',
    });
    if (ready.status === 404) throw new JoinRefused('No class session has this code: check it with your teacher.');
    if (!ready.ok) throw new Error(`the live server answered ${ready.status}`);
    let room: Room;
    try {
      room = await this.client.joinById(this.code, this.credentials);
    } catch (e) {
      const msg = messageOf(e);
      if (/refused|ended|wrong|not a participant|not found|full|too many/i.test(msg)) throw new JoinRefused(msg);
      throw e;
    }
    this.room = room;
    room.onMessage('view', (v: V) => {
      this.last = v;
      const seen = v.me?.lastN ?? v.teacherN ?? 0;
      if (seen > this.n) this.n = seen;
      this.events.view(v);
    });
    room.onMessage('welcome', (w: { pid: string; token: string }) => {
      this.credentials = { rejoin: { pid: w.pid, token: w.token } };
      this.events.welcome?.(w.pid, w.token);
    });
    room.onMessage('refused', (r: { reason: string }) => this.events.refused?.(r.reason));
    room.onMessage('deleted', () => {
      this.stopped = true;
      this.setState('closed', 'The teacher ended and deleted this session.');
    });
    room.onLeave(() => {
      if (this.room !== room) return;
      this.room = undefined;
      if (!this.stopped) void this.comeBack();
    });
    this.setState('connected');
  }

  private setState(state: LinkState, detail?: string): void {
    this.state = state;
    this.events.state?.(state, detail);
  }

  /** Keep trying to rejoin (backing off to 3 s between tries) until joined, refused or stopped. */
  private async comeBack(): Promise<void> {
    this.setState('reconnecting');
    for (let delay = 250; !this.stopped; delay = Math.min(delay * 2, 3000)) {
      await wait(delay);
      if (this.stopped) return;
      try {
        await this.connect();
        return;
      } catch (e) {
        if (e instanceof JoinRefused) {
          this.stopped = true;
          this.setState('closed', e.message);
          return;
        }
      }
    }
  }

  /** Send an intent (its number is added here). False when not connected right now. */
  send(intent: { type: string; [key: string]: unknown }): boolean {
    if (!this.room) return false;
    this.n += 1;
    this.room.send('intent', { ...intent, n: this.n });
    return true;
  }

  /** Send a raw message as it is (tests of the server's refusals use this). */
  sendRaw(type: string, message: unknown): void {
    this.room?.send(type, message);
  }

  /** Close for good (no reconnecting). */
  async close(): Promise<void> {
    this.stopped = true;
    const room = this.room;
    this.room = undefined;
    if (room) await room.leave(true).catch(() => undefined);
    this.setState('closed');
  }

  /** Drop the socket without leaving (a phone losing the network); it comes back by itself. */
  dropForTest(): void {
    (this.room?.connection as unknown as { close(): void } | undefined)?.close();
  }
}
