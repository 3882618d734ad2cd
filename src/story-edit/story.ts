/**
 * The story as the map shows it, read leniently from the text's data (a draft with errors still
 * has a map): cards for nodes and endings with their marks, arrows for choices, and the edits the
 * map makes (new node or ending where it was dropped, a choice leading to a card, a card moved),
 * each done through StoryText so the rest of the file stays as written.
 */
import { stringify } from 'yaml';
import type { StoryText, TextFormat } from './text-edit.ts';

/** The key a card's place on the map is kept under (x- keys are kept and ignored by the format). */
export const POSITION_KEY = 'x-map';

/** A card on the story map. */
export interface StoryCard {
  id: string;
  kind: 'node' | 'ending';
  /** Index in `nodes` or `endings`. */
  index: number;
  title: string;
  /** The first line of the text. */
  firstLine: string;
  /** Seconds to decide, when the node has a timer. */
  timer?: number;
  /** Whether a choice of this node has a chance branch. */
  chance: boolean;
  tone?: string;
  start: boolean;
  /** Where the teacher put the card (undefined: laid out automatically). */
  pos?: { x: number; y: number };
}

/** An arrow: one choice (or one branch of it) from a node to a card. */
export interface StoryArrow {
  key: string;
  from: string;
  nodeIndex: number;
  choiceIndex: number;
  choiceId: string;
  to: string;
  label: string;
  /** "", "30%", "if …" or "otherwise". */
  note: string;
}

/** The named things a form offers to pick from. */
export interface StoryLists {
  meters: { id: string; label: string }[];
  advisors: { id: string; name: string }[];
  sources: { id: string; title: string }[];
  flags: string[];
}

/** Everything the map draws. */
export interface Story extends StoryLists {
  cards: StoryCard[];
  arrows: StoryArrow[];
  start: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : d);

function posOf(v: unknown): { x: number; y: number } | undefined {
  const p = obj(v);
  return typeof p.x === 'number' && typeof p.y === 'number' && Number.isFinite(p.x) && Number.isFinite(p.y)
    ? { x: p.x, y: p.y }
    : undefined;
}

function firstLine(text: unknown): string {
  return (
    str(text)
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? ''
  );
}

/** Collect the flags a condition or a set/unset list names. */
function flagsIn(v: unknown, out: Set<string>): void {
  if (Array.isArray(v)) for (const x of v) flagsIn(x, out);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'has' || k === 'lacks') && Array.isArray(x)) {
        for (const f of x) if (typeof f === 'string') out.add(f);
      } else if (k === 'all' || k === 'any' || k === 'not') flagsIn(x, out);
    }
}

