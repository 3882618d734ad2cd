/**
 * Validation of a scenario file against the contract: syntax, schema (unknown keys refused except
 * `x-`), limits, duplicate ids, cross-references, condition strings and branch lists.
 * Reachability (traps, stuck nodes, unreachable nodes) needs the rules and lives in analysis/check.ts.
 */
import type { z } from 'zod';
import { LIMITS, ScenarioSchema, type Condition, type Scenario } from './schema.ts';
import { readSource, type DataPath, type SourceFile } from './source.ts';
import type { Diagnostic, RuleId, Severity } from './diagnostics.ts';
import { canonicalSha256 } from './canonical.ts';

/** A scenario that passed validation (it may still carry warnings). */
export interface LoadedScenario {
  scenario: Scenario;
  /** sha256 over the canonical JSON of the parsed data (computed on first read). */
  readonly sha256: string;
  source: SourceFile;
}

/** Recursively drop keys that start with `x-` (authors' own notes), keeping everything else. */
export function stripExtensions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripExtensions);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    // defineProperty, not assignment: a "__proto__" key must stay an own key (and be refused as unknown), not become the prototype.
    for (const [k, v] of Object.entries(value))
      if (!k.startsWith('x-'))
        Object.defineProperty(out, k, {
          value: stripExtensions(v),
          enumerable: true,
          writable: true,
          configurable: true,
        });
    return out;
  }
  return value;
}

const ID_KEYS = new Set([
  'id',
  'start',
  'next',
  'goto',
  'onMin',
  'onMax',
  'onTimeout',
  'recommends',
  'advisor',
  'choice',
]);
const ID_LISTS = new Set(['has', 'lacks', 'set', 'unset', 'sources']);
const LIMIT_RULES: Record<string, RuleId> = {
  nodes: 'limit-nodes',
  choices: 'limit-choices',
  meters: 'limit-meters',
  advisors: 'limit-advisors',
};

/** Every key of every map in a zod schema (walking lists, unions, records and getters), found once. */
export function schemaKeys(schema: z.ZodType): Set<string> {
  const keys = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (t: unknown): void => {
    if (!t || seen.has(t)) return;
    seen.add(t);
    const def = (t as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return;
    switch (def.type) {
      case 'object':
        // Keys defined by getters (recursive conditions) are read here, after the schema is built.
        for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) {
          keys.add(k);
          walk(v);
        }
        walk(def.catchall);
        break;
      case 'array':
        walk(def.element);
        break;
      case 'union':
        (def.options as unknown[]).forEach(walk);
        break;
      case 'record':
        walk(def.valueType);
        break;
      case 'lazy':
        walk((def.getter as () => unknown)());
        break;
      case 'pipe':
        walk(def.in);
        walk(def.out);
        break;
      default:
        walk(def.innerType);
    }
  };
  walk(schema);
  return keys;
}

// The keys of the format, for "did you mean" hints: derived from the schema when first needed.
let knownKeys: Set<string> | undefined;

function editDistance(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

/** The closest known key name, for "did you mean" hints on typos. */
export function suggestKey(key: string): string | undefined {
  knownKeys ??= schemaKeys(ScenarioSchema);
  return closestKey(key, knownKeys);
}

/** The key of `keys` within two edits of `key`, the closest first. */
function closestKey(key: string, keys: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of keys) {
    if (Math.abs(k.length - key.length) >= bestD) continue;
    const dist = editDistance(key, k);
    if (dist < bestD) {
      bestD = dist;
      best = k;
    }
  }
  return best;
}

/**
 * ` (did you mean "x"?)` when one of `ids` is a likely typo of `id`, else "". With `budget`, the
 * character comparisons made are taken from it and no hint is given once it is spent: a file of
 * 100,000 wrong ids among 6,000 stays linear, the first ones keeping their hints.
 */
