/**
 * What each screen of a live class is sent: a phone sees its own seat (and only its own brief), the
 * projector sees every seat's plate, the teacher's console sees everything plus each student's
 * replay. Plain data built from a `ClassSession`; the server sends them, the browser renders them.
 * Also the session file (`crisis-room-session/1`) a finished session is saved as.
 */
import type { Run } from '../engine/run.ts';
import type { ReplayFile } from '../scenario/schema.ts';
import { clockLeft, type ClassSession, type Clock, type DecisionRecord, type Participant } from './class-session.ts';
import { SESSION_FORMAT, type LiveMode, type LiveTimer } from './log.ts';

/** The screens of a phone, as `body[data-screen]` names them. */
export type PhoneScreen = 'waiting' | 'room' | 'outcome' | 'debrief';

/** A countdown as sent: milliseconds left when the view was built, and whether it is running. */
export interface TimeView {
  leftMs: number;
  running: boolean;
}

/** The node on screen: its texts, news and the choices to back or take. */
export interface NodeView {
  id: string;
  title: string;
  text: string;
  place?: string;
  at?: string;
  news: { source: string; text: string }[];
  choices: { id: string; label: string; detail?: string }[];
}

/** The outcome of the step just taken. */
export interface OutcomeView {
  choice: string;
  label: string;
  text?: string;
  timeout: boolean;
  news: { source: string; text: string }[];
  changes: { label: string; delta: number }[];
}

/** The ending reached, with its history. */
export interface EndingView {
  id: string;
  title: string;
  tone: string;
  text: string;
  history?: string;
}

/** A committee seat as the projector and the console show it. */
export interface SeatView {
  id: string;
  name: string;
  title: string;
  holders: string[];
  backing?: string;
  backingLabel?: string;
  argument?: string;
}

/** One phone's view. */
export interface PhoneView {
  kind: 'phone';
  screen: PhoneScreen;
  code: string;
  mode: LiveMode;
  scenarioTitle: string;
  me: { id: string; name: string; president: boolean; lastN: number };
  seat?: {
    id: string;
    name: string;
    title: string;
    stance?: string;
    brief?: string;
    advice?: string;
    recommends?: string;
  };
  paused: boolean;
  ended: boolean;
  time?: TimeView;
  node?: NodeView;
  myBacking?: string;
  myArgument?: string;
  voting: boolean;
  myVote?: string;
  tied?: string[];
  canDecide: boolean;
  canContinue: boolean;
  outcome?: OutcomeView;
  ending?: EndingView;
}

/** The projector's view (Committee). */
export interface ProjectorView {
  kind: 'projector';
  code: string;
  scenarioTitle: string;
  status: ClassSession['status'];
  phase: ClassSession['phase'];
  paused: boolean;
  time?: TimeView;
  node?: NodeView;
  seats: SeatView[];
  voting: boolean;
  votes: number;
  president: string;
  outcome?: OutcomeView;
  ending?: EndingView;
  participants: number;
}

/** One row of the console's "Students" table. */
export interface StudentView {
  id: string;
  name: string;
  connected: boolean;
  seat?: string;
  at: string;
  decisions: number;
  ending?: string;
}

/** The teacher's console view. */
export interface ConsoleView {
  kind: 'console';
  code: string;
  /** The highest teacher command number accepted (the console numbers its next one above it). */
  teacherN: number;
  mode: LiveMode;
  timer: LiveTimer;
  seed: number;
  scenarioTitle: string;
  status: ClassSession['status'];
  phase: ClassSession['phase'];
  paused: boolean;
  hideNames: boolean;
  hideArguments: boolean;
  time?: TimeView;
  node?: NodeView;
  seats: SeatView[];
  presidentId: string | null;
  voting: boolean;
  votes: { choice: string; count: number }[];
  tied?: string[];
  outcome?: OutcomeView;
  ending?: EndingView;
  students: StudentView[];
  /** Everyone plays: every student's run as a replay (the console's Class review reads these). */
  replays: ReplayFile[];
  decisions: DecisionRecord[];
}

/** A `crisis-room-session/1` file. */
export interface SessionFile {
  format: typeof SESSION_FORMAT;
  scenario: { id: string; version: string; sha256: string };
  seed: number;
  mode: LiveMode;
  timer: LiveTimer;
  openedAt: string;
  participants: { name: string; seat?: string }[];
  /** Committee: per decision, the backings, arguments, votes and the decision taken. */
  decisions?: DecisionRecord[];
  /** Committee: the committee's path as a replay. Everyone plays: every student's replay. */
  replays: ReplayFile[];
}

