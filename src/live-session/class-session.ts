/**
 * A live class session as a fold of its log (log.ts): `prepare` checks one entry against the
 * session as it stands and returns either a refusal in words or a `commit` that applies it. The
 * server appends an accepted entry to the durable log between the two, so the log holds only
 * accepted events and replaying it rebuilds the session exactly. Game rules stay in engine/ (a
 * `Run` per committee or per student); this file only says who may do what, and when. Pure: time
 * comes in on entries (`at`), never from a clock.
 */
import type { CompiledScenario, TrailStep } from '../engine/machine.ts';
import { type Run, startRun } from '../engine/run.ts';
import type { Choice, ScenarioNode } from '../scenario/schema.ts';
import { LIVE_LIMITS, type EventEntry, type LiveMode, type LiveTimer, type LogEntry, type OpenEntry } from './log.ts';

/** A countdown that can be frozen: `remainingMs` left when it last stopped or started running at `since`. */
export interface Clock {
  remainingMs: number;
  since: number | null;
}

/** Milliseconds left on a clock at time `now` (never below zero). */
export function clockLeft(clock: Clock, now: number): number {
  return Math.max(0, clock.since === null ? clock.remainingMs : clock.remainingMs - (now - clock.since));
}

/** Where a run stands: deciding at a node, reading the outcome of the last step, or at its ending. */
export type RunPhase = 'decision' | 'outcome' | 'ended';

/** One person (or group) on a phone. */
export interface Participant {
  id: string;
  name: string;
  tokenHash: string;
  /** Committee: the advisor id of the seat held (undefined in Everyone plays). */
  seat?: string;
  /** Highest intent number accepted from this participant (a replayed intent carries an older one). */
  lastN: number;
  /** Everyone plays: the student's own run, phase and clock. */
  run?: Run;
  phase?: RunPhase;
  clock?: Clock | null;
  nodeSince?: number;
}

/** A seat's backing or argument, with who gave it. */
export interface SeatWord {
  value: string;
  by: string;
}

/** What was said and decided at one committee decision (the session file keeps these). */
export interface DecisionRecord {
  node: string;
  backings: { seat: string; choice: string; by: string }[];
  arguments: { seat: string; text: string; by: string }[];
  votes: { by: string; choice: string }[];
  choice: string;
  how: 'president' | 'teacher' | 'vote' | 'timeout';
}

/** The result of `prepare`: a refusal in words, or the change to apply once the entry is logged. */
export type Prepared = { refused: string } | { commit: () => void };

const refuse = (why: string): Prepared => ({ refused: why });

/** A live class session: the fold of an `open` entry and the events after it. */
export class ClassSession {
  readonly id: string;
  readonly code: string;
  readonly mode: LiveMode;
  readonly seed: number;
  readonly timer: LiveTimer;
  readonly openedAt: number;
  readonly participants = new Map<string, Participant>();
  /** Lobby until the teacher starts; `ended` after "End session". */
  status: 'lobby' | 'playing' | 'ended' = 'lobby';
  paused = false;
  lastAt: number;
  teacherN = 0;
  hideNames = false;
  hideArguments = false;
  /** Committee: the shared run, its phase and clock, the seats' words, the vote. */
  run: Run;
  phase: RunPhase = 'decision';
  clock: Clock | null = null;
  nodeSince = 0;
  president: string | null = null;
  readonly backings = new Map<string, SeatWord>();
  readonly arguments = new Map<string, SeatWord>();
  voting = false;
  readonly votes = new Map<string, string>();
  tied: string[] | null = null;
  readonly decisions: DecisionRecord[] = [];

  constructor(
    readonly open: OpenEntry,
    readonly compiled: CompiledScenario,
  ) {
    this.id = open.sessionId;
    this.code = open.code;
    this.mode = open.mode;
    this.seed = open.seed >>> 0;
    this.timer = open.timer;
    this.openedAt = open.at;
    this.lastAt = open.at;
    this.run = startRun(compiled, this.seed);
  }