/** Read the story from a scenario's plain data (anything missing is shown as missing, never refused). */
export function readStory(data: unknown): Story {
  const d = obj(data);
  const start = str(d.start);
  const cards: StoryCard[] = [];
  const arrows: StoryArrow[] = [];
  const flags = new Set<string>();
  list(d.nodes).forEach((raw, index) => {
    const n = obj(raw);
    const id = str(n.id, `(node ${index + 1})`);
    const choices = list(n.choices);
    let chance = false;
    choices.forEach((rawChoice, choiceIndex) => {
      const c = obj(rawChoice);
      for (const f of [...list(c.set), ...list(c.unset)]) if (typeof f === 'string') flags.add(f);
      flagsIn(c.if, flags);
      const base = {
        from: id,
        nodeIndex: index,
        choiceIndex,
        choiceId: str(c.id),
        label: str(c.label, str(c.id, '(no label)')),
      };
      if (Array.isArray(c.next)) {
        c.next.forEach((rawBranch, b) => {
          const br = obj(rawBranch);
          flagsIn(br.if, flags);
          if (typeof br.chance === 'number') chance = true;
          const note =
            typeof br.chance === 'number'
              ? `${Math.round(br.chance * 100)}%`
              : br.if !== undefined
                ? 'if'
                : 'otherwise';
          arrows.push({ ...base, key: `${id}/${choiceIndex}/${b}`, to: str(br.goto), note });
        });
      } else arrows.push({ ...base, key: `${id}/${choiceIndex}`, to: str(c.next), note: '' });
    });
    const timer = typeof n.timeLimit === 'number' ? n.timeLimit : undefined;
    cards.push({
      id,
      kind: 'node',
      index,
      title: str(n.title, '(no title)'),
      firstLine: firstLine(n.text),
      ...(timer !== undefined ? { timer } : {}),
      chance,
      start: id === start,
      ...(posOf(n[POSITION_KEY]) ? { pos: posOf(n[POSITION_KEY])! } : {}),
    });
  });
  list(d.endings).forEach((raw, index) => {
    const e = obj(raw);
    cards.push({
      id: str(e.id, `(ending ${index + 1})`),
      kind: 'ending',
      index,
      title: str(e.title, '(no title)'),
      firstLine: firstLine(e.text),
      chance: false,
      tone: str(e.tone),
      start: false,
      ...(posOf(e[POSITION_KEY]) ? { pos: posOf(e[POSITION_KEY])! } : {}),
    });
  });
  return {
    cards,
    arrows,
    start,
    flags: [...flags].sort(),
    meters: list(d.meters).map((m) => ({ id: str(obj(m).id), label: str(obj(m).label, str(obj(m).id)) })),
    advisors: list(d.advisors).map((a) => ({ id: str(obj(a).id), name: str(obj(a).name, str(obj(a).id)) })),
    sources: list(d.sources).map((s) => ({ id: str(obj(s).id), title: str(obj(s).title, str(obj(s).id)) })),
  };
}

