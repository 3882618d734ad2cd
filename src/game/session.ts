/**
 * The game session: which screen is showing, the scenarios on offer and the run being played.
 * It is the only place the shell talks to the engine (start, choose, timeout, record, restore);
 * the canvas scenes and the DOM layer both render it read-only and call its methods for input.
 */
import { compileScenario, type CompiledScenario, type TrailStep } from '../engine/machine.ts';
import { randomSeed, startRun, type Run } from '../engine/run.ts';
import { handInFileName } from '../engine/replay-file.ts';
import type { Diagnostic } from '../scenario/diagnostics.ts';
import type { Advisor, Choice, Meter, ScenarioNode } from '../scenario/schema.ts';
import { whenText } from '../scenario/text.ts';
import type { SoundBoard } from './audio/sound-board.ts';
import type { BuiltinScenario } from './builtin-scenarios.ts';
import { clearSave, restoreSave, saveIdOf, saveRun, saveStatus, saveTimeLeft } from './storage/saves.ts';
import { timerFromQuery, type SettingsStore } from './storage/settings.ts';
import { adviceView, nodeHeadlines, outcomeHeadlines } from './view-models.ts';
import { screenOf, startScreenFlow, type CountdownStart, type Screen, type ScreenFlow } from './screen-flow.ts';

export type { Screen };

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

/** A scenario the player can start. */
export interface ScenarioEntry {
  file: string;
  compiled: CompiledScenario;
  builtin: boolean;
  /** A file from outside that reuses a built-in's id: shown as a copy, its games saved apart. */
  copy?: boolean;
  warnings: Diagnostic[];
}

/** The title a scenario's card shows: a copy of a built-in says so, so the two cards never look the same. */
export function cardTitle(entry: ScenarioEntry): string {
  return entry.copy ? `${entry.compiled.scenario.title} (copy)` : entry.compiled.scenario.title;
}

/** A message shown on the title screen (a save that cannot be continued). */
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

/** The game's state and the only way the view changes it. */
export class GameSession {
  /** The screen flow (screen-flow.ts): which screen shows, the countdown and the pauses. */
  private readonly flow: ScreenFlow = startScreenFlow(() => this.expire());
  private shownScreen: Screen = 'loading';
  private lastWhole: number | undefined;
  scenarios: ScenarioEntry[] = [];
  entry: ScenarioEntry | undefined;
  run: Run | undefined;
  /** The advisor selected in the room (reset at every node). */
  advisor: string | undefined;
  last: LastStep | undefined;
  notice: Notice | undefined;
  private listeners = new Set<(change: Change) => void>();
  private announceListeners = new Set<(text: string) => void>();
  private nodeShownAt = 0;

  constructor(
    readonly settings: SettingsStore,
    readonly sound: SoundBoard,
    /** A seed from the page's `?seed=` (a class playing the same draws), or undefined for a fresh one per game. */
    readonly fixedSeed?: number,
  ) {
    let double = settings.get().doubleTime;
    settings.subscribe((s) => {
      sound.setMuted(s.muted);
      sound.setVolume(s.volume);
      if (this.screen === 'room') {
        const running = this.timeLeft() !== undefined;
        if (s.timersOff && running) this.flow.send({ type: 'COUNTDOWN_STOP' });
        else if (!s.timersOff && !running) {
          const start = this.countdownFor();
          if (start) this.flow.send({ type: 'COUNTDOWN_START', countdown: start });
        } else if (running && s.doubleTime !== double)
          this.flow.send({ type: 'COUNTDOWN_RESCALE', factor: s.doubleTime ? 2 : 0.5 });
      }
      double = s.doubleTime;
      this.emit('settings');
    });
    // Views hear of a new screen, and of the countdown once per whole second.
    this.flow.subscribe(() => {
      const screen = this.screen;
      if (screen !== this.shownScreen) {
        this.shownScreen = screen;
        this.lastWhole = undefined;
        this.emit('screen');
        return;
      }
      const left = this.timeLeft();
      const whole = left ? Math.ceil(left.leftMs / 1000) : undefined;
      if (whole === this.lastWhole) return;
      const first = this.lastWhole === undefined;
      this.lastWhole = whole;
      if (whole === undefined || !left) return this.emit('timer');
      // A reload comes back to this decision with the time that was left, not a fresh countdown.
      if (this.entry) saveTimeLeft(saveIdOf(this.entry.compiled), left.leftMs);
      if (!first) {
        if (whole > 0 && whole <= TICK_SECONDS) this.sound.play('tick');
        if (whole === 10 || whole === 5) this.announce(`${whole} seconds left.`);
      }
      this.emit('timer');
    });
    const s = settings.get();
    sound.setMuted(s.muted);
    sound.setVolume(s.volume);
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

  /** Save the run; every failed save is said (progress then lasts only until the page closes), and the next good one too. */
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
    this.notice = { kind: 'info', title: 'Saving is not available', lines: [text] };
    this.emit('notice');
    this.emit('saving');
    this.announce(text);
  }

