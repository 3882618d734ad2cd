/**
 * The game session: the scenarios on offer, the screen flow that owns the game's state
 * (screen-flow.ts), and the presenters that turn what the flow emits into sound, screen-reader
 * announcements and saves. The canvas scenes and the DOM layer both read the flow's one snapshot
 * through it (`screen`, `run`, `entry`, `advisor`, `last`, `notice`) and call its methods for input,
 * which only send events to the flow.
 */
import { compileScenario, type CompiledScenario } from '../engine/machine.ts';
import { randomSeed, type Run } from '../engine/run.ts';
import { handInFileName } from '../engine/hand-in-name.ts';
import type { Diagnostic } from '../scenario/diagnostics.ts';
import type { Advisor, Meter, ScenarioNode } from '../scenario/schema.ts';
import { whenText } from '../scenario/text.ts';
import type { SoundBoard } from './audio/sound-board.ts';
import type { BuiltinScenario } from './builtin-scenarios.ts';
import { clearSave, restoreSave, saveIdOf, saveRun, saveStatus, saveTimeLeft } from './storage/saves.ts';
import { timerFromQuery, type Settings, type SettingsStore } from './storage/settings.ts';
import {
  screenOf,
  startScreenFlow,
  type FlowContext,
  type LastStep,
  type Notice,
  type RunStream,
  type ScenarioEntry,
  type Screen,
  type ScreenFlow,
  type TimerSetting,
} from './screen-flow.ts';

export type { LastStep, Notice, RunStream, ScenarioEntry, Screen };
export { signed } from './screen-flow.ts';

/** The seed in a `?seed=N` query (an integer 0..4294967295), or undefined when absent or not such a number. */
export function seedFromQuery(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('seed');
  if (raw === null || !/^\d{1,10}$/.test(raw.trim())) return undefined;
  const n = Number(raw.trim());
  return n <= 4294967295 ? n : undefined;
}

/**
 * What the page address asks for that the game cannot do (`?seed=abc`, `?timer=fast`), one line
 * each, so the title screen says so instead of ignoring it silently. Empty when all is well.
 */
export function addressProblems(search: string): string[] {
  const q = new URLSearchParams(search);
  const out: string[] = [];
  const seed = q.get('seed');
  if (seed !== null && seedFromQuery(search) === undefined)
    out.push(
      `seed=${JSON.stringify(seed.slice(0, 40))} is not a seed (a whole number from 0 to 4294967295): each game starts from a new random seed.`,
    );
  const timer = q.get('timer');
  if (timer !== null && timerFromQuery(search) === undefined)
    out.push(
      `timer=${JSON.stringify(timer.slice(0, 40))} is not a timer setting (normal, double or off): the player's own setting is used.`,
    );
  return out;
}

/** What changed, so views can redraw only what they must. */
export type Change = 'screen' | 'advisor' | 'scenarios' | 'notice' | 'settings' | 'timer' | 'saving';

/** The title a scenario's card shows: a copy of a built-in says so, so the two cards never look the same. */
export function cardTitle(entry: ScenarioEntry): string {
  return entry.copy ? `${entry.compiled.scenario.title} (copy)` : entry.compiled.scenario.title;
}

const TICK_SECONDS = 5;

/** A palette for advisors without a colour (colour-blind friendly, readable with white text). */
const ADVISOR_PALETTE = [
  '#b03a2e',
  '#2e86c1',
  '#1e8449',
  '#7d3c98',
  '#b9770e',
  '#117a65',
  '#a04000',
  '#2c3e50',
  '#884ea0',
  '#1f618d',
  '#7b241c',
  '#196f3d',
];

/** The colour an advisor is drawn in. */
export function advisorColor(advisors: readonly Advisor[], id: string): string {
  const i = advisors.findIndex((a) => a.id === id);
  return advisors[i]?.color ?? ADVISOR_PALETTE[Math.max(0, i) % ADVISOR_PALETTE.length]!;
}