  /** Rebuild a session from its whole log (throws if an entry the log holds is refused: a damaged log). */
  static fold(entries: readonly LogEntry[], compile: (open: OpenEntry) => CompiledScenario): ClassSession {
    const [open, ...rest] = entries;
    if (open?.t !== 'open') throw new Error('a session log starts with its "open" entry');
    const session = new ClassSession(open, compile(open));
    for (const [i, e] of rest.entries()) {
      const p = session.prepare(e as EventEntry);
      if ('refused' in p) throw new Error(`session log entry ${i + 2} (${e.t}) does not fit: ${p.refused}`);
      p.commit();
    }
    return session;
  }

  /** The advisors of the scenario, in file order: the committee's seats. */
  get seats(): readonly { id: string; name: string; title: string }[] {
    return this.compiled.scenario.advisors;
  }

  /** Participants holding a seat, in join order. */
  holders(seat: string): Participant[] {
    return [...this.participants.values()].filter((p) => p.seat === seat);
  }

  /** The node a run is at (undefined once it ended). */
  nodeOf(run: Run): ScenarioNode | undefined {
    return run.node;
  }

  /** The choices visible at a run's node. */
  choicesOf(run: Run): Choice[] {
    return run.visibleChoices();
  }

  /** The last step a run took (its outcome is on screen in the `outcome` phase). */
  lastStep(run: Run): TrailStep | undefined {
    const t = run.trail;
    return t[t.length - 1];
  }

  /** Check one entry and return how to apply it. Nothing changes until `commit` runs. */
  prepare(e: EventEntry): Prepared {
    if (e.at < this.lastAt) return refuse('an entry older than the last one');
    if (this.status === 'ended') return refuse('the session has ended');
    const by = 'pid' in e && e.pid ? this.participants.get(e.pid) : undefined;
    if ('pid' in e && e.pid && !by && e.t !== 'join') return refuse('no such participant in this session');
    // The teacher acts in seat and president entries (their pid names the student concerned) and
    // in every entry without a participant; the intent number is checked against the actor's own.
    const teacherActs = e.t === 'seat' || e.t === 'president' || !('pid' in e) || !e.pid;
    const actor = teacherActs ? undefined : by;
    if (e.n !== undefined && !(e.n > (actor ? actor.lastN : this.teacherN)))
      return refuse('this intent was already received (a replayed message)');
    const inner = this.prepareEvent(e, by);
    if ('refused' in inner) return inner;
    return {
      commit: () => {
        this.lastAt = e.at;
        if (e.n !== undefined) {
          if (actor) actor.lastN = e.n;
          else this.teacherN = e.n;
        }
        inner.commit();
      },
    };
  }