export function didYouMean(id: string, ids: Iterable<string>, budget?: { cells: number }): string {
  let best: string | undefined;
  let bestD = Math.min(3, Math.max(2, Math.floor(id.length / 3)) + 1);
  for (const candidate of ids) {
    if (Math.abs(candidate.length - id.length) >= bestD) continue;
    if (budget && (budget.cells -= id.length * candidate.length) < 0) return '';
    const dist = editDistance(id, candidate);
    if (dist < bestD) {
      bestD = dist;
      best = candidate;
    }
  }
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

/**
 * The rules every file's shape shares, for one zod issue (scenarios and replays alike): an absent
 * key is `required`, at the map it belongs in; each unknown key is `unknown-key`, at the key, with
 * the closest of `keys` as a hint. Undefined for any other issue: the caller's own rules say more.
 */
export function sharedIssueDiagnostics(
  issue: z.core.$ZodIssue,
  src: SourceFile,
  file: string,
  keys: () => Iterable<string>,
): Diagnostic[] | undefined {
  const path = issue.path as (string | number)[];
  const last = path[path.length - 1];
  // A key that is absent (parsed with reportInput, so a present value always comes back as `input`).
  if (issue.code !== 'unrecognized_keys' && issue.input === undefined && path.length > 0) {
    const what = typeof last === 'string' ? `"${last}"` : 'value';
    return [
      {
        severity: 'error',
        rule: 'required',
        message: `missing required key ${what}`,
        file,
        ...src.locate(path.slice(0, -1)),
      },
    ];
  }
  if (issue.code !== 'unrecognized_keys') return undefined;
  return issue.keys.map((k) => {
    // `text "Talk first: a strike…"`: a key without its colon, read up to the next colon as one key.
    const word = /^([A-Za-z_][\w-]*)\s+\S/.exec(k);
    if (word && [...keys()].includes(word[1]!)) {
      const at = src.locate([...path, k], true);
      return {
        severity: 'error' as const,
        rule: 'unknown-key' as const,
        message: `a colon is missing after "${word[1]}": without it, YAML read "${k}" (up to the next colon) as one key; write ${word[1]}: and then the value, in quotes when it has a colon in it`,
        file,
        line: at.line,
        col: at.col + word[1]!.length,
      };
    }
    const hint = closestKey(k, keys());
    return {
      severity: 'error',
      rule: 'unknown-key',
      message: `unknown key "${k}"${hint && hint !== k ? ` (did you mean "${hint}"?)` : ''}; only keys starting with "x-" may be added`,
      file,
      ...src.locate([...path, k], true),
    };
  });
}

function inCondition(path: DataPath): boolean {
  return path.some((s) => s === 'if' || s === 'not' || s === 'all' || s === 'any');
}

/** Map one zod issue to diagnostics (an unknown-keys issue gives one per key). */
function issueToDiagnostics(issue: z.core.$ZodIssue, src: SourceFile, file: string): Diagnostic[] {
  const path = issue.path as (string | number)[];
  const last = path[path.length - 1];
  const lastKey = [...path].reverse().find((s): s is string => typeof s === 'string');
  const where = (p: DataPath, key = false) => src.locate(p, key);
  const mk = (rule: RuleId, message: string, pos: { line: number; col: number }): Diagnostic => ({
    severity: 'error',
    rule,
    message,
    file,
    ...pos,
  });
  const keys = () => (knownKeys ??= schemaKeys(ScenarioSchema));
  // An unknown key inside a condition is most likely a meter id: no key hint there.
  if (issue.code === 'unrecognized_keys')
    return issue.keys.flatMap((k) =>
      inCondition([...path, k])
        ? [mk('unknown-key', `unknown key "${k}" in a condition`, where([...path, k], true))]
        : sharedIssueDiagnostics({ ...issue, keys: [k] }, src, file, keys)!,
    );
  const shared = sharedIssueDiagnostics(issue, src, file, keys);
  if (shared) return shared;
  switch (issue.code) {
    case 'invalid_union': {
      // `next` is an id or a branch list: when one option got past the type test, its issues say what is wrong.
      const deeper = issue.errors.find((list) => list.length > 0 && list.every((e) => e.path.length > 0));
      if (deeper)
        return deeper.flatMap((e) =>
          issueToDiagnostics({ ...e, path: [...path, ...e.path] } as z.core.$ZodIssue, src, file),
        );
      return [mk('type', issue.message, where(path))];
    }
    case 'invalid_type':
      if (issue.input === undefined) {
        const what = typeof last === 'string' ? `"${last}"` : 'value';
        return [mk('required', `missing required key ${what}`, where(path.slice(0, -1)))];
      }
      if (inCondition(path) && issue.expected === 'string') return [mk('bad-condition', issue.message, where(path))];
      if (lastKey === 'timeLimit')
        return [mk('time-limit', 'timeLimit must be a whole number of seconds from 5 to 3600', where(path))];
      return [mk('type', issue.message, where(path))];
    case 'too_big':
    case 'too_small': {
      if (issue.origin === 'string')
        return [mk(issue.code === 'too_big' ? 'limit-text' : 'empty-text', issue.message, where(path))];
      if (issue.origin === 'array' && typeof last === 'string' && issue.code === 'too_big' && LIMIT_RULES[last]) {
        return [mk(LIMIT_RULES[last]!, issue.message, where(path, true))];
      }
      if (lastKey === 'timeLimit') return [mk('time-limit', issue.message, where(path))];
      if (lastKey === 'chance') return [mk('chance-range', issue.message, where(path))];
      return [mk('range', issue.message, where(path, issue.origin === 'array'))];
    }
    case 'invalid_format': {
      if (
        inCondition(path) &&
        !ID_LISTS.has(String(path[path.length - 2])) &&
        typeof last === 'string' &&
        !ID_KEYS.has(last)
      ) {
        return [mk('bad-condition', issue.message, where(path))];
      }
      const idLike =
        (typeof last === 'string' && ID_KEYS.has(last)) ||
        (typeof last === 'number' && ID_LISTS.has(String(path[path.length - 2])));
      return [mk(idLike ? 'id-format' : 'value-format', issue.message, where(path))];
    }
    case 'invalid_value':
      return [mk(lastKey === 'format' && path.length === 1 ? 'format' : 'value', issue.message, where(path))];
    default:
      return [mk('type', issue.message, where(path))];
  }
}

/** Paths of every own "__proto__" key in (already depth-limited) data, found without recursion. */
function protoKeyPaths(data: unknown): DataPath[] {
  const out: DataPath[] = [];
  const stack: [unknown, DataPath][] = [[data, []]];
  while (stack.length) {
    const [v, p] = stack.pop()!;
    if (Array.isArray(v)) v.forEach((x, i) => x && typeof x === 'object' && stack.push([x, [...p, i]]));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '__proto__') out.push([...p, k]);
        if (x && typeof x === 'object') stack.push([x, [...p, k]]);
      }
    }
  }
  return out.reverse();
}

