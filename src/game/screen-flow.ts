/**
 * The one owner of the game's state: an XState machine holding which screen shows (title →
 * briefing → room → outcome → debrief, and back), the scenario entry and the run being played, the
 * advisor selected, the last step taken, the notice on the title screen, the pauses (open dialogs)
 * and the decision countdown (a callback actor that lives exactly as long as a timed decision
 * shows). Every event is accepted only on its screen: an event out of order does nothing.
 *
 * The machine decides; it does not play sounds, speak or save. It emits what happened (`sound`,
 * `announce`, `save`, `discardSave`, `timeUp`, `intent`) and the session's presenters subscribe
 * (src/game/session.ts), the way Yarn Spinner's dialogue runner feeds its presenters. Time and
 * randomness come in on events (`ms`, `seed`), so `transition()` runs it purely in tests.
 *
 * Where the run comes from (the "run source") is the context's `source`:
 * - `local`: the flow steps the run itself with the engine (src/engine), inside its transition;
 * - `stream`: the run lives elsewhere (the live class's server). A choice is emitted as an
 *   `intent` for the stream to send, and every new state of the run comes back as `RUN_SNAPSHOT`.
 * The views read `run` from the snapshot either way and never know which (see `RunStream`).
 */
import {
  assign,
  createActor,
  emit,
  enqueueActions,
  fromCallback,
  sendTo,
  setup,
  type Actor,
  type SnapshotFrom,
} from 'xstate';
import type { CompiledScenario, RunEvent, TrailStep } from '../engine/machine.ts';
import { startRun, type Run } from '../engine/run.ts';
import type { Diagnostic } from '../scenario/diagnostics.ts';
import type { Choice, ScenarioNode } from '../scenario/schema.ts';
import type { Cue } from './audio/sound-board.ts';
import { adviceView, nodeHeadlines, outcomeHeadlines } from './view-models.ts';

/** The screens of the game. */
export type Screen = 'loading' | 'title' | 'briefing' | 'room' | 'outcome' | 'debrief';

/** A scenario the player can start. */
export interface ScenarioEntry {
  file: string;
  compiled: CompiledScenario;
  builtin: boolean;
  /** A file from outside that reuses a built-in's id: shown as a copy, its games saved apart. */
  copy?: boolean;
  warnings: Diagnostic[];
}

/** A message shown on the title screen (a save that cannot be continued, saving unavailable). */
export interface Notice {
  kind: 'error' | 'info';
  title: string;
  lines: string[];
}

/** The choice just taken, shown on the outcome screen. */
export interface LastStep {
  node: ScenarioNode;
  choice: Choice;
  step: TrailStep;
  /** Meter values before the choice. */
  before: Record<string, number>;
}

/** A countdown to start: its full length and the time left (less after a reload). */
export interface CountdownStart {
  totalMs: number;
  leftMs: number;
}

/** The timer setting: normal, doubled, or off. */
export interface TimerSetting {
  off: boolean;
  double: boolean;
}

/**
 * A run that lives elsewhere, for example on the live class's server: the contract a live view
 * implements to show its run through the game's screens (`GameSession.playStream`).
 * - `send` gets the player's intent (a choice, or time running out) when the room takes one; the
 *   stream passes it on and the flow does not step the run itself;
 * - `subscribe` delivers every new state of the run as a `Run` (for example rebuilt from the
 *   server's seed and steps with `startRun` and `choose`); the first delivery may come at once.
 *   A run one step longer than the one shown moves the room to the outcome of that step.
 */
export interface RunStream {
  /** Pass the player's choice or time-out on; the new run arrives through `subscribe`. */
  send(intent: RunEvent): void;
  /** Hear every new state of the run; returns the unsubscribe function. */
  subscribe(listener: (run: Run) => void): () => void;
}

/** What the countdown actor is told by the flow. */
type CountdownCommand = { type: 'PAUSE' } | { type: 'RESUME' } | { type: 'RESCALE'; factor: number };