  private prepareEvent(e: EventEntry, by: Participant | undefined): Prepared {
    switch (e.t) {
      case 'join':
        return this.prepareJoin(e);
      case 'start':
        if (this.status !== 'lobby') return refuse('the session has already started');
        return { commit: () => this.start(e.at) };
      case 'seat':
        if (this.mode !== 'committee') return refuse('seats exist only in Committee mode');
        if (!by) return refuse('no such participant');
        if (!this.seats.some((s) => s.id === e.seat)) return refuse(`no seat "${e.seat}" in this scenario`);
        return {
          commit: () => {
            by.seat = e.seat;
          },
        };
      case 'president':
        if (this.mode !== 'committee') return refuse('there is a President only in Committee mode');
        if (e.pid !== null && !by) return refuse('no such participant');
        return {
          commit: () => {
            this.president = e.pid;
          },
        };
      case 'back':
      case 'argue':
      case 'vote':
        return this.prepareSeatWord(e, by!);
      case 'vote-open':
        if (!this.deciding()) return refuse('there is no decision open');
        if (this.voting) return refuse('the vote is already open');
        return {
          commit: () => {
            this.voting = true;
            this.votes.clear();
            this.tied = null;
          },
        };
      case 'vote-close':
        return this.prepareVoteClose(e.at);
      case 'decide':
        return this.prepareDecide(e, by);
      case 'choose':
        return this.prepareChoose(e, by!);
      case 'timeout':
        return this.prepareTimeout(e, by);
      case 'continue':
        return this.prepareContinue(e, by);
      case 'pause':
        if (this.paused) return refuse('the session is already paused');
        return { commit: () => this.setPaused(true, e.at) };
      case 'resume':
        if (!this.paused) return refuse('the session is not paused');
        return { commit: () => this.setPaused(false, e.at) };
      case 'add-minute':
        return {
          commit: () => {
            for (const c of this.clocks()) c.remainingMs += 60_000;
          },
        };
      case 'hide':
        return {
          commit: () => {
            this.hideNames = e.names;
            this.hideArguments = e.arguments;
          },
        };
      case 'restored':
        return {
          commit: () => {
            // The server was down from lastAlive to now: nobody's time ran out meanwhile.
            for (const c of this.clocks())
              if (c.since !== null) {
                c.remainingMs = clockLeft(c, Math.max(c.since, e.lastAlive));
                c.since = e.at;
              }
          },
        };
      case 'end':
        return {
          commit: () => {
            for (const c of this.clocks()) {
              c.remainingMs = clockLeft(c, e.at);
              c.since = null;
            }
            this.status = 'ended';
          },
        };
    }
  }

  private prepareJoin(e: Extract<EventEntry, { t: 'join' }>): Prepared {
    if (this.participants.has(e.pid)) return refuse('this participant has already joined');
    if (this.participants.size >= LIVE_LIMITS.participants)
      return refuse(`the session is full (${LIVE_LIMITS.participants} participants)`);
    const name = e.name.trim();
    if (!name || name.length > LIVE_LIMITS.nameChars)
      return refuse(`a name is 1 to ${LIVE_LIMITS.nameChars} characters`);
    return {
      commit: () => {
        const p: Participant = { id: e.pid, name, tokenHash: e.tokenHash, lastN: 0 };
        if (this.mode === 'committee') p.seat = this.freeSeat();
        this.participants.set(p.id, p);
        if (this.mode === 'everyone' && this.status === 'playing') this.startStudent(p, e.at);
      },
    };
  }

  /** The seat with the fewest holders, first in file order among equals. */
  private freeSeat(): string | undefined {
    let best: string | undefined;
    let fewest = Number.POSITIVE_INFINITY;
    for (const s of this.seats) {
      const n = this.holders(s.id).length;
      if (n < fewest) {
        fewest = n;
        best = s.id;
      }
    }
    return best;
  }

  private start(at: number): void {
    this.status = 'playing';
    if (this.mode === 'committee') this.enterNode(at);
    else for (const p of this.participants.values()) this.startStudent(p, at);
  }

  private startStudent(p: Participant, at: number): void {
    p.run = startRun(this.compiled, this.seed);
    this.enterStudentNode(p, at);
  }

  /** The clock for a node under this session's timer setting (null: no countdown). */
  private clockFor(node: ScenarioNode | undefined, at: number): Clock | null {
    if (!node || node.timeLimit === undefined || !node.onTimeout || this.timer === 'off') return null;
    const ms = node.timeLimit * 1000 * (this.timer === 'double' ? 2 : 1);
    return { remainingMs: ms, since: this.paused ? null : at };
  }

  private enterNode(at: number): void {
    this.phase = this.run.ended ? 'ended' : 'decision';
    this.clock = this.phase === 'decision' ? this.clockFor(this.run.node, at) : null;
    this.nodeSince = at;
    this.backings.clear();
    this.arguments.clear();
    this.votes.clear();
    this.voting = false;
    this.tied = null;
  }