/** An id from a title ("The army moves" → "the-army-moves"), made unique against `taken`. */
export function uniqueId(title: string, taken: Iterable<string>, fallback = 'item'): string {
  const used = new Set(taken);
  const base =
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || fallback;
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

function allIds(story: Story): string[] {
  return story.cards.map((c) => c.id);
}

/** Add a decision node at a place on the map; returns its id. It starts with no choice (the checker says so). */
export function addNode(edit: StoryText, story: Story, at: { x: number; y: number }, title = 'New decision'): string {
  const id = uniqueId(title, allIds(story), 'node');
  edit.insert(['nodes'], {
    id,
    title,
    text: 'What is happening.',
    choices: [],
    [POSITION_KEY]: { x: Math.round(at.x), y: Math.round(at.y) },
  });
  return id;
}

/** Add an ending at a place on the map; returns its id. */
export function addEnding(edit: StoryText, story: Story, at: { x: number; y: number }, title = 'New ending'): string {
  const id = uniqueId(title, allIds(story), 'ending');
  edit.insert(['endings'], {
    id,
    title,
    tone: 'mixed',
    text: 'What became of it.',
    [POSITION_KEY]: { x: Math.round(at.x), y: Math.round(at.y) },
  });
  return id;
}

/** Add a choice to a node that leads to a card; returns the choice's index. */
export function addChoice(edit: StoryText, story: Story, nodeIndex: number, to: string): number {
  const target = story.cards.find((c) => c.id === to);
  const taken = story.arrows.filter((a) => a.nodeIndex === nodeIndex).map((a) => a.choiceId);
  const label = target ? goToLabel(target.title) : 'A new choice';
  const id = uniqueId(target ? `to-${target.id}` : 'choice', taken, 'choice');
  const count = new Set(story.arrows.filter((a) => a.nodeIndex === nodeIndex).map((a) => a.choiceIndex)).size;
  edit.insert(['nodes', nodeIndex, 'choices'], { id, label, next: to });
  return count;
}

/** Keep a card where the teacher dropped it. */
export function moveCard(edit: StoryText, card: Pick<StoryCard, 'kind' | 'index'>, at: { x: number; y: number }): void {
  edit.set([card.kind === 'node' ? 'nodes' : 'endings', card.index, POSITION_KEY], {
    x: Math.round(at.x),
    y: Math.round(at.y),
  });
}

/** Remove a card: a node or an ending (arrows that led to it become problems the checker shows). */
export function removeCard(edit: StoryText, card: Pick<StoryCard, 'kind' | 'index'>): void {
  edit.remove([card.kind === 'node' ? 'nodes' : 'endings', card.index]);
}

/** What the quick start asks. */
export interface QuickStart {
  crisis: string;
  role: string;
  meters: string[];
  advisors: { name: string; title: string }[];
}

/**
 * A first scenario from the quick start: one decision with three choices, each leading to its own
 * ending (good, mixed, bad), every meter moved and every advisor speaking, cards placed on the
 * map. It plays as it is; the teacher rewrites the words.
 */
export function quickStartText(q: QuickStart, format: TextFormat = 'yaml'): string {
  const meters = q.meters.map((m) => m.trim()).filter(Boolean);
  const advisors = q.advisors.filter((a) => a.name.trim());
  const meterIds: string[] = [];
  const meterList = meters.map((label) => {
    const id = uniqueId(label, meterIds, 'meter');
    meterIds.push(id);
    return { id, label, start: 50 };
  });
  const advisorIds: string[] = [];
  const advisorList = advisors.map((a) => {
    const id = uniqueId(a.name, advisorIds, 'advisor');
    advisorIds.push(id);
    return { id, name: a.name.trim(), title: a.title.trim() || 'Advisor' };
  });
  const crisis = q.crisis.trim() || 'A new crisis';
  const effects = (sign: number) => Object.fromEntries(meterList.map((m, i) => [m.id, sign * (10 - i * 2 || 5)]));
  const choices = [
    { id: 'act', label: 'Act at once', effects: effects(1), next: 'good-end' },
    {
      id: 'talk',
      label: 'Talk first',
      effects: Object.fromEntries(meterList.map((m) => [m.id, 2])),
      next: 'mixed-end',
    },
    { id: 'wait', label: 'Wait and see', effects: effects(-1), next: 'bad-end' },
  ];
  const picks = ['act', 'talk', 'wait'];
  const data = {
    format: 'crisis-room/1',
    id: uniqueId(crisis, [], 'my-scenario'),
    title: crisis,
    version: '1.0.0',
    language: 'en',
    role: q.role.trim() || 'You are in charge.',
    summary: `${crisis}: what will you decide?`,
    meters: meterList,
    advisors: advisorList,
    start: 'first',
    nodes: [
      {
        id: 'first',
        title: 'The first decision',
        text: `${crisis}. What is happening, in a few sentences.`,
        advice: advisorList.map((a, i) => ({
          advisor: a.id,
          text: 'What I would do, and why.',
          recommends: picks[i % picks.length],
        })),
        choices,
        [POSITION_KEY]: { x: 300, y: 40 },
      },
    ],
    endings: [
      {
        id: 'good-end',
        title: 'It ends well',
        tone: 'good',
        text: 'What became of it.',
        [POSITION_KEY]: { x: 60, y: 260 },
      },
      {
        id: 'mixed-end',
        title: 'A mixed outcome',
        tone: 'mixed',
        text: 'What became of it.',
        [POSITION_KEY]: { x: 300, y: 260 },
      },
      {
        id: 'bad-end',
        title: 'It ends badly',
        tone: 'bad',
        text: 'What became of it.',
        [POSITION_KEY]: { x: 540, y: 260 },
      },
    ],
  };
  if (format === 'json') return `${JSON.stringify(data, null, 2)}\n`;
  return stringify(data, { lineWidth: 0 });
}

/** The kinds of id a teacher can rename from a form. */
export type IdKind = 'card' | 'meter' | 'advisor' | 'source' | 'flag';

/** The edits renaming and deleting make (StoryText has them all). */
export interface IdEdit {
  get(path: readonly (string | number)[]): unknown;
  set(path: readonly (string | number)[], value: unknown): unknown;
  remove(path: readonly (string | number)[]): unknown;
  renameKey(path: readonly (string | number)[], from: string, to: string): unknown;
}

const COND_WORDS = new Set(['has', 'lacks', 'all', 'any', 'not']);

/** The ids of one kind in use, each with what it names ("decision "The dam"", "meter "Budget""). */
export function idsInUse(data: unknown, kind: IdKind): Map<string, string> {
  const d = obj(data);
  const out = new Map<string, string>();
  const add = (items: unknown, what: string, name: string) =>
    list(items).forEach((x) => {
      const o = obj(x);
      if (typeof o.id === 'string') out.set(o.id, `${what} "${str(o[name], o.id)}"`);
    });
  if (kind === 'card') {
    add(d.nodes, 'the decision', 'title');
    add(d.endings, 'the ending', 'title');
  } else if (kind === 'meter') add(d.meters, 'the meter', 'label');
  else if (kind === 'advisor') add(d.advisors, 'the advisor', 'name');
  else if (kind === 'source') add(d.sources, 'the source', 'title');
  else for (const f of readStory(data).flags) out.set(f, `the flag "${f}"`);
  return out;
}

/** Why `to` cannot be the new id (empty, or taken), or undefined when it can. */
export function renameRefusal(data: unknown, kind: IdKind, from: string, to: string): string | undefined {
  if (!to.trim()) return 'An id cannot be empty.';
  if (to === from) return undefined;
  const taken = idsInUse(data, kind).get(to);
  return taken ? `The id "${to}" is already used by ${taken}: pick another one.` : undefined;
}

/**
 * Rename an id and every reference to it: a card's id in `start`, `next`, branches' `goto` and
 * meters' `onMin`/`onMax`; a meter's in `effects` and conditions (its keys renamed in place); an
 * advisor's in advice; a source's in history's `sources`; a flag in `set`, `unset`, `has` and
 * `lacks`. Only those characters change. Returns the number of places changed.
 */
export function renameId(edit: IdEdit, kind: IdKind, from: string, to: string): number {
  if (from === to) return 0;
  const values: (string | number)[][] = [];
  const keys: { path: (string | number)[] }[] = [];
  const visit = (v: unknown, path: (string | number)[], key: string | number | undefined, cond: boolean): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        if (x === from) {
          const isSource = kind === 'source' && key === 'sources';
          const isFlag =
            kind === 'flag' && (key === 'set' || key === 'unset' || (cond && (key === 'has' || key === 'lacks')));
          if (isSource || isFlag) values.push([...path, i]);
        } else visit(x, [...path, i], key, cond);
      });
      return;
    }
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      const p = [...path, k];
      const own = k === 'id' && path.length === 2;
      if (x === from) {
        const hit =
          kind === 'card'
            ? k === 'next' ||
              k === 'goto' ||
              (path.length === 0 && k === 'start') ||
              (path[0] === 'meters' && (k === 'onMin' || k === 'onMax')) ||
              (own && (path[0] === 'nodes' || path[0] === 'endings'))
            : kind === 'meter'
              ? own && path[0] === 'meters'
              : kind === 'advisor'
                ? k === 'advisor' || (own && path[0] === 'advisors')
                : kind === 'source'
                  ? own && path[0] === 'sources'
                  : false;
        if (hit) values.push(p);
      }
      if (kind === 'meter' && k === from && (key === 'effects' || (cond && !COND_WORDS.has(k)))) keys.push({ path });
      visit(x, p, k, cond || k === 'if');
    }
  };
  visit(edit.get([]), [], undefined, false);
  for (const p of values) edit.set(p, to);
  for (const k of keys) edit.renameKey(k.path, from, to);
  return values.length + keys.length;
}