/** Up to two initials of an advisor's name ("Chief R. Vale" -> "RV"; titles like Chief/Dr are skipped). */
export function initials(name: string): string {
  const skip = new Set([
    'chief',
    'dr',
    'dr.',
    'mr',
    'mr.',
    'mrs',
    'mrs.',
    'ms',
    'ms.',
    'gen',
    'gen.',
    'general',
    'col',
    'col.',
    'prof',
    'prof.',
    'sir',
  ]);
  // A note in brackets is not part of the name: "Viktor (invented)" is "V", not "VI".
  const words = name
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !skip.has(w.toLowerCase()));
  const use = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words;
  return (
    use
      .map((w) => Array.from(w.replace(/[^\p{L}\p{N}]/gu, ''))[0] ?? '')
      .join('')
      .toUpperCase() || '?'
  );
}

/** Date, time and place of a node, for the clock ("2 March 2026, 08:00 · North quay"). */
export function clockText(node: ScenarioNode | undefined, language = 'en'): string {
  if (!node) return '';
  const parts: string[] = [];
  // The date in the file's words, its wall-clock time unmoved ("September 13, 2022, 08:00").
  if (node.at && /^\d{4}-\d{2}-\d{2}/.test(node.at)) parts.push(whenText(node.at, language));
  if (node.place) parts.push(node.place);
  return parts.join(' · ');
}

/** The meters shown during play (hidden ones stay hidden), with their bounds. */
export function visibleMeters(compiled: CompiledScenario): (Meter & { min: number; max: number })[] {
  return compiled.rules.meters.filter((m) => !m.hidden);
}

/** The timer part of the settings, as the flow takes it. */
function timerOf(s: Settings): TimerSetting {
  return { off: s.timersOff, double: s.doubleTime };
}

/** The game's state (held by the screen flow) and the only way the view changes it. */
export class GameSession {
  /** The screen flow (screen-flow.ts): the one owner of the screen, the run and everything shown. */
  private readonly flow: ScreenFlow;
  private shown: FlowContext & { screen: Screen };
  private lastWhole: number | undefined;
  scenarios: ScenarioEntry[] = [];
  private listeners = new Set<(change: Change) => void>();
  private announceListeners = new Set<(text: string) => void>();
  private nodeShownAt = 0;
  private stopStream: (() => void) | undefined;

  constructor(
    readonly settings: SettingsStore,
    readonly sound: SoundBoard,
    /** A seed from the page's `?seed=` (a class playing the same draws), or undefined for a fresh one per game. */
    readonly fixedSeed?: number,
  ) {
    this.flow = startScreenFlow({ fixedSeed, timer: timerOf(settings.get()) });
    this.shown = { ...this.flow.getSnapshot().context, screen: this.screen };
    settings.subscribe((s) => {
      sound.setMuted(s.muted);
      sound.setVolume(s.volume);
      this.flow.send({ type: 'TIMER_SETTING', timer: timerOf(s) });
      this.emit('settings');
    });
    // The presenters: what the flow emits becomes sound, announcements and saves.
    this.flow.on('sound', (e) => this.sound.play(e.cue));
    this.flow.on('announce', (e) => this.announce(e.text));
    this.flow.on('save', (e) => this.save(e.run));
    this.flow.on('discardSave', (e) => {
      clearSave(saveIdOf(e.entry.compiled));
      this.emit('scenarios');
    });
    this.flow.on('timeUp', () => this.flow.send({ type: 'TIMEOUT', ms: this.msOnNode() }));
    this.flow.subscribe(() => this.changed());
    const s = settings.get();
    sound.setMuted(s.muted);
    sound.setVolume(s.volume);
  }