  private enterStudentNode(p: Participant, at: number): void {
    const run = p.run!;
    p.phase = run.ended ? 'ended' : 'decision';
    p.clock = p.phase === 'decision' ? this.clockFor(run.node, at) : null;
    p.nodeSince = at;
  }

  /** Every clock that is running or could run (the committee's, or each student's). */
  private clocks(): Clock[] {
    if (this.mode === 'committee') return this.clock ? [this.clock] : [];
    return [...this.participants.values()].flatMap((p) => (p.clock ? [p.clock] : []));
  }

  private setPaused(paused: boolean, at: number): void {
    this.paused = paused;
    for (const c of this.clocks()) {
      if (paused) {
        c.remainingMs = clockLeft(c, at);
        c.since = null;
      } else c.since = at;
    }
  }

  /** Whether the committee is at a decision (started, not paused-out, not reading an outcome). */
  deciding(): boolean {
    return this.mode === 'committee' && this.status === 'playing' && this.phase === 'decision';
  }

  private visible(run: Run, choice: string): boolean {
    return run.visibleChoices().some((c) => c.id === choice);
  }

  private prepareSeatWord(e: Extract<EventEntry, { t: 'back' | 'argue' | 'vote' }>, by: Participant): Prepared {
    if (!this.deciding()) return refuse('there is no decision open');
    if (this.paused) return refuse('the session is paused');
    if (e.t === 'vote') {
      if (!this.voting) return refuse('there is no class vote open');
      if (this.votes.has(by.id)) return refuse('you have already voted at this decision');
      if (!this.visible(this.run, e.choice)) return refuse(`"${e.choice}" is not a choice here`);
      return { commit: () => this.votes.set(by.id, e.choice) };
    }
    const seat = by.seat;
    if (!seat) return refuse('you hold no seat');
    if (e.t === 'back') {
      if (!this.visible(this.run, e.choice)) return refuse(`"${e.choice}" is not a choice here`);
      return { commit: () => this.backings.set(seat, { value: e.choice, by: by.id }) };
    }
    if (e.text.length > LIVE_LIMITS.argumentChars)
      return refuse(`an argument is at most ${LIVE_LIMITS.argumentChars} characters`);
    return {
      commit: () => {
        if (e.text.trim()) this.arguments.set(seat, { value: e.text, by: by.id });
        else this.arguments.delete(seat);
      },
    };
  }

  private prepareVoteClose(at: number): Prepared {
    if (!this.deciding()) return refuse('there is no decision open');
    if (!this.voting) return refuse('there is no class vote open');
    const tally = new Map<string, number>();
    for (const c of this.votes.values()) tally.set(c, (tally.get(c) ?? 0) + 1);
    const most = Math.max(0, ...tally.values());
    const top = this.run
      .visibleChoices()
      .map((c) => c.id)
      .filter((c) => most > 0 && tally.get(c) === most);
    const presidentVote = this.president ? this.votes.get(this.president) : undefined;
    // A tie goes to the President: their own vote if it is among the tied, else they decide among them.
    const winner = top.length === 1 ? top[0] : presidentVote && top.includes(presidentVote) ? presidentVote : undefined;
    return {
      commit: () => {
        this.voting = false;
        if (winner) this.decideNow(winner, 'vote', at);
        else this.tied = top.length > 0 ? top : null;
      },
    };
  }

  private prepareDecide(e: Extract<EventEntry, { t: 'decide' }>, by: Participant | undefined): Prepared {
    if (!this.deciding()) return refuse('there is no decision open');
    if (by && this.president !== by.id) return refuse('only the President decides');
    if (!by && this.president !== null) return refuse('a student is the President: they decide');
    if (this.voting) return refuse('the class vote is open: close it first');
    if (this.tied && !this.tied.includes(e.choice))
      return refuse(`the vote tied: decide among ${this.tied.join(', ')}`);
    if (!this.visible(this.run, e.choice)) return refuse(`"${e.choice}" is not a choice here`);
    return { commit: () => this.decideNow(e.choice, by ? 'president' : 'teacher', e.at) };
  }

