/**
 * The game's screen flow as an XState machine, beside the scenario's own machine: which screen
 * shows (title → briefing → room → outcome → debrief, and back), whether any dialog is open, and
 * the decision countdown as a callback actor that lives exactly as long as a timed decision shows
 * (its interval is cleared on exit) and pauses while a dialog is open. The session sends it events;
 * the views read the screen and the time left from its snapshot.
 */
import { assign, createActor, fromCallback, sendTo, setup, type Actor } from 'xstate';

/** The screens of the game. */
export type Screen = 'loading' | 'title' | 'briefing' | 'room' | 'outcome' | 'debrief';

/** A countdown to start: its full length and the time left (less after a reload). */
export interface CountdownStart {
  totalMs: number;
  leftMs: number;
}

/** What the countdown actor is told by the flow. */
type CountdownCommand = { type: 'PAUSE' } | { type: 'RESUME' } | { type: 'RESCALE'; factor: number };

/** Events of the screen flow. */
export type FlowEvent =
  | { type: 'TITLE' }
  | { type: 'BRIEFING' }
  | { type: 'ROOM'; countdown?: CountdownStart }
  | { type: 'OUTCOME' }
  | { type: 'DEBRIEF' }
  | { type: 'COUNTDOWN_START'; countdown: CountdownStart }
  | { type: 'COUNTDOWN_STOP' }
  | { type: 'COUNTDOWN_RESCALE'; factor: number }
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'TICK'; leftMs: number }
  | { type: 'TIME_UP' };

/** What the flow remembers besides the screen. */
export interface FlowContext {
  /** The running countdown, or undefined when the decision shown is not timed (or timers are off). */
  countdown: CountdownStart | undefined;
  /** How many pauses are in force (open dialogs; they nest). */
  pauses: number;
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

/** The screen-flow machine; `timeUp` is the session's handler for a countdown reaching zero. */
export function screenFlowMachine(timeUp: () => void) {
  return setup({
    types: { context: {} as FlowContext, events: {} as FlowEvent },
    actors: { countdown },
    actions: {
      timeUp: () => timeUp(),
      clearCountdown: assign({ countdown: undefined }),
    },
    guards: {
      timed: ({ event }) => event.type === 'ROOM' && event.countdown !== undefined,
      lastPause: ({ context }) => context.pauses === 1,
      firstPause: ({ context }) => context.pauses === 0,
    },
  }).createMachine({
    id: 'screens',
    type: 'parallel',
    context: { countdown: undefined, pauses: 0 },
    states: {
      screen: {
        initial: 'loading',
        on: {
          TITLE: { target: '.title', actions: 'clearCountdown' },
          BRIEFING: { target: '.briefing', actions: 'clearCountdown' },
          DEBRIEF: { target: '.debrief', actions: 'clearCountdown' },
          // A decision: the next one, a continued save, a branch of a replay or Play again.
          ROOM: [
            {
              guard: 'timed',
              target: '.room.timed',
              reenter: true,
              actions: assign({ countdown: ({ event }) => (event.type === 'ROOM' ? event.countdown : undefined) }),
            },
            { target: '.room.untimed', reenter: true, actions: 'clearCountdown' },
          ],
        },
        states: {
          loading: {},
          title: {},
          briefing: {},
          room: {
            initial: 'untimed',
            on: { OUTCOME: { target: 'outcome', actions: 'clearCountdown' } },
            states: {
              untimed: {
                on: {
                  COUNTDOWN_START: {
                    target: 'timed',
                    actions: assign({
                      countdown: ({ event }) => (event.type === 'COUNTDOWN_START' ? event.countdown : undefined),
                    }),
                  },
                },
              },
              timed: {
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
                        context.countdown && event.type === 'TICK'
                          ? { ...context.countdown, leftMs: event.leftMs }
                          : context.countdown,
                    }),
                  },
                  TIME_UP: { target: 'untimed', actions: ['clearCountdown', 'timeUp'] },
                  COUNTDOWN_STOP: { target: 'untimed', actions: 'clearCountdown' },
                  COUNTDOWN_RESCALE: {
                    actions: [
                      assign({
                        countdown: ({ context, event }) =>
                          context.countdown && event.type === 'COUNTDOWN_RESCALE'
                            ? { ...context.countdown, totalMs: context.countdown.totalMs * event.factor }
                            : context.countdown,
                      }),
                      sendTo('countdown', ({ event }) => ({
                        type: 'RESCALE' as const,
                        factor: event.type === 'COUNTDOWN_RESCALE' ? event.factor : 1,
                      })),
                    ],
                  },
                  PAUSE: { guard: 'firstPause', actions: sendTo('countdown', { type: 'PAUSE' as const }) },
                  RESUME: { guard: 'lastPause', actions: sendTo('countdown', { type: 'RESUME' as const }) },
                },
              },
            },
          },
          outcome: {},
          debrief: {},
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

/** A running screen flow. */
export type ScreenFlow = Actor<ReturnType<typeof screenFlowMachine>>;

/** Start a screen flow. */
export function startScreenFlow(timeUp: () => void): ScreenFlow {
  const actor = createActor(screenFlowMachine(timeUp));
  actor.start();
  return actor;
}

/** The screen a flow snapshot shows. */
export function screenOf(flow: ScreenFlow): Screen {
  const value = flow.getSnapshot().value as { screen: Screen | { room: string } };
  return typeof value.screen === 'string' ? value.screen : 'room';
}
