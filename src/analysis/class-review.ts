/**
 * Class review: a whole class's replays of one scenario side by side with history. Replays are
 * grouped by scenario id, version and sha256, each is re-played with the replay verifier, and
 * every refused file keeps its reason. From the accepted runs come the tables a teacher discusses
 * (endings, choices by decision, students) and the two CSV downloads. Pure: no DOM, no clock.
 */
import type { CompiledScenario, TrailStep } from '../engine/machine.ts';
import { verifyReplay } from '../engine/replay.ts';
import { parseReplayText } from '../engine/replay-file.ts';
import { formatDiagnostic } from '../scenario/diagnostics.ts';
import { sha256Hex } from '../scenario/canonical.ts';
import type { Ending, ReplayFile } from '../scenario/schema.ts';

/** One replay handed in: a file's text, or the text a `#r=` link carried. */
export interface HandedIn {
  /** File name (or "link 3") shown in the tables and the refusals. */
  name: string;
  text: string;
}

/** Why a handed-in replay is not counted. */
export type RefusalKind = 'unreadable' | 'unknown-scenario' | 'tampered' | 'duplicate';

/** A handed-in replay that is not counted, with the reason in words a teacher can act on. */
export interface RefusedReplay {
  name: string;
  kind: RefusalKind;
  reason: string;
  /** 1-based step that differs, for a tampered replay. */
  step?: number;
}

/** One accepted run: the replay as handed in, verified against its scenario. */
export interface AcceptedReplay {
  name: string;
  replay: ReplayFile;
  /** The player's name from the replay, trimmed (empty when none was given). */
  player: string;
  ending?: Ending;
  /** Number of decisions taken (steps). */
  decisions: number;
  /** Decisions where the student took the node's historical choice (a timed-out step never matches). */
  matches: number;
  /** Decisions the student let time out (the game then took the node's `onTimeout` choice). */
  timeouts: number;
  /** Every step as re-played, with where it led (for the map's traffic). */
  trail: readonly TrailStep[];
}

/** The runs of one scenario file (same id, version and sha256). */
export interface ReplayGroup {
  key: string;
  scenario: { id: string; version: string; sha256: string };
  compiled: CompiledScenario;
  /** Set when the scenario on offer is another file with the same id (the replays still fit). */
  warning?: string;
  runs: AcceptedReplay[];
}

/**
 * The most decisions Class review counts at once (a class of 30 makes about 400; 200,000 is 15,000
 * such paths): the bound on what it holds, whatever is pasted (issue 23, case 6).
 */
export const CLASS_REVIEW_STEPS = 200_000;

/** Looks up a scenario on offer by id, preferring the file with this sha256. */
export type FindScenario = (id: string, sha256: string) => CompiledScenario | undefined;

/**
 * Collects handed-in replays one at a time (so a screen can show progress between batches):
 * refuses unreadable, unknown, tampered and duplicate ones, groups the rest by scenario file.
 */
export class ClassReviewCollector {
  readonly refused: RefusedReplay[] = [];
  private readonly groups = new Map<string, ReplayGroup>();
  /**
   * Digests of what was counted (never the replays' texts: 1,000 long paths held as text took GBs):
   * a path (scenario file, seed, each step's node, choice and time-out) with its student's name,
   * and a path with the time taken at every step.
   */
  private readonly seenPaths = new Map<string, string>();
  private readonly seenTimings = new Map<string, { name: string; player: string }>();
  /** Decisions counted so far, against CLASS_REVIEW_STEPS. */
  private steps = 0;
  /** Called with every run as it is counted (the class review keeps them in the browser). */
  onCounted?: (run: AcceptedReplay) => void;

  constructor(private readonly findScenario: FindScenario) {}

  /** Add one handed-in text; returns the run when it is counted (a session file: its last counted run). */
  add(item: HandedIn): AcceptedReplay | undefined {
    const inSession = sessionReplayTexts(item.text);
    if (inSession) {
      let last: AcceptedReplay | undefined;
      for (const r of inSession) last = this.add({ name: `${item.name}: ${r.player}`, text: r.text }) ?? last;
      return last;
    }
    const parsed = parseReplayText(item.text, item.name);
    if (!parsed.replay) {
      const first = parsed.diagnostics[0];
      return this.refuse(
        item.name,
        'unreadable',
        `not a readable replay file${first ? `: ${formatDiagnostic(first)}` : ''}`,
      );
    }
    return this.addReplay(item.name, parsed.replay);
  }