  private decideNow(choice: string, how: DecisionRecord['how'], at: number): void {
    const node = this.run.at;
    const name = (pid: string) => this.participants.get(pid)?.name ?? pid;
    this.decisions.push({
      node,
      backings: [...this.backings].map(([seat, w]) => ({ seat, choice: w.value, by: name(w.by) })),
      arguments: [...this.arguments].map(([seat, w]) => ({ seat, text: w.value, by: name(w.by) })),
      votes: [...this.votes].map(([pid, c]) => ({ by: name(pid), choice: c })),
      choice,
      how,
    });
    const ms = at - this.nodeSince;
    if (how === 'timeout') this.run.timeout(ms);
    else this.run.choose(choice, ms);
    this.phase = 'outcome';
    this.clock = null;
    this.voting = false;
    this.tied = null;
  }

  private prepareChoose(e: Extract<EventEntry, { t: 'choose' }>, by: Participant): Prepared {
    if (this.mode !== 'everyone') return refuse('in Committee mode the President decides');
    if (this.status !== 'playing' || !by.run) return refuse('the session has not started');
    if (this.paused) return refuse('the session is paused');
    if (by.phase !== 'decision') return refuse('there is no decision open for you');
    if (!this.visible(by.run, e.choice)) return refuse(`"${e.choice}" is not a choice here`);
    return {
      commit: () => {
        by.run!.choose(e.choice, e.at - (by.nodeSince ?? e.at));
        by.phase = 'outcome';
        by.clock = null;
      },
    };
  }

  private prepareTimeout(e: Extract<EventEntry, { t: 'timeout' }>, by: Participant | undefined): Prepared {
    if (this.paused) return refuse('the session is paused');
    if (this.mode === 'committee') {
      if (!this.deciding() || !this.clock) return refuse('no countdown is running');
      if (clockLeft(this.clock, e.at) > 0) return refuse('the time has not run out yet');
      const choice = this.run.node?.onTimeout;
      if (!choice) return refuse('this node has no default choice');
      return { commit: () => this.decideNow(choice, 'timeout', e.at) };
    }
    if (!by?.run || by.phase !== 'decision' || !by.clock) return refuse('no countdown is running');
    if (clockLeft(by.clock, e.at) > 0) return refuse('the time has not run out yet');
    return {
      commit: () => {
        by.run!.timeout(e.at - (by.nodeSince ?? e.at));
        by.phase = 'outcome';
        by.clock = null;
      },
    };
  }

  private prepareContinue(e: Extract<EventEntry, { t: 'continue' }>, by: Participant | undefined): Prepared {
    if (this.mode === 'committee') {
      if (this.status !== 'playing' || this.phase !== 'outcome') return refuse('there is no outcome to leave');
      if (by && this.president !== by.id) return refuse('the President or the teacher moves on');
      return { commit: () => this.enterNode(e.at) };
    }
    if (!by?.run || by.phase !== 'outcome') return refuse('there is no outcome to leave');
    return { commit: () => this.enterStudentNode(by, e.at) };
  }

  /** The time at which the next countdown runs out (for the server's timer), if any runs. */
  nextDeadline(): { at: number; pid?: string } | undefined {
    if (this.paused || this.status !== 'playing') return undefined;
    let best: { at: number; pid?: string } | undefined;
    const consider = (c: Clock | null | undefined, pid?: string) => {
      if (!c || c.since === null) return;
      const at = c.since + c.remainingMs;
      if (!best || at < best.at) best = { at, ...(pid ? { pid } : {}) };
    };
    if (this.mode === 'committee') {
      if (this.phase === 'decision') consider(this.clock);
    } else for (const p of this.participants.values()) if (p.phase === 'decision') consider(p.clock, p.id);
    return best;
  }
}