/** Events of the screen flow, each accepted on the screens named beside it. */
export type FlowEvent =
  /** loading: the built-in scenarios are ready. */
  | { type: 'READY' }
  /** title: start a scenario with a fresh seed (the page's `?seed=` wins). */
  | { type: 'NEW_GAME'; entry: ScenarioEntry; seed: number }
  /** title: continue a restored save (`leftMs`: the countdown's time left when it was saved). */
  | { type: 'CONTINUE_SAVED'; entry: ScenarioEntry; run: Run; leftMs?: number }
  /** title: the save could not be restored. */
  | { type: 'CONTINUE_FAILED'; message: string }
  /** title: forget a save that cannot be restored. */
  | { type: 'DISCARD_SAVE'; entry: ScenarioEntry }
  /** any screen: play on from a run opened by a tool (a replay's branch, the editor's test run, a stream). */
  | { type: 'PLAY_RUN'; entry: ScenarioEntry; run: Run; source?: 'local' | 'stream' }
  /** briefing: to the first decision. */
  | { type: 'BEGIN' }
  /** room: hear an advisor (`quiet`: on focus, no sound or announcement). */
  | { type: 'SELECT_ADVISOR'; id: string; quiet?: boolean }
  /** room: take a visible choice (`ms`: time since the decision showed). */
  | { type: 'CHOOSE'; choice: string; ms?: number }
  /** room: the decision's time ran out. */
  | { type: 'TIMEOUT'; ms?: number }
  /** room (stream source): the run's new state. */
  | { type: 'RUN_SNAPSHOT'; run: Run }
  /** outcome: to the next decision, or the debrief. */
  | { type: 'CONTINUE' }
  /** debrief: a new run of the same scenario. */
  | { type: 'PLAY_AGAIN'; seed: number }
  /** briefing, room, outcome, debrief: back to the title screen. */
  | { type: 'MAIN_MENU' }
  /** any screen: show or clear the title screen's notice. */
  | { type: 'NOTICE'; notice: Notice | undefined }
  /** any screen: the timer setting changed (a running countdown starts, stops or rescales). */
  | { type: 'TIMER_SETTING'; timer: TimerSetting }
  /** any screen: a dialog opens or closes (pauses nest). */
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  /** from the countdown actor. */
  | { type: 'TICK'; leftMs: number }
  | { type: 'TIME_UP' };

/** What the flow emits for its presenters (sound, screen-reader announcements, saving, the run stream). */
export type FlowEmitted =
  | { type: 'sound'; cue: Cue }
  | { type: 'announce'; text: string }
  | { type: 'save'; run: Run }
  | { type: 'discardSave'; entry: ScenarioEntry }
  /** The countdown reached zero: the session answers with `TIMEOUT` and the time taken. */
  | { type: 'timeUp' }
  /** A choice to send to a stream source. */
  | { type: 'intent'; intent: RunEvent };

/** Everything the game's state is besides the screen. */
export interface FlowContext {
  /** The page's `?seed=` (a class playing the same draws), or undefined for a fresh seed per game. */
  fixedSeed: number | undefined;
  entry: ScenarioEntry | undefined;
  run: Run | undefined;
  /** Where the run comes from: stepped here, or sent by a stream. */
  source: 'local' | 'stream';
  /** The advisor selected in the room (reset at every decision). */
  advisor: string | undefined;
  last: LastStep | undefined;
  notice: Notice | undefined;
  timer: TimerSetting;
  /** The running countdown, or undefined when the decision shown is not timed (or timers are off). */
  countdown: CountdownStart | undefined;
  /** A restored countdown's time left, used once when the room shows. */
  restoredLeftMs: number | undefined;
  /** How many pauses are in force (open dialogs; they nest). */
  pauses: number;
}

/** How the flow starts: the page's fixed seed and the timer setting. */
export interface FlowInput {
  fixedSeed?: number;
  timer?: TimerSetting;
}

/** How often the countdown looks at the clock. */
const TICK_MS = 200;

