/**
 * The `crisis-room/1` scenario schema (docs/scenario-format.md) as zod 4 schemas.
 * One source of truth: the TypeScript types and the published JSON Schema are derived from here.
 * Cross-references, duplicates and reachability are checked in validate.ts, not here.
 */
import { z } from 'zod';

import { CONDITION_PATTERN, FORMAT, ID_PATTERN, LIMITS, LINKABLE_URL, REPLAY_FORMAT } from './format.ts';

// The constants live in format.ts (no zod there, so the engine and the game can import them cheaply).
export { CONDITION_PATTERN, FORMAT, ID_PATTERN, LIMITS, LINKABLE_URL, REPLAY_FORMAT };

// Zod's JIT probes `new Function`, which the page's Content-Security-Policy forbids (a console
// violation on every start): validate without it.
z.config({ jitless: true });

/** The teachers' reference of the format, in the repository, named in every schema description. */
export const FORMAT_REFERENCE = 'docs/scenario-format.md';

/** A schema description that ends with where the format reference explains it. */
function docs(text: string, anchor: string): string {
  return `${text} See ${FORMAT_REFERENCE}#${anchor}`;
}

const DATE_PATTERN = /^\d{4}(-\d{2}(-\d{2}([T ]\d{2}(:\d{2}(:\d{2}([.,]\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?)?)?$/;
const SEMVER_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
// A language (ISO 639: 2-3 letters) with any subtags, or a whole private-use (`x-…`) or
// grandfathered `i-…` tag, as RFC 5646 allows. A word like "english" stays refused: no such
// language subtag is registered, and it is the mistake teachers make.
const BCP47_PATTERN = /^(?:[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*|[xXiI](?:-[A-Za-z0-9]{1,8})+)$/;
const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;

const id = (what: string) =>
  z.string({ error: `${what} must be a string` }).regex(ID_PATTERN, {
    error: `${what} must match ^[a-z0-9][a-z0-9_-]{0,63}$ (lower-case letters, digits, '-' and '_', at most 64 characters)`,
  });
const text = (what: string) =>
  z
    .string({ error: `${what} must be a text (a string)` })
    .min(1, { error: `${what} must not be empty` })
    .max(LIMITS.textChars, { error: `${what} is longer than ${LIMITS.textChars} characters` });
const optText = (what: string) =>
  z
    .string({ error: `${what} must be a text (a string)` })
    .max(LIMITS.textChars, { error: `${what} is longer than ${LIMITS.textChars} characters` });
const int = (what: string) =>
  z.number({ error: `${what} must be a whole number` }).int({ error: `${what} must be a whole number` });
const idList = (what: string) => z.array(id(what), { error: `${what} must be a list of ids` });

export const SourceSchema = z.strictObject({
  id: id('source id'),
  title: text('source title'),
  publisher: optText('publisher').optional(),
  date: optText('date').optional(),
  // Any text is accepted; the game links only http(s) addresses and shows others as plain text.
  url: optText('url').optional(),
});

export const MeterSchema = z.strictObject({
  id: id('meter id'),
  label: text('meter label'),
  description: optText('description').optional(),
  min: int('min').optional(),
  max: int('max').optional(),
  start: int('start'),
  higherIsBetter: z.boolean({ error: 'higherIsBetter must be true or false' }).optional(),
  hidden: z.boolean({ error: 'hidden must be true or false' }).optional(),
  onMin: id('onMin').optional(),
  onMax: id('onMax').optional(),
});

export const AdvisorSchema = z.strictObject({
  id: id('advisor id'),
  name: text('advisor name'),
  title: text('advisor title'),
  stance: optText('stance').optional(),
  color: z
    .string({ error: 'color must be a string' })
    .regex(COLOR_PATTERN, { error: 'color must be #rrggbb, for example "#b03a2e"' })
    .optional(),
  note: optText('note').optional(),
  // Third revision: the private role card of a seat's holder in a live class; shown on the
  // briefing's advisors page in solo play.
  brief: optText('brief').optional(),
});

export const AdviceSchema = z.strictObject({
  advisor: id('advisor'),
  text: text('advice text'),
  recommends: id('recommends').optional(),
});

/** A condition: a map whose keys all must hold. Meter keys take "<op> <integer>". */
export interface Condition {
  has?: string[];
  lacks?: string[];
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
  [meterId: string]: string | string[] | Condition | Condition[] | undefined;
}

export const ConditionSchema: z.ZodType<Condition> = z
  .strictObject({
    has: idList('has').optional(),
    lacks: idList('lacks').optional(),
    get all() {
      return z.array(ConditionSchema, { error: 'all must be a list of conditions' }).optional();
    },
    get any() {
      return z.array(ConditionSchema, { error: 'any must be a list of conditions' }).optional();
    },
    get not() {
      return ConditionSchema.optional();
    },
  })
  .catchall(
    z.string({ error: 'a meter test must be a string like ">= 60"' }).regex(CONDITION_PATTERN, {
      error: 'a meter test must be "<op> <integer>" with op one of < <= > >= == != (for example ">= 60")',
    }),
  )
  .meta({
    id: 'Condition',
    description: 'All keys must hold: meter tests "<op> <integer>", has, lacks, all, any, not.',
  }) as unknown as z.ZodType<Condition>;

export const NewsSchema = z.strictObject({
  source: text('news source'),
  text: text('news text'),
  // Third revision: shown only when the condition holds as its node opens or its outcome shows.
  if: ConditionSchema.optional(),
});

export const BranchSchema = z.strictObject({
  if: ConditionSchema.optional(),
  chance: z
    .number({ error: 'chance must be a number from 0 to 1' })
    .min(0, { error: 'chance must be from 0 to 1' })
    .max(1, { error: 'chance must be from 0 to 1' })
    .optional(),
  goto: id('goto'),
  // Third revision: this branch's outcome is what really happened (at most one branch of a list).
  history: z.boolean({ error: 'history on a branch must be true or false' }).optional(),
});

export const NextSchema = z.union(
  [id('next'), z.array(BranchSchema).min(1, { error: 'a branch list needs at least one branch' })],
  {
    error: 'next must be a node or ending id, or a list of branches ({ if, chance, goto })',
  },
);

export const ChoiceSchema = z.strictObject({
  id: id('choice id'),
  label: text('choice label'),
  detail: optText('detail').optional(),
  if: ConditionSchema.optional(),
  effects: z.record(z.string(), int('an effect')).optional(),
  set: idList('set').optional(),
  unset: idList('unset').optional(),
  outcome: optText('outcome').optional(),
  news: z.array(NewsSchema, { error: 'news must be a list of { source, text, if }' }).optional(),
  next: NextSchema,
});

export const NodeHistorySchema = z.strictObject({
  choice: id('history.choice').optional(),
  text: text('history text'),
  sources: idList('sources').optional(),
});

export const EndingHistorySchema = z.strictObject({
  text: text('history text'),
  sources: idList('sources').optional(),
});

export const NodeSchema = z.strictObject({
  id: id('node id'),
  at: z
    .string({ error: 'at must be a string' })
    .regex(DATE_PATTERN, { error: 'at must be an ISO 8601 date or date-time, for example "2022-01-02T10:00+06:00"' })
    .optional(),
  place: optText('place').optional(),
  title: text('node title'),
  text: text('node text'),
  news: z.array(NewsSchema, { error: 'news must be a list of { source, text, if }' }).optional(),
  advice: z.array(AdviceSchema, { error: 'advice must be a list of { advisor, text }' }).optional(),
  timeLimit: int('timeLimit')
    .min(5, { error: 'timeLimit must be a whole number of seconds from 5 to 3600' })
    .max(3600, { error: 'timeLimit must be a whole number of seconds from 5 to 3600' })
    .optional(),
  onTimeout: id('onTimeout').optional(),
  choices: z
    .array(ChoiceSchema, { error: 'choices must be a list' })
    .min(1, { error: 'a node needs at least one choice' })
    .max(LIMITS.choicesPerNode, { error: `a node has at most ${LIMITS.choicesPerNode} choices` }),
  history: NodeHistorySchema.optional(),
});

export const EndingSchema = z.strictObject({
  id: id('ending id'),
  title: text('ending title'),
  tone: z.enum(['good', 'mixed', 'bad'], { error: 'tone must be good, mixed or bad' }),
  text: text('ending text'),
  history: EndingHistorySchema.optional(),
});

export const ScenarioSchema = z.strictObject({
  format: z.literal(FORMAT, { error: `format must be exactly "${FORMAT}"` }),
  id: id('id'),
  title: text('title'),
  version: z
    .string({ error: 'version must be a semver string like "1.0.0"' })
    .regex(SEMVER_PATTERN, { error: 'version must be semver, like 1.0.0' }),
  language: z
    .string({ error: 'language must be a BCP 47 tag like "en"' })
    .regex(BCP47_PATTERN, { error: 'language must be a BCP 47 tag like "en" or "en-GB"' }),
  role: text('role'),
  summary: text('summary'),
  author: optText('author').optional(),
  learningGoals: z.array(text('a learning goal'), { error: 'learningGoals must be a list of texts' }).optional(),
  sources: z.array(SourceSchema, { error: 'sources must be a list' }).optional(),
  meters: z
    .array(MeterSchema, { error: 'meters must be a list' })
    .min(1, { error: 'a scenario needs at least one meter' })
    .max(LIMITS.meters, { error: `a scenario has at most ${LIMITS.meters} meters` }),
  advisors: z
    .array(AdvisorSchema, { error: 'advisors must be a list' })
    .min(1, { error: 'a scenario needs at least one advisor' })
    .max(LIMITS.advisors, { error: `a scenario has at most ${LIMITS.advisors} advisors` }),
  start: id('start'),
  nodes: z
    .array(NodeSchema, { error: 'nodes must be a list' })
    .min(1, { error: 'a scenario needs at least one node' })
    .max(LIMITS.nodes, { error: `a scenario has at most ${LIMITS.nodes} nodes` }),
  endings: z
    .array(EndingSchema, { error: 'endings must be a list' })
    .min(1, { error: 'a scenario needs at least one ending' }),
});

export type Scenario = z.infer<typeof ScenarioSchema>;
export type Meter = z.infer<typeof MeterSchema>;
export type Advisor = z.infer<typeof AdvisorSchema>;
export type ScenarioNode = z.infer<typeof NodeSchema>;
export type Choice = z.infer<typeof ChoiceSchema>;
export type Branch = z.infer<typeof BranchSchema>;
export type Next = z.infer<typeof NextSchema>;
export type Ending = z.infer<typeof EndingSchema>;
export type NewsItem = z.infer<typeof NewsSchema>;
export type Advice = z.infer<typeof AdviceSchema>;
export type Source = z.infer<typeof SourceSchema>;

export const ReplayStepSchema = z.strictObject({
  node: id('step node'),
  choice: id('step choice'),
  timeout: z.boolean({ error: 'timeout must be true or false' }).optional(),
  ms: z.number({ error: 'ms must be a number' }).min(0, { error: 'ms must not be negative' }).optional(),
});

export const ReplaySchema = z.strictObject({
  format: z.literal(REPLAY_FORMAT, { error: `format must be exactly "${REPLAY_FORMAT}"` }),
  scenario: z.strictObject({
    id: id('scenario id'),
    version: z.string({ error: 'scenario.version must be a string' }),
    sha256: z
      .string({ error: 'scenario.sha256 must be a string' })
      .regex(/^[0-9a-f]{64}$/, { error: 'scenario.sha256 must be 64 lower-case hex digits' }),
  }),
  seed: int('seed')
    .min(0, { error: 'seed must be from 0 to 4294967295' })
    .max(4294967295, { error: 'seed must be from 0 to 4294967295' }),
  steps: z
    .array(ReplayStepSchema, { error: 'steps must be a list' })
    .max(LIMITS.replaySteps, { error: `a replay has at most ${LIMITS.replaySteps} steps` }),
  ending: id('ending').optional(),
  player: z
    .string({ error: 'player must be a string' })
    .max(200, { error: 'player is at most 200 characters' })
    .optional(),
});

export type ReplayFile = z.infer<typeof ReplaySchema>;
export type ReplayStep = z.infer<typeof ReplayStepSchema>;

// Descriptions for the published JSON Schema (hover help in editors), each naming where the format
// reference explains it. Registered on the schemas themselves, so every place that uses one has it.
for (const [schema, text, anchor] of [
  [SourceSchema, 'A work cited by id in any sources list: id, title, publisher, date, url.', 'sources'],
  [
    MeterSchema,
    'A number the player watches: id, label, start (required), min, max, higherIsBetter, hidden, onMin, onMax.',
    'meters',
  ],
  [
    AdvisorSchema,
    'A person at the table: id, name, title (required), stance, color, note, brief (the private role card of a live-class seat).',
    'advisors',
  ],
  [
    NewsSchema,
    'A headline: source and text, and optionally if: a condition that must hold when its node opens (or its outcome shows).',
    'nodes-the-decisions',
  ],
  [
    AdviceSchema,
    'What one advisor says at this node: advisor, text, and optionally the choice they recommend.',
    'nodes-the-decisions',
  ],
  [
    BranchSchema,
    'One branch of a next list: goto, with an optional if and chance (the last branch has neither), and history: true on the branch that really happened.',
    'branching-next',
  ],
  [ChoiceSchema, 'One choice: id, label, next (required), detail, if, effects, set, unset, outcome, news.', 'choices'],
  [NodeHistorySchema, 'What really happened at this point: text, the matching choice, sources.', 'nodes-the-decisions'],
  [EndingHistorySchema, 'How this ending compares with what really happened: text and sources.', 'endings'],
  [
    NodeSchema,
    'A decision: id, title, text, choices (required), at, place, news, advice, timeLimit with onTimeout, history.',
    'nodes-the-decisions',
  ],
  [EndingSchema, 'An ending: id, title, tone (good, mixed or bad), text, history.', 'endings'],
  [ScenarioSchema, 'A Crisis Room scenario file (crisis-room/1).', 'the-top-of-the-file'],
  [
    ReplaySchema,
    'A Crisis Room replay file (crisis-room-replay/1): the seed and every choice of one game.',
    'replay-files-crisis-room-replay1',
  ],
] as const)
  z.globalRegistry.add(schema, { description: docs(text, anchor) });