/** Where a list sits in a scenario, by the key that holds it, for its limit rule and message. */
const LIST_LIMITS: Record<string, { rule: RuleId; max: number; what: string }> = {
  endings: { rule: 'limit-endings', max: LIMITS.endings, what: 'endings' },
  sources: { rule: 'limit-list', max: LIMITS.listItems, what: 'sources' },
  learningGoals: { rule: 'limit-list', max: LIMITS.listItems, what: 'learning goals' },
  news: { rule: 'limit-list', max: LIMITS.listItems, what: 'news items' },
  advice: { rule: 'limit-list', max: LIMITS.listItems, what: 'advice items' },
  set: { rule: 'limit-list', max: LIMITS.listItems, what: 'flags in one set list' },
  unset: { rule: 'limit-list', max: LIMITS.listItems, what: 'flags in one unset list' },
  has: { rule: 'limit-list', max: LIMITS.listItems, what: 'flags in one has list' },
  lacks: { rule: 'limit-list', max: LIMITS.listItems, what: 'flags in one lacks list' },
  all: { rule: 'limit-list', max: LIMITS.listItems, what: 'conditions in one all list' },
  any: { rule: 'limit-list', max: LIMITS.listItems, what: 'conditions in one any list' },
  next: { rule: 'limit-list', max: LIMITS.listItems, what: 'branches in one next list' },
  effects: { rule: 'limit-list', max: LIMITS.listItems, what: 'effects in one choice' },
};

/**
 * Limits on every list the contract leaves open, and on distinct flag names, checked on the raw
 * data before the schema walks it: a file of 20,000 endings or a thousand flags is refused at once,
 * with the key of the list, instead of costing the checker, the explorer and the problems panel.
 */