/** The countdown: counts `leftMs` down while not paused, reports every tick, and says TIME_UP at zero. */
const countdown = fromCallback<CountdownCommand, CountdownStart & { paused: boolean }>(
  ({ input, sendBack, receive }) => {
    let left = input.leftMs;
    let paused = input.paused;
    let last = performance.now();
    let done = false;
    const advance = () => {
      const now = performance.now();
      if (!paused) left = Math.max(0, left - (now - last));
      last = now;
    };
    const tick = () => {
      if (done) return;
      advance();
      sendBack({ type: 'TICK', leftMs: left });
      if (left <= 0) {
        done = true;
        sendBack({ type: 'TIME_UP' });
      }
    };
    const interval = setInterval(tick, TICK_MS);
    receive((command) => {
      advance();
      if (command.type === 'PAUSE') paused = true;
      else if (command.type === 'RESUME') paused = false;
      else left *= command.factor;
      sendBack({ type: 'TICK', leftMs: left });
    });
    return () => clearInterval(interval);
  },
);

/** The countdown for the run's decision under a timer setting, or undefined when it has none. */
export function countdownFor(run: Run | undefined, timer: TimerSetting, leftMs?: number): CountdownStart | undefined {
  const node = run?.node;
  if (!node?.timeLimit || !node.onTimeout || timer.off) return undefined;
  const totalMs = node.timeLimit * 1000 * (timer.double ? 2 : 1);
  return { totalMs, leftMs: leftMs === undefined ? totalMs : Math.min(totalMs, Math.max(0, leftMs)) };
}

/** The run after a choice or time-out, and the step as the outcome screen shows it; undefined when refused. */
export function stepRun(run: Run, event: RunEvent): { run: Run; last: LastStep } | undefined {
  const node = run.node;
  if (!node) return undefined;
  // A new Run over the same (immutable) snapshot: the run in the old context never changes.
  const next = run.continued();
  try {
    const step = event.type === 'CHOOSE' ? next.choose(event.choice, event.ms) : next.timeout(event.ms);
    const choice = node.choices.find((c) => c.id === step.choice)!;
    return { run: next, last: { node, choice, step, before: { ...run.meters } } };
  } catch {
    return undefined;
  }
}

/** The step between a run and the same run one step on (a stream's next state), or undefined. */
export function lastStepBetween(before: Run, after: Run): LastStep | undefined {
  const node = before.node;
  const step = after.trail[before.trail.length];
  if (!node || !step || after.trail.length !== before.trail.length + 1 || step.node !== node.id) return undefined;
  const choice = node.choices.find((c) => c.id === step.choice);
  return choice ? { node, choice, step, before: { ...before.meters } } : undefined;
}

/** "+5" / "−3" (with a real minus sign). */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : '0';
}

/** What a screen reader hears when a decision shows. */
function decisionText(run: Run | undefined, countdown: CountdownStart | undefined): string | undefined {
  const node = run?.node;
  if (!node) return undefined;
  const n = run.visibleChoices().length;
  const t = countdown ? ` You have ${Math.round(countdown.totalMs / 1000)} seconds.` : '';
  return `${node.title}. ${n} choice${n === 1 ? '' : 's'}.${t}`;
}

/** What a screen reader hears after a step: the choice, its outcome and the visible meters' changes. */
function stepText(run: Run, last: LastStep): string {
  const { step, choice } = last;
  const parts = [step.timeout ? `Time ran out. ${choice.label}.` : `You chose: ${choice.label}.`];
  if (choice.outcome) parts.push(choice.outcome);
  const changes = run.compiled.rules.meters
    .filter((m) => !m.hidden && step.deltas[m.id])
    .map((m) => `${m.label} ${signed(step.deltas[m.id]!)}`);
  if (changes.length) parts.push(`Changes: ${changes.join(', ')}.`);
  return parts.join(' ');
}

const say = (text: string): FlowEmitted => ({ type: 'announce', text });
const cue = (name: Cue): FlowEmitted => ({ type: 'sound', cue: name });