/** A choice (or some of its branches) that leads to a card. */
export interface LeadingChoice {
  node: number;
  choice: number;
  /** Branches leading there (undefined: the choice's own `next`). */
  branches?: number[];
  label: string;
  from: string;
}

/** The choices of other decisions that lead to a card (what deleting it would leave pointing nowhere). */
export function choicesLeadingTo(data: unknown, id: string, except?: number): LeadingChoice[] {
  const out: LeadingChoice[] = [];
  list(obj(data).nodes).forEach((rawNode, node) => {
    if (node === except) return;
    const n = obj(rawNode);
    list(n.choices).forEach((raw, choice) => {
      const c = obj(raw);
      const base = { node, choice, label: str(c.label, str(c.id)), from: str(n.title, str(n.id)) };
      if (c.next === id) out.push(base);
      else if (Array.isArray(c.next)) {
        const branches = c.next.flatMap((b, i) => (obj(b).goto === id ? [i] : []));
        if (branches.length) out.push({ ...base, branches });
      }
    });
  });
  return out;
}

/**
 * Delete a card and the choices that led to it (a branch leading there is removed from its choice;
 * a choice left with one branch leads plainly where that branch did; a choice whose every branch
 * led there goes). What named a removed choice in its decision (a recommendation, the timer's
 * choice and its timer, history's choice) goes with it, as does a meter's `onMin`/`onMax` to the
 * card. Returns the number of choices removed or changed.
 */