export function listLimitDiagnostics(src: SourceFile, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const flags = new Set<string>();
  const stack: [unknown, DataPath][] = [[src.data, []]];
  while (stack.length && out.length < 20) {
    const [v, path] = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    const children: [unknown, DataPath][] = [];
    for (const [k, x] of entries) {
      if (typeof k === 'string' && k.startsWith('x-')) continue;
      const limit = typeof k === 'string' ? LIST_LIMITS[k] : undefined;
      const size = Array.isArray(x)
        ? x.length
        : limit && k === 'effects' && x && typeof x === 'object'
          ? Object.keys(x).length
          : -1;
      if (limit && size > limit.max) {
        out.push({
          severity: 'error',
          rule: limit.rule,
          message: `${size.toLocaleString('en')} ${limit.what}; at most ${limit.max.toLocaleString('en')} are allowed`,
          file,
          ...src.locate([...path, k], true),
        });
        continue;
      }
      if ((k === 'set' || k === 'unset' || k === 'has' || k === 'lacks') && Array.isArray(x)) {
        x.forEach((f, i) => {
          if (typeof f !== 'string' || flags.has(f)) return;
          flags.add(f);
          if (flags.size === LIMITS.flags + 1)
            out.push({
              severity: 'error',
              rule: 'limit-flags',
              message: `"${f.length > 40 ? `${f.slice(0, 40)}…` : f}" is distinct flag number ${LIMITS.flags + 1}; a scenario may name at most ${LIMITS.flags} distinct flags (each one doubles the states to explore)`,
              file,
              ...src.locate([...path, k, i]),
            });
        });
      }
      if (x && typeof x === 'object') children.push([x, [...path, k]]);
    }
    // Reversed onto the stack, so lists are walked in file order and the first flag over the limit is named.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return out;
}

/** The shape-level check: zod over the data with `x-` keys removed. */
function schemaDiagnostics(
  src: SourceFile,
  file: string,
): { scenario?: Scenario; readAround?: Scenario; diagnostics: Diagnostic[] } {
  const data = src.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      diagnostics: [
        {
          severity: 'error',
          rule: 'type',
          message: 'a scenario file must be a map of keys (format, id, title, …)',
          file,
          ...src.locate([]),
        },
      ],
    };
  }
  // Over-limit lists are refused before the schema walks them, so a huge file costs nothing more.
  const nodes = (data as Record<string, unknown>).nodes;
  if (Array.isArray(nodes) && nodes.length > LIMITS.nodes) {
    return {
      diagnostics: [
        {
          severity: 'error',
          rule: 'limit-nodes',
          message: `the file has ${nodes.length} nodes; at most ${LIMITS.nodes} are allowed`,
          file,
          ...src.locate(['nodes'], true),
        },
      ],
    };
  }
  const limits = listLimitDiagnostics(src, file);
  if (limits.length > 0) return { diagnostics: limits };
  const stripped = stripExtensions(data);
  // zod drops a "__proto__" key from records (effects) and condition maps without a word: refuse it
  // here, wherever it is (it is no key of the format and, starting with "_", no valid id either).
  const protos = protoKeyPaths(stripped);
  if (protos.length > 0) {
    return {
      diagnostics: protos.map((p) => ({
        severity: 'error' as const,
        rule: 'unknown-key',
        message: 'unknown key "__proto__"; only keys starting with "x-" may be added',
        file,
        ...src.locate(p, true),
      })),
    };
  }
  // reportInput: without it zod 4 leaves `input` out of every issue, and a wrong type would read as a missing key.
  const parsed = ScenarioSchema.safeParse(stripped, { reportInput: true });
  if (parsed.success) return { scenario: parsed.data, diagnostics: [] };
  const diagnostics = parsed.error.issues.flatMap((i) => issueToDiagnostics(i, src, file));
  return { diagnostics, ...withoutUnknownKeys(stripped, parsed.error.issues) };
}

/**
 * When a file's only shape errors are unknown keys (typos such as `efects`), the rest is read as
 * if those keys were not there, so the reference checks can report now what the teacher would
 * otherwise meet only after fixing the typo (`next: n2` naming no node). Not in conditions: there
 * a dropped key would change what the condition means.
 */
function withoutUnknownKeys(data: unknown, issues: readonly z.core.$ZodIssue[]): { readAround?: Scenario } {
  if (!issues.every((i) => i.code === 'unrecognized_keys' && !inCondition(i.path as DataPath))) return {};
  const copy = structuredClone(data);
  for (const issue of issues) {
    let at: unknown = copy;
    for (const step of issue.path) at = (at as Record<PropertyKey, unknown>)[step as PropertyKey];
    for (const k of (issue as { keys: string[] }).keys) delete (at as Record<string, unknown>)[k];
  }
  const again = ScenarioSchema.safeParse(copy);
  return again.success ? { readAround: again.data } : {};
}