/** The screen-flow machine (pure: its effects are emitted, see `FlowEmitted`). */
export function screenFlowMachine() {
  return setup({
    types: {
      context: {} as FlowContext,
      events: {} as FlowEvent,
      emitted: {} as FlowEmitted,
      input: {} as FlowInput,
    },
    actors: { countdown },
    actions: {
      click: emit(cue('click')),
      save: emit(({ context }) => ({ type: 'save' as const, run: context.run! })),
      clearCountdown: assign({ countdown: undefined }),
      /** A decision shows: no advisor selected, its countdown (a restored one's time left once). */
      showDecision: assign(({ context }) => ({
        advisor: undefined,
        countdown: countdownFor(context.run, context.timer, context.restoredLeftMs),
        restoredLeftMs: undefined,
      })),
      /** A decision shows: said, and its news heard. */
      announceDecision: enqueueActions(({ context, enqueue }) => {
        const text = decisionText(context.run, context.countdown);
        if (text) enqueue.emit(say(text));
        const run = context.run;
        if (run?.node && nodeHeadlines(run, run.node).length) enqueue.emit(cue('sting'));
      }),
      /** A step was taken: its news heard, and what happened said. */
      afterStep: enqueueActions(({ context, enqueue }) => {
        const last = context.last;
        if (last && outcomeHeadlines(last.choice, last.step).length) enqueue.emit(cue('sting'));
        enqueue.emit(say(stepText(context.run!, context.last!)));
      }),
      /** The debrief shows: the ending's sound and its name said. */
      announceEnding: enqueueActions(({ context, enqueue }) => {
        const ending = context.run?.ending;
        if (!ending) return;
        enqueue.emit(cue(`end-${ending.tone}`));
        enqueue.emit(say(`Debrief. Ending: ${ending.title} (${ending.tone}).`));
      }),
    },
    guards: {
      ended: ({ context }) => !!context.run?.ended,
      streamed: ({ context }) => context.source === 'stream',
      hasEntry: ({ context }) => context.entry !== undefined,
      hasCountdown: ({ context }) => context.countdown !== undefined,
      lastPause: ({ context }) => context.pauses === 1,
      firstPause: ({ context }) => context.pauses === 0,
    },
  }).createMachine({
    id: 'screens',
    type: 'parallel',
    context: ({ input }) => ({
      fixedSeed: input.fixedSeed,
      entry: undefined,
      run: undefined,
      source: 'local',
      advisor: undefined,
      last: undefined,
      notice: undefined,
      timer: input.timer ?? { off: false, double: false },
      countdown: undefined,
      restoredLeftMs: undefined,
      pauses: 0,
    }),
    on: {
      NOTICE: { actions: assign({ notice: ({ event }) => event.notice }) },
    },
    states: {
      screen: {
        initial: 'loading',
        on: {
          // A run opened by a tool: a replay's branch, the editor's test run, a live stream.
          PLAY_RUN: [
            {
              guard: ({ event }) => event.run.ended,
              target: '.debrief',
              actions: [
                assign(({ event }) => ({
                  entry: event.entry,
                  run: event.run,
                  source: event.source ?? 'local',
                  notice: undefined,
                  last: undefined,
                })),
                'save',
              ],
            },
            {
              target: '.room',
              reenter: true,
              actions: [
                assign(({ event }) => ({
                  entry: event.entry,
                  run: event.run,
                  source: event.source ?? 'local',
                  notice: undefined,
                  last: undefined,
                })),
                'save',
              ],
            },
          ],
          TIMER_SETTING: { actions: assign({ timer: ({ event }) => event.timer }) },
        },
        states: {
          loading: {
            on: { READY: { target: 'title', actions: emit(say('Crisis Room. Choose a scenario.')) } },
          },
          title: {
            on: {
              NEW_GAME: {
                target: 'briefing',
                actions: [
                  'click',
                  assign(({ context, event }) => ({
                    entry: event.entry,
                    run: startRun(event.entry.compiled, context.fixedSeed ?? event.seed),
                    source: 'local' as const,
                    notice: undefined,
                    last: undefined,
                  })),
                  'save',
                  emit(({ event }) => say(`Briefing: ${event.entry.compiled.scenario.title}.`)),
                ],
              },
              CONTINUE_SAVED: [
                {
                  guard: ({ event }) => event.run.ended,
                  target: 'debrief',
                  actions: [
                    'click',
                    assign(({ event }) => ({
                      entry: event.entry,
                      run: event.run,
                      source: 'local' as const,
                      notice: undefined,
                      last: undefined,
                    })),
                  ],
                },
                {
                  target: 'room',
                  actions: [
                    'click',
                    assign(({ event }) => ({
                      entry: event.entry,
                      run: event.run,
                      source: 'local' as const,
                      notice: undefined,
                      last: undefined,
                      restoredLeftMs: event.leftMs,
                    })),
                  ],
                },
              ],
              CONTINUE_FAILED: {
                actions: [
                  'click',
                  assign({
                    notice: ({ event }) => ({
                      kind: 'error' as const,
                      title: 'Your saved game cannot be continued',
                      lines: [event.message],
                    }),
                  }),
                  emit(({ event }) => say(event.message)),
                ],
              },
              DISCARD_SAVE: {
                actions: [
                  assign({ notice: undefined }),
                  emit(({ event }) => ({ type: 'discardSave' as const, entry: event.entry })),
                  emit(say('The old saved game was discarded.')),
                ],
              },
            },
          },
          briefing: {
            on: {
              BEGIN: { target: 'room', actions: 'click' },
              MAIN_MENU: { target: 'title', actions: ['click', emit(say('Main menu.'))] },
            },
          },
          room: {
            initial: 'untimed',
            entry: ['showDecision', 'announceDecision'],
            exit: 'clearCountdown',
            on: {
              SELECT_ADVISOR: {
                guard: ({ context, event }) =>
                  !!context.run?.compiled.scenario.advisors.some((a) => a.id === event.id) &&
                  !(event.quiet && context.advisor === event.id),
                actions: [
                  assign({ advisor: ({ event }) => event.id }),
                  // Focus (Tab) selects quietly: the screen reader is already reading the button.
                  enqueueActions(({ context, event, enqueue }) => {
                    if (event.quiet) return;
                    const advisor = context.run!.compiled.scenario.advisors.find((a) => a.id === event.id)!;
                    const view = context.run?.node ? adviceView(context.run, context.run.node, event.id) : undefined;
                    enqueue.emit(cue('click'));
                    enqueue.emit(
                      say(
                        view?.text === undefined
                          ? `${advisor.name} has no advice here.`
                          : `${advisor.name}: ${view.text}${view.backs ? ` Backs: ${view.backs.label}.` : ''}`,
                      ),
                    );
                  }),
                ],
              },
              CHOOSE: [
                {
                  guard: ({ context, event }) =>
                    context.source === 'stream' && !!context.run?.visibleChoices().some((c) => c.id === event.choice),
                  actions: ['click', emit(({ event }) => ({ type: 'intent' as const, intent: event }))],
                },
                {
                  guard: ({ context, event }) => !!context.run && stepRun(context.run, event) !== undefined,
                  target: 'outcome',
                  actions: [
                    'click',
                    assign(({ context, event }) => stepRun(context.run!, event)!),
                    'save',
                    'afterStep',
                  ],
                },
              ],
              TIMEOUT: [
                {
                  guard: 'streamed',
                  actions: emit(({ event }) => ({ type: 'intent' as const, intent: event })),
                },
                {
                  guard: ({ context, event }) => !!context.run && stepRun(context.run, event) !== undefined,
                  target: 'outcome',
                  actions: [assign(({ context, event }) => stepRun(context.run!, event)!), 'save', 'afterStep'],
                },
              ],
              RUN_SNAPSHOT: [
                {
                  guard: ({ context, event }) =>
                    context.source === 'stream' && !!context.run && !!lastStepBetween(context.run, event.run),
                  target: 'outcome',
                  actions: [
                    assign(({ context, event }) => ({
                      last: lastStepBetween(context.run!, event.run),
                      run: event.run,
                    })),
                    'afterStep',
                  ],
                },
              ],
              MAIN_MENU: { target: 'title', actions: ['click', emit(say('Main menu.'))] },
              // Timers switched off stop the countdown, switched on start it, Double time rescales it.
              TIMER_SETTING: {
                actions: enqueueActions(({ context, event, enqueue }) => {
                  const was = context.countdown;
                  const timer = event.timer;
                  if (timer.off) enqueue.assign({ timer, countdown: undefined });
                  else if (!was) enqueue.assign({ timer, countdown: countdownFor(context.run, timer) });
                  else if (timer.double === context.timer.double) enqueue.assign({ timer });
                  else {
                    const factor = timer.double ? 2 : 0.5;
                    enqueue.assign({ timer, countdown: { ...was, totalMs: was.totalMs * factor } });
                    enqueue.sendTo('countdown', { type: 'RESCALE', factor });
                  }
                }),
              },
            },
            states: {
              untimed: {
                always: { guard: 'hasCountdown', target: 'timed' },
              },
              timed: {
                always: { guard: ({ context }) => context.countdown === undefined, target: 'untimed' },
                invoke: {
                  id: 'countdown',
                  src: 'countdown',
                  input: ({ context }) => ({
                    totalMs: context.countdown?.totalMs ?? 0,
                    leftMs: context.countdown?.leftMs ?? 0,
                    paused: context.pauses > 0,
                  }),
                },
                on: {
                  TICK: {
                    actions: assign({
                      countdown: ({ context, event }) =>
                        context.countdown ? { ...context.countdown, leftMs: event.leftMs } : context.countdown,
                    }),
                  },
                  TIME_UP: { target: 'untimed', actions: ['clearCountdown', emit({ type: 'timeUp' as const })] },
                  PAUSE: { guard: 'firstPause', actions: sendTo('countdown', { type: 'PAUSE' as const }) },
                  RESUME: { guard: 'lastPause', actions: sendTo('countdown', { type: 'RESUME' as const }) },
                },
              },
            },
          },
          outcome: {
            on: {
              CONTINUE: [
                { guard: 'ended', target: 'debrief', actions: 'click' },
                { target: 'room', actions: 'click' },
              ],
              MAIN_MENU: { target: 'title', actions: ['click', emit(say('Main menu.'))] },
            },
          },
          debrief: {
            entry: 'announceEnding',
            on: {
              PLAY_AGAIN: [
                {
                  guard: 'hasEntry',
                  target: 'room',
                  actions: [
                    'click',
                    assign(({ context, event }) => ({
                      run: startRun(context.entry!.compiled, context.fixedSeed ?? event.seed),
                      source: 'local' as const,
                      last: undefined,
                    })),
                    'save',
                  ],
                },
                { target: 'title', actions: ['click', emit(say('Main menu.'))] },
              ],
              MAIN_MENU: { target: 'title', actions: ['click', emit(say('Main menu.'))] },
            },
          },
        },
      },
      // Dialogs (and other pauses) nest: the countdown waits until the last one ends.
      pauses: {
        on: {
          PAUSE: { actions: assign({ pauses: ({ context }) => context.pauses + 1 }) },
          RESUME: { actions: assign({ pauses: ({ context }) => Math.max(0, context.pauses - 1) }) },
        },
      },
    },
  });
}

/** The screen-flow machine's type. */
export type ScreenFlowMachine = ReturnType<typeof screenFlowMachine>;
/** One state of the flow: the screen and everything in its context. */
export type FlowSnapshot = SnapshotFrom<ScreenFlowMachine>;
/** A running screen flow. */
export type ScreenFlow = Actor<ScreenFlowMachine>;

/** Start a screen flow. */
export function startScreenFlow(input: FlowInput = {}): ScreenFlow {
  const actor = createActor(screenFlowMachine(), { input });
  actor.start();
  return actor;
}

/** The screen a flow snapshot shows. */
export function screenIn(snapshot: FlowSnapshot): Screen {
  const value = snapshot.value as { screen: Screen | { room: string } };
  return typeof value.screen === 'string' ? value.screen : 'room';
}

/** The screen a running flow shows. */
export function screenOf(flow: ScreenFlow): Screen {
  return screenIn(flow.getSnapshot());
}