  /** Tell the views what changed in the flow's snapshot (a new screen redraws all; the countdown once a second). */
  private changed(): void {
    const now = { ...this.flow.getSnapshot().context, screen: this.screen };
    const was = this.shown;
    this.shown = now;
    if (now.screen !== was.screen || (now.screen === 'room' && now.run !== was.run)) {
      this.lastWhole = undefined;
      if (now.screen === 'room') this.nodeShownAt = performance.now();
      this.emit('screen');
      return;
    }
    if (now.advisor !== was.advisor) this.emit('advisor');
    if (now.notice !== was.notice) this.emit('notice');
    const left = this.timeLeft();
    const whole = left ? Math.ceil(left.leftMs / 1000) : undefined;
    if (whole === this.lastWhole) return;
    const first = this.lastWhole === undefined;
    this.lastWhole = whole;
    if (whole === undefined || !left) return this.emit('timer');
    // A reload comes back to this decision with the time that was left, not a fresh countdown.
    if (now.entry) saveTimeLeft(saveIdOf(now.entry.compiled), left.leftMs);
    if (!first) {
      if (whole > 0 && whole <= TICK_SECONDS) this.sound.play('tick');
      if (whole === 10 || whole === 5) this.announce(`${whole} seconds left.`);
    }
    this.emit('timer');
  }

  /** Listen for changes; returns the unsubscribe function. */
  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Listen for announcements (the aria-live region). */
  onAnnounce(listener: (text: string) => void): () => void {
    this.announceListeners.add(listener);
    return () => this.announceListeners.delete(listener);
  }

  /** Say something to screen-reader users. */
  announce(text: string): void {
    for (const l of this.announceListeners) l(text);
  }

  private emit(change: Change): void {
    for (const l of [...this.listeners]) {
      try {
        l(change);
      } catch (err) {
        // A view failing to draw must not stop the others (the DOM layer keeps the game playable).
        console.warn('view update failed', err);
      }
    }
  }

  /** Which screen shows (the screen flow's state). */
  get screen(): Screen {
    return screenOf(this.flow);
  }

  /** The scenario being played. */
  get entry(): ScenarioEntry | undefined {
    return this.flow.getSnapshot().context.entry;
  }

  /** The run being played (stepped here, or streamed from elsewhere: the views never know which). */
  get run(): Run | undefined {
    return this.flow.getSnapshot().context.run;
  }

  /** The advisor selected in the room (reset at every decision). */
  get advisor(): string | undefined {
    return this.flow.getSnapshot().context.advisor;
  }

  /** The choice just taken, for the outcome screen. */
  get last(): LastStep | undefined {
    return this.flow.getSnapshot().context.last;
  }

  /** The message on the title screen, if any. */
  get notice(): Notice | undefined {
    return this.flow.getSnapshot().context.notice;
  }

  private builtinFiles: readonly BuiltinScenario[] = [];
  private builtinsLoaded = false;

  /** Remember the built-in scenarios (checked at build time); they are compiled by `loadBuiltins` (or `ready`). */
  setBuiltins(files: readonly BuiltinScenario[]): void {
    this.builtinFiles = files;
  }

  /**
   * Compile and add the built-in scenarios (once). They were validated at build time and their
   * state space is proven by the CLI and CI (`npm run scenario -- check`), so no parsing or
   * checking happens here: the start-up loads no yaml, zod or checker code.
   */
  loadBuiltins(): void {
    if (this.builtinsLoaded) return;
    this.builtinsLoaded = true;
    for (const f of this.builtinFiles) {
      try {
        this.scenarios.push({
          file: f.file,
          compiled: compileScenario(f.scenario, f.sha256),
          builtin: true,
          warnings: f.warnings,
        });
      } catch (err) {
        console.warn(`built-in scenario ${f.file} could not be loaded`, err);
      }
    }
  }

  /**
   * Failed saves in a row (0 once a save succeeds): while above 0 the toolbar shows "Not saved".
   * Every failure is announced, with the count and time, in the one live region (no dialog).
   */
  unsavedWrites = 0;

