/**
 * What the canvas and the DOM mirror both show, computed once: the key letter of each advisor, the
 * advice on view and the choice it backs, and the debrief's rows of "your choice" beside the
 * historical one, and every meter's values over the run (the debrief chart). The two views differ
 * in how they draw, never in what they say.
 */
import type { TrailStep } from '../engine/machine.ts';
import { initialMeters, shownNews } from '../engine/rules.ts';
import type { Run } from '../engine/run.ts';
import type { Advisor, Choice, NewsItem, ScenarioNode } from '../scenario/schema.ts';

/** The keys that select advisors, in seating order (A–L). */
export const ADVISOR_KEYS = 'ABCDEFGHIJKL';

/** The key letter of the i-th advisor, or undefined past the twelfth. */
export function advisorKey(i: number): string | undefined {
  return i < ADVISOR_KEYS.length ? ADVISOR_KEYS[i] : undefined;
}

/** The advice an advisor gives at a node, and the choice it backs (if any, and whether it is on offer). */
export interface AdviceView {
  advisor: Advisor;
  /** The advice's words, or undefined when the advisor says nothing here. */
  text: string | undefined;
  backs: Choice | undefined;
  /** Whether the backed choice is among the choices shown now. */
  backsAvailable: boolean;
}

/** The advice view for an advisor at a node, or undefined for an unknown advisor. */
export function adviceView(run: Run, node: ScenarioNode, advisorId: string | undefined): AdviceView | undefined {
  const advisor = run.compiled.scenario.advisors.find((a) => a.id === advisorId);
  if (!advisor) return undefined;
  const advice = node.advice?.find((a) => a.advisor === advisor.id);
  const backs = advice?.recommends ? node.choices.find((c) => c.id === advice.recommends) : undefined;
  const backsAvailable = !!backs && run.node?.id === node.id && run.visibleChoices().some((c) => c.id === backs.id);
  return { advisor, text: advice?.text, backs, backsAvailable };
}

/** One decision of a run, beside history. */
export interface DecisionRow {
  /** 1-based step number. */
  step: number;
  node: ScenarioNode | undefined;
  title: string;
  /** The label of the choice taken. */
  mine: string;
  timeout: boolean;
  /** The historical choice's label, or undefined when not recorded. */
  historical: string | undefined;
  /** Whether the player chose as history did. */
  same: boolean;
  /** What really happened at this decision, or undefined when the file does not say. */
  history: string | undefined;
  /** The works the history cites, in the file's order (an unknown id stands as its title). */
  sources: SourceView[];
  /**
   * Where chance took this step, beside where it went in history: only when the choice taken has
   * a chance branch and one branch is marked `history: true` (titles of the node or ending).
   */
  chance?: { went: string; history: string };
}

/** A cited work as the debrief shows it: title, "publisher, date", and the link when the file gives one. */
export interface SourceView {
  title: string;
  /** "Publisher, date" (either may be missing), or '' when neither is given. */
  meta: string;
  url: string | undefined;
}

/** One line naming a cited work: "Title — Publisher, date — https://…". */
export function sourceLine(src: SourceView): string {
  return [src.title, src.meta, src.url].filter(Boolean).join(' — ');
}

/** The cited works of a history's `sources` ids, looked up in the scenario's sources list. */
export function sourceViews(run: Run, ids: readonly string[] | undefined): SourceView[] {
  const known = new Map((run.compiled.scenario.sources ?? []).map((x) => [x.id, x]));
  return (ids ?? []).map((id) => {
    const src = known.get(id);
    if (!src) return { title: id, meta: '', url: undefined };
    return { title: src.title, meta: [src.publisher, src.date].filter(Boolean).join(', '), url: src.url };
  });
}

/** The title of a node or an ending (its id when neither has it). */
function placeTitle(run: Run, id: string): string {
  const rules = run.compiled.rules;
  return rules.nodes.get(id)?.node.title ?? rules.endings.get(id)?.title ?? id;
}

/** The debrief's rows: every decision of the run, the player's choice beside the historical one. */
export function decisionRows(run: Run): DecisionRow[] {
  return run.trail.map((t, i) => {
    const node = run.compiled.rules.nodes.get(t.node)?.node;
    const mine = node?.choices.find((c) => c.id === t.choice);
    const hist = node?.history?.choice ? node.choices.find((c) => c.id === node.history!.choice) : undefined;
    return {
      step: i + 1,
      node,
      title: node?.title ?? t.node,
      mine: mine?.label ?? t.choice,
      timeout: !!t.timeout,
      historical: hist?.label,
      same: !!hist && hist.id === t.choice,
      history: node?.history?.text,
      sources: sourceViews(run, node?.history?.sources),
      ...chanceOf(run, mine, t.target),
    };
  });
}

/**
 * A node's headlines as it opened in this run (each item's `if` tested on the state then): while
 * the node is open, the state now; once `taken` (the step chosen there) is known, the state before it.
 */
export function nodeHeadlines(run: Run, node: ScenarioNode, taken?: TrailStep): NewsItem[] {
  if (!taken) return shownNews(node.news, run.meters, run.flags);
  const trail = run.trail;
  const i = trail.indexOf(taken);
  const prev = i > 0 ? trail[i - 1] : undefined;
  return shownNews(node.news, prev?.meters ?? initialMeters(run.compiled.rules), prev?.flags ?? []);
}

/** A choice's headlines as its outcome shows: each item's `if` tested on the state after the step. */
export function outcomeHeadlines(choice: Choice, taken: TrailStep): NewsItem[] {
  return shownNews(choice.news, taken.meters, taken.flags);
}

/** Where chance took a step and where history went, when the choice's branches say (see DecisionRow). */
function chanceOf(run: Run, choice: Choice | undefined, target: string): Pick<DecisionRow, 'chance'> {
  const next = choice?.next;
  if (!Array.isArray(next) || !next.some((b) => b.chance !== undefined)) return {};
  const historical = next.find((b) => b.history);
  return historical ? { chance: { went: placeTitle(run, target), history: placeTitle(run, historical.goto) } } : {};
}

/** One line of the chart: a meter's value at the start and after each step. */
export interface MeterSeries {
  id: string;
  label: string;
  hidden: boolean;
  min: number;
  max: number;
  values: number[];
}

/** Every meter's values over the run (start, then after each step). */
export function meterSeries(run: Run): MeterSeries[] {
  const start = run.compiled.rules.meters;
  return start.map((m) => ({
    id: m.id,
    label: m.label,
    hidden: !!m.hidden,
    min: m.min,
    max: m.max,
    values: [m.start, ...run.trail.map((t) => t.meters[m.id] ?? m.start)],
  }));
}

/** Distinct line colours that read on the dark background. */
export const SERIES_COLORS = [
  '#f2c14e',
  '#5dade2',
  '#58d68d',
  '#ec7063',
  '#af7ac5',
  '#f0b27a',
  '#48c9b0',
  '#f7dc6f',
  '#85c1e9',
  '#d98880',
  '#a9dfbf',
  '#d7bde2',
];

/** What the outcome says when the file gives a choice no outcome text and no headlines. */
export function untoldOutcome(changed: boolean): string {
  return changed
    ? 'Nothing more is told about this choice: the meters show what it changed.'
    : 'Nothing more is told about this choice: the meters stay as they were.';
}