  /** Add one parsed replay (see `add`). */
  addReplay(name: string, replay: ReplayFile): AcceptedReplay | undefined {
    const { id, version, sha256 } = replay.scenario;
    const key = `${id}\u0000${version}\u0000${sha256}`;
    let group = this.groups.get(key);
    if (!group) {
      const compiled = this.findScenario(id, sha256);
      if (!compiled || compiled.scenario.id !== id)
        return this.refuse(
          name,
          'unknown-scenario',
          `unknown scenario: it is a replay of "${id}" (version ${version}), which is not on offer here; load that scenario file first`,
        );
      group = {
        key,
        scenario: { id, version, sha256 },
        compiled,
        ...(compiled.sha256 !== sha256
          ? {
              warning: `these replays were recorded on another file of "${id}" (version ${version}; the one on offer is version ${compiled.scenario.version}); they still fit and are counted`,
            }
          : {}),
        runs: [],
      };
    }
    // The same path again: under the same name (even with other times), or with the very same
    // time at every step under another name (a copied file, renamed). Two students of one class
    // link (one seed) may well choose alike: without times or names, only an exact copy is refused.
    const player = (replay.player ?? '').trim();
    const path = sha256Hex(
      JSON.stringify([key, replay.seed, replay.steps.map((s) => [s.node, s.choice, s.timeout === true])]),
    );
    const timed = replay.steps.length > 0 && replay.steps.every((s) => typeof s.ms === 'number');
    const timing = sha256Hex(JSON.stringify([path, player === '' || timed ? replay.steps.map((s) => s.ms) : player]));
    const byName = player === '' ? undefined : this.seenPaths.get(`${path}:${player}`);
    if (byName !== undefined)
      return this.refuse(
        name,
        'duplicate',
        `duplicate: the same decision path as ${byName}, by the same student, which is already counted`,
      );
    const copied = this.seenTimings.get(timing);
    if (copied !== undefined)
      return this.refuse(
        name,
        'duplicate',
        copied.player !== player
          ? `a copy of ${copied.name} (${copied.player || 'no name'}) under another name: the same choices and the same time at every decision`
          : `duplicate: the same replay as ${copied.name}, which is already counted`,
      );
    if (this.steps + replay.steps.length > CLASS_REVIEW_STEPS)
      return this.refuse(
        name,
        'unreadable',
        `not counted: Class review holds at most ${CLASS_REVIEW_STEPS.toLocaleString('en')} decisions at once, and this path would make ${(this.steps + replay.steps.length).toLocaleString('en')}; review this class in parts`,
      );
    const check = verifyReplay(group.compiled, replay);
    if (!check.ok) {
      // A step index at or past the last step means the recorded ending (no such step to name).
      const step = check.step === undefined || check.step >= replay.steps.length ? undefined : check.step + 1;
      return this.refuse(
        name,
        'tampered',
        step !== undefined
          ? `tampered at step ${step}: ${check.message}`
          : check.step !== undefined
            ? `tampered: ${check.message}`
            : `does not fit the scenario: ${check.message}`,
        step,
      );
    }
    if (!this.groups.has(key)) this.groups.set(key, group);
    if (player !== '') this.seenPaths.set(`${path}:${player}`, name);
    this.seenTimings.set(timing, { name, player });
    this.steps += replay.steps.length;
    const nodes = group.compiled.rules.nodes;
    let matches = 0;
    let timeouts = 0;
    for (const s of replay.steps) {
      if (s.timeout) timeouts++;
      else if (nodes.get(s.node)?.node.history?.choice === s.choice) matches++;
    }
    const ending = check.run.ending;
    const run: AcceptedReplay = {
      name,
      replay,
      player: (replay.player ?? '').trim(),
      ...(ending ? { ending } : {}),
      decisions: replay.steps.length,
      matches,
      timeouts,
      trail: check.run.trail,
    };
    group.runs.push(run);
    this.onCounted?.(run);
    return run;
  }

  /** Record a handed-in item that could not even be read (a damaged link, an unreadable file). */
  refuseUnreadable(name: string, reason: string): void {
    this.refuse(name, 'unreadable', reason);
  }

  /** The groups with at least one counted run, largest first. */
  get replayGroups(): ReplayGroup[] {
    return [...this.groups.values()].sort((a, b) => b.runs.length - a.runs.length || a.key.localeCompare(b.key));
  }