  /** The saving presenter: every failed save is said (progress then lasts only until the page closes), and the next good one too. */
  private save(run: Run): void {
    if (saveRun(run)) {
      if (!this.unsavedWrites) return;
      this.unsavedWrites = 0;
      this.emit('saving');
      this.announce('Saved again: your game is stored in this browser.');
      return;
    }
    this.unsavedWrites++;
    const at = new Date().toLocaleTimeString('en-GB');
    const text = `Not saved (${this.unsavedWrites === 1 ? 'failed' : `failed ${this.unsavedWrites} times in a row`}, last at ${at}): this browser did not let the game save your progress (storage is full or switched off). It lasts until the page is closed.`;
    this.flow.send({ type: 'NOTICE', notice: { kind: 'info', title: 'Saving is not available', lines: [text] } });
    this.emit('saving');
    this.announce(text);
  }

  /** Show a notice on the title screen (the one-file game's refused scenarios) and say it. */
  showNotice(notice: Notice): void {
    this.flow.send({ type: 'NOTICE', notice });
    this.announce([notice.title, ...notice.lines].join(' '));
  }

  /** Say on the title screen (and to screen-reader users) what of the page address was ignored. */
  warnAddress(lines: string[]): void {
    if (lines.length === 0) return;
    this.flow.send({ type: 'NOTICE', notice: { kind: 'info', title: 'Part of the page address was ignored', lines } });
    this.announce(`Part of the page address was ignored: ${lines.join(' ')}`);
  }

  /** Show a warning about storage on the title screen and say it to screen-reader users. */
  warnStorage(text: string): void {
    this.flow.send({ type: 'NOTICE', notice: { kind: 'info', title: 'Saving is not available', lines: [text] } });
    this.announce(text);
  }

  /** Leave the loading screen. */
  ready(): void {
    this.loadBuiltins();
    this.flow.send({ type: 'READY' });
  }

  /** Whether a scenario has a save this file can restore ('changed' when it was another file, 'damaged' when unreadable). */
  saveStatus(entry: ScenarioEntry): 'none' | 'ok' | 'changed' | 'damaged' {
    return saveStatus(entry.compiled);
  }

  /** Forget a save that cannot be restored. */
  discardSave(entry: ScenarioEntry): void {
    this.flow.send({ type: 'DISCARD_SAVE', entry });
  }

  // ---- teacher layer (issue 5, src/teacher/shell.ts): library scenarios and replay branches ----

  /** Offer a scenario from the teacher's library (replacing a library one with the same id). */
  registerScenario(file: string, compiled: CompiledScenario, warnings: Diagnostic[]): void {
    const id = compiled.scenario.id;
    this.scenarios = this.scenarios.filter((e) => e.builtin || e.compiled.scenario.id !== id);
    // Never a built-in's identity: the same id from another source is a copy, with saves of its own.
    const copy = this.scenarios.some((e) => e.builtin && e.compiled.scenario.id === id);
    if (copy) compiled.saveKey = `${id}~copy-${compiled.sha256.slice(0, 16)}`;
    this.scenarios.push({ file, compiled, builtin: false, warnings, ...(copy ? { copy } : {}) });
    this.emit('scenarios');
  }

  /** Stop offering a library scenario (removed from the library). */
  unregisterScenario(id: string): void {
    this.scenarios = this.scenarios.filter((e) => e.builtin || e.compiled.scenario.id !== id);
    this.emit('scenarios');
  }

  /** Play on from a run that has already taken some steps (a branch of a replay), at its current node. */
  playRun(entry: ScenarioEntry, run: Run): void {
    this.endStream();
    this.flow.send({ type: 'PLAY_RUN', entry, run });
  }

  /**
   * Show a run that lives elsewhere (the live class): the screens draw each run the stream
   * delivers, and the player's choices go to `stream.send` instead of the local engine.
   */
  playStream(entry: ScenarioEntry, first: Run, stream: RunStream): void {
    this.endStream();
    this.flow.send({ type: 'PLAY_RUN', entry, run: first, source: 'stream' });
    const offIntent = this.flow.on('intent', (e) => stream.send(e.intent));
    const offRun = stream.subscribe((run) => {
      if (this.screen === 'room') this.flow.send({ type: 'RUN_SNAPSHOT', run });
      else this.pendingStreamRun = run;
    });
    this.stopStream = () => {
      offIntent.unsubscribe();
      offRun();
    };
  }