/** Collects diagnostics with positions from data paths. */
class Reporter {
  readonly list: Diagnostic[] = [];
  constructor(
    private readonly src: SourceFile,
    private readonly file: string,
  ) {}
  add(severity: Severity, rule: RuleId, message: string, path: DataPath, key = false): void {
    this.list.push({ severity, rule, message, file: this.file, ...this.src.locate(path, key) });
  }
  /** Line and column of a data path, for messages that name another place in the file. */
  locate(path: DataPath): { line: number; col: number } {
    return this.src.locate(path);
  }
}

function walkConditions(
  cond: Condition | undefined,
  path: DataPath,
  visit: (key: string, value: unknown, path: DataPath) => void,
): void {
  if (!cond) return;
  for (const [k, v] of Object.entries(cond)) {
    if (v === undefined) continue;
    visit(k, v, [...path, k]);
    if (k === 'all' || k === 'any') (v as Condition[]).forEach((c, i) => walkConditions(c, [...path, k, i], visit));
    else if (k === 'not') walkConditions(v as Condition, [...path, k], visit);
  }
}

/** Flags tested and set anywhere, with the first place of each (for warnings). */
export interface FlagUse {
  tested: Map<string, DataPath>;
  set: Map<string, DataPath>;
}

/** Cross-reference checks on schema-valid data. */
function referenceDiagnostics(s: Scenario, r: Reporter): FlagUse {
  // "Did you mean" hints share one budget of character comparisons (about a second of work).
  const hints = { cells: 50_000_000 };
  const seen = <T extends { id: string }>(list: T[], base: string, kind: string, shared?: Map<string, DataPath>) => {
    const ids = shared ?? new Map<string, DataPath>();
    list.forEach((item, i) => {
      const prev = ids.get(item.id);
      if (prev !== undefined) {
        // The line of the first one, which is what a teacher looks for (not "nodes[6]").
        const first = r.locate(prev);
        const firstKind = String(prev[0]).replace(/s$/, '');
        const what = `${/^[aeiou]/.test(firstKind) ? 'an' : 'a'} ${firstKind}`;
        r.add(
          'error',
          'duplicate-id',
          `duplicate ${kind} id "${item.id}": ${what} on line ${first.line} already has this id`,
          [base, i, 'id'],
        );
      } else ids.set(item.id, [base, i, 'id']);
    });
    return ids;
  };
  seen(s.meters, 'meters', 'meter');
  seen(s.advisors, 'advisors', 'advisor');
  seen(s.sources ?? [], 'sources', 'source');
  const shared = seen(s.nodes, 'nodes', 'node');
  seen(s.endings, 'endings', 'ending', shared);

  const meterIds = new Set(s.meters.map((m) => m.id));
  const advisorIds = new Set(s.advisors.map((a) => a.id));
  const sourceIds = new Set((s.sources ?? []).map((x) => x.id));
  const nodeIds = new Set(s.nodes.map((n) => n.id));
  const endingIds = new Set(s.endings.map((e) => e.id));
  const flags: FlagUse = { tested: new Map(), set: new Map() };

  const checkSources = (list: string[] | undefined, path: DataPath) =>
    list?.forEach((id, i) => {
      if (!sourceIds.has(id))
        r.add(
          'error',
          'unknown-ref',
          `source "${id}" is not defined in the top-level sources list${didYouMean(id, sourceIds, hints)}`,
          [...path, i],
        );
    });
  const checkCondition = (cond: Condition | undefined, path: DataPath) =>
    walkConditions(cond, path, (k, v, p) => {
      if (k === 'has' || k === 'lacks')
        (v as string[]).forEach((f, i) => flags.tested.has(f) || flags.tested.set(f, [...p, i]));
      else if (k !== 'all' && k !== 'any' && k !== 'not' && !meterIds.has(k)) {
        r.add(
          'error',
          'unknown-ref',
          `condition tests "${k}", which is not a meter id (nor has, lacks, all, any, not)${didYouMean(k, meterIds, hints)}`,
          p,
          true,
        );
      }
    });
  let targetIds: string[] | undefined;
  const checkTarget = (id: string, path: DataPath, what: string) => {
    if (!nodeIds.has(id) && !endingIds.has(id))
      r.add(
        'error',
        'unknown-ref',
        `${what} "${id}" is not a node or ending id${didYouMean(id, (targetIds ??= [...nodeIds, ...endingIds]), hints)}`,
        path,
      );
  };

  s.meters.forEach((m, i) => {
    const min = m.min ?? 0;
    const max = m.max ?? 100;
    if (min > max)
      r.add('error', 'meter-range', `meter "${m.id}" has min ${min} above max ${max}`, [
        'meters',
        i,
        m.min !== undefined ? 'min' : 'max',
      ]);
    else if (m.start < min || m.start > max)
      r.add('error', 'meter-range', `meter "${m.id}" starts at ${m.start}, outside [${min}, ${max}]`, [
        'meters',
        i,
        'start',
      ]);
    for (const k of ['onMin', 'onMax'] as const) {
      const e = m[k];
      if (e !== undefined && !endingIds.has(e))
        r.add('error', 'unknown-ref', `${k} "${e}" is not an ending id${didYouMean(e, endingIds, hints)}`, [
          'meters',
          i,
          k,
        ]);
    }
  });
  if (!nodeIds.has(s.start))
    r.add(
      'error',
      'unknown-ref',
      endingIds.has(s.start)
        ? `start "${s.start}" is an ending; start must be a node id`
        : `start "${s.start}" is not a node id${didYouMean(s.start, nodeIds, hints)}`,
      ['start'],
    );

  s.nodes.forEach((n, ni) => {
    const base: DataPath = ['nodes', ni];
    const choiceIds = new Set<string>();
    n.choices.forEach((c, ci) => {
      if (choiceIds.has(c.id))
        r.add('error', 'duplicate-id', `duplicate choice id "${c.id}" in node "${n.id}"`, [
          ...base,
          'choices',
          ci,
          'id',
        ]);
      choiceIds.add(c.id);
    });
    n.advice?.forEach((a, ai) => {
      if (!advisorIds.has(a.advisor))
        r.add(
          'error',
          'unknown-ref',
          `advisor "${a.advisor}" is not an advisor id${didYouMean(a.advisor, advisorIds, hints)}`,
          [...base, 'advice', ai, 'advisor'],
        );
      if (a.recommends !== undefined && !choiceIds.has(a.recommends)) {
        r.add(
          'error',
          'unknown-ref',
          `recommends "${a.recommends}", which is not a choice of node "${n.id}"${didYouMean(a.recommends, choiceIds, hints)}`,
          [...base, 'advice', ai, 'recommends'],
        );
      }
    });
    if (n.timeLimit !== undefined && n.onTimeout === undefined) {
      r.add(
        'error',
        'timeout-needs-onTimeout',
        `timeLimit needs onTimeout: the choice taken when time runs out`,
        [...base, 'timeLimit'],
        true,
      );
    }
    if (n.onTimeout !== undefined && !choiceIds.has(n.onTimeout)) {
      r.add(
        'error',
        'unknown-ref',
        `onTimeout "${n.onTimeout}" is not a choice of node "${n.id}"${didYouMean(n.onTimeout, choiceIds, hints)}`,
        [...base, 'onTimeout'],
      );
    }
    if (n.history?.choice !== undefined && !choiceIds.has(n.history.choice)) {
      r.add(
        'error',
        'unknown-ref',
        `history.choice "${n.history.choice}" is not a choice of node "${n.id}"${didYouMean(n.history.choice, choiceIds, hints)}`,
        [...base, 'history', 'choice'],
      );
    }
    checkSources(n.history?.sources, [...base, 'history', 'sources']);
    n.news?.forEach((item, i) => checkCondition(item.if, [...base, 'news', i, 'if']));
    n.choices.forEach((c, ci) => {
      const cp: DataPath = [...base, 'choices', ci];
      checkCondition(c.if, [...cp, 'if']);
      c.news?.forEach((item, i) => checkCondition(item.if, [...cp, 'news', i, 'if']));
      for (const m of Object.keys(c.effects ?? {})) {
        if (!meterIds.has(m))
          r.add(
            'error',
            'unknown-ref',
            `effect on "${m}", which is not a meter id${didYouMean(m, meterIds, hints)}`,
            [...cp, 'effects', m],
            true,
          );
      }
      c.set?.forEach((f, i) => flags.set.has(f) || flags.set.set(f, [...cp, 'set', i]));
      if (typeof c.next === 'string') checkTarget(c.next, [...cp, 'next'], 'next');
      else {
        c.next.forEach((b, bi) => {
          checkCondition(b.if, [...cp, 'next', bi, 'if']);
          checkTarget(b.goto, [...cp, 'next', bi, 'goto'], 'goto');
        });
        // At most one branch really happened: a second `history: true` is named at its own key.
        const historical = c.next.flatMap((b, bi) => (b.history ? [bi] : []));
        for (const bi of historical.slice(1)) {
          const first = r.locate([...cp, 'next', historical[0]!, 'history']);
          r.add(
            'error',
            'branch-history',
            `only one branch of a next list may have "history: true" (the branch on line ${first.line} already has it)`,
            [...cp, 'next', bi, 'history'],
            true,
          );
        }
        const lastIdx = c.next.length - 1;
        const lastB = c.next[lastIdx]!;
        if (lastB.if !== undefined || lastB.chance !== undefined) {
          r.add(
            'error',
            'branch-last',
            `the last branch of a next list must have no "if" and no "chance", so one branch always holds`,
            [...cp, 'next', lastIdx],
          );
        }
      }
    });
  });
  s.endings.forEach((e, i) => checkSources(e.history?.sources, ['endings', i, 'history', 'sources']));
  return flags;
}