function timeView(clock: Clock | null | undefined, now: number): TimeView | undefined {
  return clock ? { leftMs: clockLeft(clock, now), running: clock.since !== null } : undefined;
}

function nodeView(run: Run): NodeView | undefined {
  const node = run.node;
  if (!node) return undefined;
  return {
    id: node.id,
    title: node.title,
    text: node.text,
    ...(node.place ? { place: node.place } : {}),
    ...(node.at ? { at: node.at } : {}),
    news: node.news ?? [],
    choices: run.visibleChoices().map((c) => ({ id: c.id, label: c.label, ...(c.detail ? { detail: c.detail } : {}) })),
  };
}

function outcomeView(session: ClassSession, run: Run): OutcomeView | undefined {
  const step = session.lastStep(run);
  if (!step) return undefined;
  const choice = session.compiled.rules.nodes.get(step.node)?.node.choices.find((c) => c.id === step.choice);
  const meters = session.compiled.scenario.meters;
  return {
    choice: step.choice,
    label: choice?.label ?? step.choice,
    ...(choice?.outcome ? { text: choice.outcome } : {}),
    timeout: step.timeout,
    news: choice?.news ?? [],
    changes: meters
      .filter((m) => !m.hidden && (step.deltas[m.id] ?? 0) !== 0)
      .map((m) => ({ label: m.label, delta: step.deltas[m.id]! })),
  };
}

function endingView(run: Run): EndingView | undefined {
  const e = run.ending;
  return e
    ? { id: e.id, title: e.title, tone: e.tone, text: e.text, ...(e.history ? { history: e.history.text } : {}) }
    : undefined;
}

function screenOf(status: ClassSession['status'], phase: ClassSession['phase'] | undefined): PhoneScreen {
  if (status === 'lobby') return 'waiting';
  if (phase === 'ended') return 'debrief';
  if (phase === 'outcome') return 'outcome';
  if (status === 'ended') return 'debrief';
  return 'room';
}

function labelOf(run: Run, session: ClassSession, choice: string): string {
  const node = session.compiled.rules.nodes.get(run.at)?.node;
  return node?.choices.find((c) => c.id === choice)?.label ?? choice;
}

/** The view for one participant's phone. */
export function phoneView(session: ClassSession, p: Participant, now: number): PhoneView {
  const committee = session.mode === 'committee';
  const run = committee ? session.run : p.run;
  const phase = committee ? session.phase : p.phase;
  const screen = screenOf(session.status, run ? phase : undefined);
  const president = committee && session.president === p.id;
  const advisor = committee && p.seat ? session.compiled.scenario.advisors.find((a) => a.id === p.seat) : undefined;
  const advice = advisor && run?.node?.advice?.find((a) => a.advisor === advisor.id);
  const brief = advisor?.brief;
  const deciding = screen === 'room' && session.status === 'playing' && !session.paused;
  return {
    kind: 'phone',
    screen,
    code: session.code,
    mode: session.mode,
    scenarioTitle: session.compiled.scenario.title,
    me: { id: p.id, name: p.name, president, lastN: p.lastN },
    ...(advisor
      ? {
          seat: {
            id: advisor.id,
            name: advisor.name,
            title: advisor.title,
            ...(advisor.stance ? { stance: advisor.stance } : {}),
            ...(brief ? { brief } : {}),
            ...(advice ? { advice: advice.text, ...(advice.recommends ? { recommends: advice.recommends } : {}) } : {}),
          },
        }
      : {}),
    paused: session.paused,
    ended: session.status === 'ended',
    ...(screen === 'room' ? { time: timeView(committee ? session.clock : p.clock, now) } : {}),
    ...(run && screen === 'room' ? { node: nodeView(run) } : {}),
    ...(committee && p.seat && session.backings.get(p.seat) ? { myBacking: session.backings.get(p.seat)!.value } : {}),
    ...(committee && p.seat && session.arguments.get(p.seat)
      ? { myArgument: session.arguments.get(p.seat)!.value }
      : {}),
    voting: committee && session.voting,
    ...(committee && session.votes.has(p.id) ? { myVote: session.votes.get(p.id)! } : {}),
    ...(committee && session.tied ? { tied: session.tied } : {}),
    canDecide: deciding && (committee ? president && !session.voting : true),
    canContinue: screen === 'outcome' && session.status === 'playing' && (committee ? president : true),
    ...(run && screen === 'outcome' ? { outcome: outcomeView(session, run) } : {}),
    ...(run && screen === 'debrief' ? { ending: endingView(run) } : {}),
  };
}