  /** Show a notice on the title screen (the one-file game's refused scenarios) and say it. */
  showNotice(notice: Notice): void {
    this.notice = notice;
    this.emit('notice');
    this.announce([notice.title, ...notice.lines].join(' '));
  }

  /** Say on the title screen (and to screen-reader users) what of the page address was ignored. */
  warnAddress(lines: string[]): void {
    if (lines.length === 0) return;
    this.notice = { kind: 'info', title: 'Part of the page address was ignored', lines };
    this.emit('notice');
    this.announce(`Part of the page address was ignored: ${lines.join(' ')}`);
  }

  /** Show a warning about storage on the title screen and say it to screen-reader users. */
  warnStorage(text: string): void {
    this.notice = { kind: 'info', title: 'Saving is not available', lines: [text] };
    this.emit('notice');
    this.announce(text);
  }

  /** Leave the loading screen. */
  ready(): void {
    this.loadBuiltins();
    if (this.screen === 'loading') {
      this.flow.send({ type: 'TITLE' });
      this.announce('Crisis Room. Choose a scenario.');
    }
  }

  /** Whether a scenario has a save this file can restore ('changed' when it was another file, 'damaged' when unreadable). */
  saveStatus(entry: ScenarioEntry): 'none' | 'ok' | 'changed' | 'damaged' {
    return saveStatus(entry.compiled);
  }

  /** Forget a save that cannot be restored. */
  discardSave(entry: ScenarioEntry): void {
    clearSave(saveIdOf(entry.compiled));
    this.notice = undefined;
    this.emit('scenarios');
    this.announce('The old saved game was discarded.');
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
    this.entry = entry;
    this.notice = undefined;
    this.run = run;
    this.last = undefined;
    this.save(run);
    if (run.ended) this.showDebrief();
    else this.enterNode();
  }

  /** Start a new game of a scenario (with a fresh seed): the briefing comes first. */
  newGame(entry: ScenarioEntry): void {
    this.sound.play('click');
    this.entry = entry;
    this.notice = undefined;
    this.run = startRun(entry.compiled, this.fixedSeed ?? randomSeed());
    this.save(this.run);
    this.last = undefined;
    this.flow.send({ type: 'BRIEFING' });
    this.announce(`Briefing: ${entry.compiled.scenario.title}.`);
  }

  /** Continue the saved game of a scenario, or explain why it cannot be. */
  continueGame(entry: ScenarioEntry): void {
    this.sound.play('click');
    const r = restoreSave(entry.compiled);
    if (!r.ok) {
      this.notice = { kind: 'error', title: 'Your saved game cannot be continued', lines: [r.message] };
      this.emit('notice');
      this.announce(r.message);
      return;
    }
    this.notice = undefined;
    this.entry = entry;
    this.run = r.run;
    this.last = undefined;
    if (r.run.ended) this.showDebrief();
    else this.enterNode(r.timeLeftMs);
  }

  /** Leave the briefing for the first decision. */
  begin(): void {
    this.sound.play('click');
    this.enterNode();
  }

  /** Show the run's current decision; `timeLeftMs`: a restored countdown's time left. */
  private enterNode(timeLeftMs?: number): void {
    const run = this.run;
    if (!run) return;
    this.advisor = undefined;
    this.nodeShownAt = performance.now();
    this.flow.send({ type: 'ROOM', countdown: this.countdownFor(timeLeftMs) });
    const node = run.node;
    if (node) {
      const n = run.visibleChoices().length;
      const left = this.timeLeft();
      const t = left ? ` You have ${Math.round(left.totalMs / 1000)} seconds.` : '';
      this.announce(`${node.title}. ${n} choice${n === 1 ? '' : 's'}.${t}`);
      if (nodeHeadlines(run, node).length) this.sound.play('sting');
    }
  }