export function deleteCard(edit: IdEdit, card: Pick<StoryCard, 'kind' | 'index'>): number {
  const data = edit.get([]);
  const d = obj(data);
  const listKey = card.kind === 'node' ? 'nodes' : 'endings';
  const id = str(obj(list(d[listKey])[card.index]).id);
  const leading = id ? choicesLeadingTo(data, id, card.kind === 'node' ? card.index : undefined) : [];
  // Last choices first, so the indexes of the rest stay right.
  const ordered = [...leading].sort((a, b) => b.node - a.node || b.choice - a.choice);
  for (const l of ordered) {
    const path = ['nodes', l.node, 'choices', l.choice];
    const next = list(obj(edit.get(path)).next);
    const left = l.branches ? next.filter((_, i) => !l.branches!.includes(i)) : [];
    if (l.branches && left.length > 1) {
      for (const b of [...l.branches].sort((x, y) => y - x)) edit.remove([...path, 'next', b]);
      continue;
    }
    if (l.branches && left.length === 1) {
      edit.set([...path, 'next'], str(obj(left[0]).goto));
      continue;
    }
    const choiceId = str(obj(edit.get(path)).id);
    const nodePath = ['nodes', l.node];
    const n = obj(edit.get(nodePath));
    if (list(n.choices).length === 1) edit.set([...nodePath, 'choices'], []);
    else edit.remove(path);
    if (!choiceId) continue;
    if (n.onTimeout === choiceId) {
      edit.remove([...nodePath, 'onTimeout']);
      edit.remove([...nodePath, 'timeLimit']);
    }
    list(n.advice).forEach((a, i) => {
      if (obj(a).recommends === choiceId) edit.remove([...nodePath, 'advice', i, 'recommends']);
    });
    if (obj(n.history).choice === choiceId) edit.remove([...nodePath, 'history', 'choice']);
  }
  list(d.meters).forEach((m, i) => {
    for (const k of ['onMin', 'onMax'] as const) if (obj(m)[k] === id) edit.remove(['meters', i, k]);
  });
  edit.remove([listKey, card.index]);
  return leading.length;
}

/** The label a choice drawn on the map gets: it follows the card's title until the teacher writes their own. */
export function goToLabel(title: string): string {
  return `Go to: ${title}`;
}

/** A card's title changed: the labels still "Go to: {old title}" of choices leading there follow it. */
export function followTitle(edit: IdEdit, id: string, oldTitle: string, newTitle: string): void {
  const old = goToLabel(oldTitle);
  list(obj(edit.get([])).nodes).forEach((n, i) =>
    list(obj(n).choices).forEach((c, k) => {
      const o = obj(c);
      if (o.label === old && (o.next === id || (Array.isArray(o.next) && o.next.some((b) => obj(b).goto === id))))
        edit.set(['nodes', i, 'choices', k, 'label'], goToLabel(newTitle));
    }),
  );
}