  /** A streamed run that arrived while another screen showed (shown when the room comes back). */
  private pendingStreamRun: Run | undefined;

  private endStream(): void {
    this.stopStream?.();
    this.stopStream = undefined;
    this.pendingStreamRun = undefined;
  }

  /** Start a new game of a scenario (with a fresh seed, or the page's `?seed=`): the briefing comes first. */
  newGame(entry: ScenarioEntry): void {
    this.endStream();
    this.flow.send({ type: 'NEW_GAME', entry, seed: randomSeed() });
  }

  /** Continue the saved game of a scenario, or explain why it cannot be. */
  continueGame(entry: ScenarioEntry): void {
    const r = restoreSave(entry.compiled);
    if (!r.ok) return void this.flow.send({ type: 'CONTINUE_FAILED', message: r.message });
    this.endStream();
    this.flow.send({
      type: 'CONTINUE_SAVED',
      entry,
      run: r.run,
      ...(r.timeLeftMs !== undefined ? { leftMs: r.timeLeftMs } : {}),
    });
  }

  /** Leave the briefing for the first decision. */
  begin(): void {
    this.flow.send({ type: 'BEGIN' });
  }

  private msOnNode(): number {
    return Math.round(performance.now() - this.nodeShownAt);
  }

  /** Time left in ms and the node's limit, or undefined when no countdown runs here. */
  timeLeft(): { leftMs: number; totalMs: number } | undefined {
    const c = this.flow.getSnapshot().context.countdown;
    return c && this.screen === 'room' ? { leftMs: c.leftMs, totalMs: c.totalMs } : undefined;
  }

  /** Pause the countdown (a dialog is open). Calls nest. */
  pauseTimer(): void {
    this.flow.send({ type: 'PAUSE' });
  }

  /** Resume the countdown after `pauseTimer`. */
  resumeTimer(): void {
    this.flow.send({ type: 'RESUME' });
  }

  /** Select an advisor to hear their advice at this node (`quiet`: on focus, without sound or announcement). */
  selectAdvisor(id: string, quiet = false): void {
    this.flow.send({ type: 'SELECT_ADVISOR', id, quiet });
  }

  /** Take a visible choice at the current node. */
  choose(choiceId: string): void {
    this.flow.send({ type: 'CHOOSE', choice: choiceId, ms: this.msOnNode() });
  }

  /** Leave the outcome: the next decision, or the debrief when the run ended. */
  continueAfterOutcome(): void {
    this.flow.send({ type: 'CONTINUE' });
    const pending = this.pendingStreamRun;
    this.pendingStreamRun = undefined;
    if (pending && this.screen === 'room') this.flow.send({ type: 'RUN_SNAPSHOT', run: pending });
  }

  /** A new run of the same scenario: a new seed, or the page's `?seed=` (a class playing the same draws). */
  playAgain(): void {
    this.endStream();
    this.flow.send({ type: 'PLAY_AGAIN', seed: randomSeed() });
  }

  /** Back to the title screen (the save stays). */
  mainMenu(): void {
    this.flow.send({ type: 'MAIN_MENU' });
  }

  /** The run as a replay file (the decision path), for export. */
  replayJson(): { name: string; json: string } | undefined {
    const run = this.run;
    if (!run) return undefined;
    return {
      name: handInFileName(run.compiled.scenario.id, run.player, new Date()),
      json: JSON.stringify(run.record(), null, 2) + '\n',
    };
  }

  /** Toggle mute (key M). */
  toggleMute(): void {
    const muted = !this.settings.get().muted;
    this.settings.update({ muted });
    this.announce(muted ? 'Sound muted.' : 'Sound on.');
  }
}