  /** The countdown for the decision shown (doubled or off as set), or undefined when it has none. */
  private countdownFor(leftMs?: number): CountdownStart | undefined {
    const node = this.run?.node;
    const s = this.settings.get();
    if (!node?.timeLimit || !node.onTimeout || s.timersOff) return undefined;
    const totalMs = node.timeLimit * 1000 * (s.doubleTime ? 2 : 1);
    return { totalMs, leftMs: leftMs === undefined ? totalMs : Math.min(totalMs, Math.max(0, leftMs)) };
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

  private expire(): void {
    const run = this.run;
    const node = run?.node;
    if (!run || !node || this.screen !== 'room') return;
    const before = { ...run.meters };
    try {
      const step = run.timeout(Math.round(performance.now() - this.nodeShownAt));
      const choice = node.choices.find((c) => c.id === step.choice)!;
      this.afterStep(node, choice, step, before);
    } catch (err) {
      // The checker guarantees an onTimeout choice; if it is refused anyway, the player decides.
      console.warn('time ran out but the timeout was refused', err);
    }
  }

  /** Select an advisor to hear their advice at this node (`quiet`: on focus, without sound or announcement). */
  selectAdvisor(id: string, quiet = false): void {
    const run = this.run;
    if (this.screen !== 'room' || !run?.node) return;
    const advisor = run.compiled.scenario.advisors.find((a) => a.id === id);
    if (!advisor) return;
    if (quiet && this.advisor === id) return;
    this.advisor = id;
    if (!quiet) this.sound.play('click');
    this.emit('advisor');
    // Focus (Tab) selects quietly: the screen reader is already reading the button.
    if (quiet) return;
    const view = adviceView(run, run.node, id);
    if (view?.text === undefined) this.announce(`${advisor.name} has no advice here.`);
    else this.announce(`${advisor.name}: ${view.text}${view.backs ? ` Backs: ${view.backs.label}.` : ''}`);
  }

  /** Take a visible choice at the current node. */
  choose(choiceId: string): void {
    const run = this.run;
    const node = run?.node;
    if (this.screen !== 'room' || !run || !node) return;
    if (!run.visibleChoices().some((c) => c.id === choiceId)) return;
    this.sound.play('click');
    const before = { ...run.meters };
    const step = run.choose(choiceId, Math.round(performance.now() - this.nodeShownAt));
    const choice = node.choices.find((c) => c.id === choiceId)!;
    this.afterStep(node, choice, step, before);
  }

  private afterStep(node: ScenarioNode, choice: Choice, step: TrailStep, before: Record<string, number>): void {
    const run = this.run!;
    this.save(run);
    this.last = { node, choice, step, before };
    this.flow.send({ type: 'OUTCOME' });
    if (outcomeHeadlines(choice, step).length) this.sound.play('sting');
    const parts = [step.timeout ? `Time ran out. ${choice.label}.` : `You chose: ${choice.label}.`];
    if (choice.outcome) parts.push(choice.outcome);
    const meters = visibleMeters(run.compiled);
    const changes = meters.filter((m) => step.deltas[m.id]).map((m) => `${m.label} ${signed(step.deltas[m.id]!)}`);
    if (changes.length) parts.push(`Changes: ${changes.join(', ')}.`);
    this.announce(parts.join(' '));
  }

  /** Leave the outcome: the next decision, or the debrief when the run ended. */
  continueAfterOutcome(): void {
    if (this.screen !== 'outcome') return;
    this.sound.play('click');
    if (this.run?.ended) this.showDebrief();
    else this.enterNode();
  }

  private showDebrief(): void {
    const ending = this.run?.ending;
    this.flow.send({ type: 'DEBRIEF' });
    if (ending) {
      this.sound.play(`end-${ending.tone}`);
      this.announce(`Debrief. Ending: ${ending.title} (${ending.tone}).`);
    }
  }

  /** A new run of the same scenario: a new seed, or the page's `?seed=` (a class playing the same draws). */
  playAgain(): void {
    const entry = this.entry;
    if (!entry) return this.mainMenu();
    this.sound.play('click');
    this.run = startRun(entry.compiled, this.fixedSeed ?? randomSeed());
    this.last = undefined;
    this.save(this.run);
    this.enterNode();
  }

  /** Back to the title screen (the save stays). */
  mainMenu(): void {
    this.sound.play('click');
    this.flow.send({ type: 'TITLE' });
    this.announce('Main menu.');
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

/** "+5" / "−3" (with a real minus sign). */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : '0';
}
