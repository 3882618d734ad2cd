/**
 * What the replay viewer shows, computed once from a verified replay: per step the node, the
 * advice, the choice taken, the historical choice and the meters at that moment. Also the branch
 * ("play on from step k") and the side-by-side comparison of two paths. Pure: no DOM.
 */
import type { CompiledScenario } from '../engine/machine.ts';
import { verifyReplay } from '../engine/replay.ts';
import { startRun, type Run } from '../engine/run.ts';
import type { Ending, ReplayFile } from '../scenario/schema.ts';

/** A choice named for people: its id and its label. */
export interface NamedChoice {
  id: string;
  label: string;
}

/** One advisor's words at a step. */
export interface StepAdvice {
  advisor: string;
  /** "{name}, {title}", as in the advisor room. */
  name: string;
  text: string;
  recommends?: NamedChoice;
  /** The advisor's note from the file (a composite character, a fictional name), as the room shows it. */
  note?: string;
}

/** One meter's value at a step. */
export interface StepMeter {
  id: string;
  label: string;
  /** Value when the decision was put to the player. */
  before: number;
  /** Value right after the choice. */
  after: number;
  min: number;
  max: number;
  hidden: boolean;
}

/** Everything the viewer shows for one decision. */
export interface ReplayStepView {
  /** 0-based. */
  index: number;
  node: string;
  title: string;
  at?: string;
  place?: string;
  text: string;
  advice: StepAdvice[];
  choice: NamedChoice;
  timeout: boolean;
  ms?: number;
  historical?: NamedChoice;
  historyText?: string;
  meters: StepMeter[];
  /** Where the choice led: a node or ending id, and its title. */
  led: { id: string; title: string };
}

/** A verified replay, ready to show. */
export interface ReplayModel {
  compiled: CompiledScenario;
  replay: ReplayFile;
  steps: ReplayStepView[];
  ending?: Ending;
  /** Meter values at the end (after the last step). */
  finalMeters: Record<string, number>;
  warnings: string[];
}

/** Steps the timeline lists at once: a long replay is drawn a page at a time, never all at once. */
export const TIMELINE_PAGE = 100;
/** The longest title or label a timeline entry repeats (the step itself shows the whole text). */
export const TIMELINE_TEXT = 80;

/** A text cut to `max` characters with an ellipsis, for lists that repeat it. */
export function shorten(text: string, max = TIMELINE_TEXT): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One entry of the timeline: its step and the short label of its button. */
export interface TimelineEntry {
  index: number;
  label: string;
}

/** The page of the timeline that holds step `index` (0-based): steps `from` to `to` (exclusive). */
export function timelinePage(
  model: Pick<ReplayModel, 'steps'>,
  index: number,
): { from: number; to: number; entries: TimelineEntry[] } {
  const total = model.steps.length;
  const from = Math.max(0, Math.floor(Math.min(index, total - 1) / TIMELINE_PAGE) * TIMELINE_PAGE);
  const to = Math.min(total, from + TIMELINE_PAGE);
  const entries: TimelineEntry[] = [];
  for (let j = from; j < to; j++) {
    const st = model.steps[j]!;
    entries.push({ index: j, label: `Step ${j + 1}: ${shorten(st.title)} — ${shorten(st.choice.label)}` });
  }
  return { from, to, entries };
}