/** Warnings that need no exploration: unused flags, silent advisors, meters nothing changes. */
function usageWarnings(s: Scenario, flags: FlagUse, r: Reporter): void {
  for (const [f, p] of flags.tested)
    if (!flags.set.has(f)) r.add('warning', 'flag-never-set', `flag "${f}" is tested but never set by any choice`, p);
  for (const [f, p] of flags.set)
    if (!flags.tested.has(f))
      r.add('warning', 'flag-never-tested', `flag "${f}" is set but never tested by any condition`, p);
  const speaking = new Set(s.nodes.flatMap((n) => (n.advice ?? []).map((a) => a.advisor)));
  s.advisors.forEach((a, i) => {
    if (!speaking.has(a.id))
      r.add('warning', 'advisor-silent', `advisor "${a.id}" never speaks (no advice item names them)`, [
        'advisors',
        i,
        'id',
      ]);
  });
  const changed = new Set(
    s.nodes.flatMap((n) =>
      n.choices.flatMap((c) =>
        Object.entries(c.effects ?? {})
          .filter(([, v]) => v !== 0)
          .map(([k]) => k),
      ),
    ),
  );
  s.meters.forEach((m, i) => {
    if (!changed.has(m.id))
      r.add('warning', 'meter-unchanged', `meter "${m.id}" is never changed by any choice's effects`, [
        'meters',
        i,
        'id',
      ]);
  });
}