  private refuse(name: string, kind: RefusalKind, reason: string, step?: number): undefined {
    this.refused.push({ name, kind, reason, ...(step !== undefined ? { step } : {}) });
    return undefined;
  }
}

/**
 * The replays inside a live class's session file (`crisis-room-session/1`), each as its own text
 * (so it is read and checked like any handed-in replay); undefined when the text is not one.
 */
export function sessionReplayTexts(text: string): { player: string; text: string }[] | undefined {
  if (!text.includes('crisis-room-session/1')) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const file = data as { format?: unknown; replays?: unknown };
  if (file?.format !== 'crisis-room-session/1' || !Array.isArray(file.replays)) return undefined;
  return file.replays.map((r, i) => ({
    player: typeof (r as { player?: unknown })?.player === 'string' ? (r as { player: string }).player : `run ${i + 1}`,
    text: JSON.stringify(r),
  }));
}

/** Review a batch of handed-in replays at once (see `ClassReviewCollector`). */
export function collectReplays(
  items: readonly HandedIn[],
  findScenario: FindScenario,
): { groups: ReplayGroup[]; refused: RefusedReplay[] } {
  const c = new ClassReviewCollector(findScenario);
  for (const item of items) c.add(item);
  return { groups: c.replayGroups, refused: c.refused };
}

/** One row of the "Endings" table. */
export interface EndingRow {
  /** Ending id, or "" for runs that stopped before an ending. */
  id: string;
  title: string;
  tone: string;
  runs: number;
  /** Percent of all runs in the group. */
  share: number;
}

/**
 * The "choice" of a step the student let time out: counted in a row of its own ("Time ran out"),
 * never as the `onTimeout` choice the game took for them. Not an id (ids have no spaces or brackets).
 */
export const TIME_RAN_OUT = '(time ran out)';
export const TIME_RAN_OUT_LABEL = 'Time ran out';

/** One row of the "Choices by decision" table. */
export interface ChoiceRow {
  /** The choice id, or TIME_RAN_OUT for the row of timed-out steps. */
  choice: string;
  label: string;
  /** Runs that took this choice at this decision (at least once). */
  runs: number;
  /** Percent of the runs that reached the decision. */
  share: number;
  historical: boolean;
}

/** One decision the class reached, with a row per choice. */
export interface DecisionRows {
  node: string;
  title: string;
  /** Runs that reached this decision. */
  reached: number;
  choices: ChoiceRow[];
  /** Percent of the runs that reached it and took the historical choice; undefined when history records none. */
  matchedHistory?: number;
}

/** One row of the "Students" table. */
export interface StudentRow {
  run: AcceptedReplay;
  player: string;
  file: string;
  /** Ending title, or "" when the run stopped before an ending. */
  ending: string;
  decisions: number;
  matches: number;
  /** Decisions the student let time out. */
  timeouts: number;
}

/** Everything the class review shows for one group. */
export interface ClassSummary {
  runs: number;
  endings: EndingRow[];
  decisions: DecisionRows[];
  students: StudentRow[];
}

/** Percent rounded to one decimal place (0 when nothing to divide by). */
export function percent(part: number, whole: number): number {
  return whole ? Math.round((1000 * part) / whole) / 10 : 0;
}