/** Build the viewer's model, or the reason the replay does not fit this scenario. */
export function buildReplayModel(
  compiled: CompiledScenario,
  replay: ReplayFile,
): { ok: true; model: ReplayModel } | { ok: false; message: string; step?: number } {
  const check = verifyReplay(compiled, replay);
  if (!check.ok)
    return check.step === undefined
      ? { ok: false, message: check.message }
      : { ok: false, message: check.message, step: check.step };
  const s = compiled.scenario;
  const rules = compiled.rules;
  const advisors = new Map(s.advisors.map((a) => [a.id, a]));
  const title = (id: string) => rules.nodes.get(id)?.node.title ?? rules.endings.get(id)?.title ?? id;
  let before: Record<string, number> = { ...startRun(compiled, replay.seed).meters };
  const steps: ReplayStepView[] = check.run.trail.map((t, index) => {
    const node = rules.nodes.get(t.node)!.node;
    const label = (id: string): NamedChoice => ({ id, label: node.choices.find((c) => c.id === id)?.label ?? id });
    const view: ReplayStepView = {
      index,
      node: t.node,
      title: node.title,
      ...(node.at ? { at: node.at } : {}),
      ...(node.place ? { place: node.place } : {}),
      text: node.text,
      advice: (node.advice ?? []).map((a) => {
        const who = advisors.get(a.advisor);
        return {
          advisor: a.advisor,
          name: who ? `${who.name}, ${who.title}` : a.advisor,
          text: a.text,
          ...(a.recommends ? { recommends: label(a.recommends) } : {}),
          ...(who?.note ? { note: who.note } : {}),
        };
      }),
      choice: label(t.choice),
      timeout: t.timeout,
      ...(t.ms !== undefined ? { ms: t.ms } : {}),
      ...(node.history?.choice ? { historical: label(node.history.choice) } : {}),
      ...(node.history?.text ? { historyText: node.history.text } : {}),
      meters: rules.meters.map((m) => ({
        id: m.id,
        label: m.label,
        before: before[m.id]!,
        after: t.meters[m.id]!,
        min: m.min,
        max: m.max,
        hidden: !!m.hidden,
      })),
      led: { id: t.target, title: title(t.target) },
    };
    before = t.meters;
    return view;
  });
  const ending = check.run.ending;
  return {
    ok: true,
    model: {
      compiled,
      replay,
      steps,
      ...(ending ? { ending } : {}),
      finalMeters: { ...check.run.meters },
      warnings: check.warnings,
    },
  };
}

/**
 * A live run that has replayed the first `steps` steps of a replay with its seed: the player
 * decides next at the node of step `steps + 1` ("Branch from here" at that step).
 */
export function branchRun(compiled: CompiledScenario, replay: ReplayFile, steps: number): Run {
  const run = startRun(compiled, replay.seed);
  for (const step of replay.steps.slice(0, Math.max(0, steps))) {
    if (step.timeout) run.timeout(step.ms);
    else run.choose(step.choice, step.ms);
  }
  return run;
}

/** One row of the side-by-side debrief: the same step index on both paths. */
export interface PathRow {
  /** 1-based step number. */
  step: number;
  /** True while both paths are still the same (the steps replayed before the branch). */
  shared: boolean;
  original?: { node: string; title: string; choice: string; label: string; timeout: boolean };
  branch?: { node: string; title: string; choice: string; label: string; timeout: boolean };
}

/** Both paths, step by step, and where each ended. */
export interface PathComparison {
  rows: PathRow[];
  /** Number of steps replayed from the original before the player took over. */
  branchedAt: number;
  originalEnding?: Ending;
  branchEnding?: Ending;
  originalMeters: Record<string, number>;
  branchMeters: Record<string, number>;
}

/** Compare a replay's path with a branch run made from it. */
export function comparePaths(
  compiled: CompiledScenario,
  replay: ReplayFile,
  branch: Run,
  branchedAt: number,
): PathComparison {
  const rules = compiled.rules;
  const original = verifyReplay(compiled, replay);
  const describe = (s: { node: string; choice: string; timeout?: boolean }) => {
    const node = rules.nodes.get(s.node)?.node;
    return {
      node: s.node,
      title: node?.title ?? s.node,
      choice: s.choice,
      label: node?.choices.find((c) => c.id === s.choice)?.label ?? s.choice,
      timeout: !!s.timeout,
    };
  };
  const rows: PathRow[] = [];
  const n = Math.max(replay.steps.length, branch.trail.length);
  for (let i = 0; i < n; i++) {
    const o = replay.steps[i];
    const b = branch.trail[i];
    rows.push({
      step: i + 1,
      shared: i < branchedAt,
      ...(o ? { original: describe(o) } : {}),
      ...(b ? { branch: describe(b) } : {}),
    });
  }
  const originalEnding = original.ok ? original.run.ending : undefined;
  const branchEnding = branch.ending;
  return {
    rows,
    branchedAt,
    ...(originalEnding ? { originalEnding } : {}),
    ...(branchEnding ? { branchEnding } : {}),
    originalMeters: original.ok ? { ...original.run.meters } : {},
    branchMeters: { ...branch.meters },
  };
}