/** Parse and validate a scenario text (no exploration). Errors refuse the file; warnings let it play. */
export function validateScenarioText(
  text: string,
  file: string,
): { loaded?: LoadedScenario; diagnostics: Diagnostic[]; source?: SourceFile } {
  const read = readSource(text, file, LIMITS.fileBytes);
  if (!read.source) return { diagnostics: read.diagnostics };
  const src = read.source;
  const shape = schemaDiagnostics(src, file);
  if (!shape.scenario) {
    if (!shape.readAround) return { diagnostics: shape.diagnostics, source: src };
    // Unknown keys only: the reference errors of the rest too (no warnings: the file is refused).
    const around = new Reporter(src, file);
    referenceDiagnostics(shape.readAround, around);
    const all = [...shape.diagnostics, ...around.list.filter((d) => d.severity === 'error')];
    return { diagnostics: all.sort((a, b) => a.line - b.line || a.col - b.col), source: src };
  }
  const r = new Reporter(src, file);
  const flags = referenceDiagnostics(shape.scenario, r);
  if (r.list.some((d) => d.severity === 'error')) return { diagnostics: r.list, source: src };
  usageWarnings(shape.scenario, flags, r);
  let sha: string | undefined;
  const loaded: LoadedScenario = {
    scenario: shape.scenario,
    // Computed on first use (saves, replays): hashing a large file is not needed to check it.
    get sha256() {
      return (sha ??= canonicalSha256(src.data));
    },
    source: src,
  };
  return { loaded, diagnostics: r.list, source: src };
}