/** The Endings, Choices-by-decision and Students tables of one group. */
export function summarizeGroup(group: ReplayGroup): ClassSummary {
  const s = group.compiled.scenario;
  const runs = group.runs;
  const total = runs.length;
  const endingRuns = new Map<string, number>();
  let unfinished = 0;
  for (const r of runs) {
    if (r.ending) endingRuns.set(r.ending.id, (endingRuns.get(r.ending.id) ?? 0) + 1);
    else unfinished++;
  }
  const endings: EndingRow[] = s.endings.map((e) => {
    const n = endingRuns.get(e.id) ?? 0;
    return { id: e.id, title: e.title, tone: e.tone, runs: n, share: percent(n, total) };
  });
  if (unfinished)
    endings.push({
      id: '',
      title: 'Stopped before an ending',
      tone: '',
      runs: unfinished,
      share: percent(unfinished, total),
    });

  // Per node: the runs that reached it, and per choice the runs that took it (each run counted once).
  const reached = new Map<string, number>();
  const took = new Map<string, Map<string, number>>();
  for (const r of runs) {
    const visited = new Set<string>();
    const chosen = new Set<string>();
    for (const st of r.replay.steps) {
      visited.add(st.node);
      chosen.add(`${st.node}\u0000${st.timeout ? TIME_RAN_OUT : st.choice}`);
    }
    for (const n of visited) reached.set(n, (reached.get(n) ?? 0) + 1);
    for (const key of chosen) {
      const [node, choice] = key.split('\u0000') as [string, string];
      let m = took.get(node);
      if (!m) took.set(node, (m = new Map()));
      m.set(choice, (m.get(choice) ?? 0) + 1);
    }
  }
  const decisions: DecisionRows[] = [];
  for (const node of s.nodes) {
    const n = reached.get(node.id);
    if (!n) continue;
    const m = took.get(node.id) ?? new Map<string, number>();
    const hist = node.history?.choice;
    const choices: ChoiceRow[] = node.choices.map((c) => {
      const k = m.get(c.id) ?? 0;
      return { choice: c.id, label: c.label, runs: k, share: percent(k, n), historical: c.id === hist };
    });
    // A decision with a timer has a "Time ran out" row (also when no one let it run out).
    const timedOut = m.get(TIME_RAN_OUT) ?? 0;
    if ((node.timeLimit !== undefined && node.onTimeout) || timedOut)
      choices.push({
        choice: TIME_RAN_OUT,
        label: TIME_RAN_OUT_LABEL,
        runs: timedOut,
        share: percent(timedOut, n),
        historical: false,
      });
    decisions.push({
      node: node.id,
      title: node.title,
      reached: n,
      choices,
      ...(hist ? { matchedHistory: percent(m.get(hist) ?? 0, n) } : {}),
    });
  }

  const students: StudentRow[] = runs
    .map((r) => ({
      run: r,
      player: r.player,
      file: r.name,
      ending: r.ending?.title ?? '',
      decisions: r.decisions,
      matches: r.matches,
      timeouts: r.timeouts,
    }))
    .sort(
      (a, b) =>
        Number(!a.player) - Number(!b.player) ||
        a.player.localeCompare(b.player, 'en') ||
        a.file.localeCompare(b.file, 'en'),
    );
  return { runs: total, endings, decisions, students };
}

// ---- CSV ------------------------------------------------------------------------------------

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading `'`.
 */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows to CSV text: CRLF line ends, as RFC 4180 says. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * "Download CSV": one row per student: the player, the ending's title and id, then for each decision
 * the class reached two columns, the choice's label (the decision's title as heading) and its id
 * ("<decision id> id"), several visits joined by " then ", a timed-out step as "Time ran out" /
 * "(time ran out)"; then how many decisions timed out, and the file name last.
 */
export function studentsCsv(summary: ClassSummary): string {
  const head: string[] = ['player', 'ending', 'ending id'];
  for (const d of summary.decisions) head.push(d.title, `${d.node} id`);
  const rows: (string | number)[][] = [[...head, 'time ran out', 'file']];
  const labels = new Map<string, string>();
  for (const d of summary.decisions) for (const c of d.choices) labels.set(`${d.node}\u0000${c.choice}`, c.label);
  for (const st of summary.students) {
    const taken = new Map<string, string[]>();
    for (const step of st.run.replay.steps) {
      let list = taken.get(step.node);
      if (!list) taken.set(step.node, (list = []));
      list.push(step.timeout ? TIME_RAN_OUT : step.choice);
    }
    const cells: string[] = [];
    for (const d of summary.decisions) {
      const ids = taken.get(d.node) ?? [];
      cells.push(ids.map((id) => labels.get(`${d.node}\u0000${id}`) ?? id).join(' then '), ids.join(' then '));
    }
    rows.push([st.player, st.run.ending?.title ?? '', st.run.ending?.id ?? '', ...cells, st.timeouts, st.file]);
  }
  return toCsv(rows);
}

/** "Download summary CSV": the "Choices by decision" table, one row per choice (and "Time ran out"). */
export function summaryCsv(summary: ClassSummary): string {
  const rows: (string | number)[][] = [
    [
      'decision',
      'decision title',
      'choice',
      'choice label',
      'runs',
      'reached',
      'share (%)',
      'historical',
      'class matched history (%)',
    ],
  ];
  for (const d of summary.decisions)
    for (const c of d.choices)
      rows.push([
        d.node,
        d.title,
        c.choice,
        c.label,
        c.runs,
        d.reached,
        c.share,
        c.historical ? 'yes' : '',
        d.matchedHistory ?? '',
      ]);
  return toCsv(rows);
}