function seatViews(session: ClassSession, reveal: boolean): SeatView[] {
  return session.seats.map((s) => {
    const b = session.backings.get(s.id);
    const a = session.arguments.get(s.id);
    return {
      id: s.id,
      name: s.name,
      title: s.title,
      holders: reveal || !session.hideNames ? session.holders(s.id).map((p) => p.name) : [],
      ...(b ? { backing: b.value, backingLabel: labelOf(session.run, session, b.value) } : {}),
      ...(a && (reveal || !session.hideArguments) ? { argument: a.value } : {}),
    };
  });
}

/** The projector's view of a committee session. */
export function projectorView(session: ClassSession, now: number): ProjectorView {
  const run = session.run;
  const started = session.status !== 'lobby';
  const president = session.president ? session.participants.get(session.president)?.name : undefined;
  return {
    kind: 'projector',
    code: session.code,
    scenarioTitle: session.compiled.scenario.title,
    status: session.status,
    phase: session.phase,
    paused: session.paused,
    ...(started && session.phase === 'decision' ? { time: timeView(session.clock, now) } : {}),
    ...(started ? { node: nodeView(run) } : {}),
    seats: seatViews(session, false),
    voting: session.voting,
    votes: session.votes.size,
    president: president && !session.hideNames ? president : 'the teacher',
    ...(started && session.phase === 'outcome' ? { outcome: outcomeView(session, run) } : {}),
    ...(run.ended ? { ending: endingView(run) } : {}),
    participants: session.participants.size,
  };
}

function studentView(session: ClassSession, p: Participant, connected: boolean): StudentView {
  const run = p.run;
  const where = run ? (run.ended ? (run.ending?.title ?? run.at) : (run.node?.title ?? run.at)) : 'waiting';
  return {
    id: p.id,
    name: p.name,
    connected,
    ...(p.seat ? { seat: session.seats.find((s) => s.id === p.seat)?.name ?? p.seat } : {}),
    at: session.mode === 'committee' ? (p.id === session.president ? 'President' : 'seat') : where,
    decisions: run ? run.trail.length : 0,
    ...(run?.ending ? { ending: run.ending.title } : {}),
  };
}

/** The teacher's console view; `connected` says which participants have a live connection now. */
export function consoleView(session: ClassSession, now: number, connected: ReadonlySet<string>): ConsoleView {
  const committee = session.mode === 'committee';
  const started = session.status !== 'lobby';
  const tally = new Map<string, number>();
  for (const c of session.votes.values()) tally.set(c, (tally.get(c) ?? 0) + 1);
  return {
    kind: 'console',
    code: session.code,
    teacherN: session.teacherN,
    mode: session.mode,
    timer: session.timer,
    seed: session.seed,
    scenarioTitle: session.compiled.scenario.title,
    status: session.status,
    phase: session.phase,
    paused: session.paused,
    hideNames: session.hideNames,
    hideArguments: session.hideArguments,
    ...(committee && started && session.phase === 'decision' ? { time: timeView(session.clock, now) } : {}),
    ...(committee && started ? { node: nodeView(session.run) } : {}),
    seats: committee ? seatViews(session, true) : [],
    presidentId: session.president,
    voting: session.voting,
    votes: [...tally].map(([choice, count]) => ({ choice, count })),
    ...(session.tied ? { tied: session.tied } : {}),
    ...(committee && started && session.phase === 'outcome' ? { outcome: outcomeView(session, session.run) } : {}),
    ...(committee && session.run.ended ? { ending: endingView(session.run) } : {}),
    students: [...session.participants.values()].map((p) => studentView(session, p, connected.has(p.id))),
    replays: committee ? [] : studentReplays(session),
    decisions: session.decisions,
  };
}

function studentReplays(session: ClassSession): ReplayFile[] {
  return [...session.participants.values()].flatMap((p) =>
    p.run && p.run.trail.length > 0 ? [p.run.record(p.name)] : [],
  );
}

/** The session as a `crisis-room-session/1` file (what "End session" offers for download). */
export function sessionFile(session: ClassSession): SessionFile {
  const s = session.compiled.scenario;
  const committee = session.mode === 'committee';
  return {
    format: SESSION_FORMAT,
    scenario: { id: s.id, version: s.version, sha256: session.compiled.sha256 },
    seed: session.seed,
    mode: session.mode,
    timer: session.timer,
    openedAt: new Date(session.openedAt).toISOString(),
    participants: [...session.participants.values()].map((p) => ({
      name: p.name,
      ...(p.seat ? { seat: p.seat } : {}),
    })),
    ...(committee ? { decisions: session.decisions } : {}),
    replays: committee
      ? session.run.trail.length > 0
        ? [session.run.record('Committee')]
        : []
      : studentReplays(session),
  };
}
