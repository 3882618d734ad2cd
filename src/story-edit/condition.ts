/**
 * The condition builder's model: rows like "Public order" "at least" "40" or flag "talks" "is
 * set", all of them or any of them, written as the same condition a teacher would type
 * (`{ order: ">= 40", has: [talks] }`) and read back from every condition that has that shape.
 */
import type { Condition } from '../scenario/schema.ts';

/** How a meter is compared, in words, with the operator the file uses. */
export const METER_TESTS = [
  { words: 'at least', op: '>=' },
  { words: 'at most', op: '<=' },
  { words: 'more than', op: '>' },
  { words: 'less than', op: '<' },
  { words: 'exactly', op: '==' },
  { words: 'not', op: '!=' },
] as const;

/** A meter comparison in words. */
export type MeterWords = (typeof METER_TESTS)[number]['words'];

/** One row of the builder. */
export type ConditionRow =
  | { kind: 'meter'; meter: string; test: MeterWords; value: number }
  | { kind: 'flag'; flag: string; set: boolean };

/** The builder: rows that must all hold, or of which any one must. */
export interface ConditionModel {
  join: 'all' | 'any';
  rows: ConditionRow[];
}

const TEST_OF = new Map<string, MeterWords>(METER_TESTS.map((t) => [t.op, t.words]));
const OP_OF = new Map<MeterWords, string>(METER_TESTS.map((t) => [t.words, t.op]));

/** The rows of a condition map whose keys are meter tests, `has` and `lacks` only (undefined otherwise). */
function simpleRows(c: Condition): ConditionRow[] | undefined {
  const rows: ConditionRow[] = [];
  for (const [key, v] of Object.entries(c)) {
    if (key === 'has' || key === 'lacks') {
      if (!Array.isArray(v) || !v.every((f) => typeof f === 'string')) return undefined;
      for (const flag of v as string[]) rows.push({ kind: 'flag', flag, set: key === 'has' });
    } else if (key === 'all' || key === 'any' || key === 'not') return undefined;
    else {
      const m = typeof v === 'string' ? /^\s*(<=|>=|==|!=|<|>)\s*(-?\d+)\s*$/.exec(v) : null;
      if (!m) return undefined;
      rows.push({ kind: 'meter', meter: key, test: TEST_OF.get(m[1]!)!, value: Number(m[2]) });
    }
  }
  return rows;
}

/** The builder's rows for a condition, or undefined when it has a shape the builder cannot show (edit it as text). */
export function readCondition(c: unknown): ConditionModel | undefined {
  if (c === undefined || c === null) return { join: 'all', rows: [] };
  if (typeof c !== 'object' || Array.isArray(c)) return undefined;
  const cond = c as Condition;
  const keys = Object.keys(cond);
  if (keys.length === 1 && (keys[0] === 'any' || keys[0] === 'all') && Array.isArray(cond[keys[0]])) {
    const join = keys[0] as 'all' | 'any';
    const rows: ConditionRow[] = [];
    for (const part of cond[join] as Condition[]) {
      const r = part && typeof part === 'object' ? simpleRows(part) : undefined;
      if (!r || (join === 'any' && r.length !== 1)) return undefined;
      rows.push(...r);
    }
    return { join, rows };
  }
  const rows = simpleRows(cond);
  return rows && { join: 'all', rows };
}

function rowCondition(r: ConditionRow): Condition {
  return r.kind === 'meter'
    ? { [r.meter]: `${OP_OF.get(r.test)} ${Math.trunc(r.value)}` }
    : { [r.set ? 'has' : 'lacks']: [r.flag] };
}

/**
 * The condition for the builder's rows, as a teacher would write it: one map when every row fits
 * in it (each meter once), `all: [...]` when a meter is tested twice, `any: [...]` for "any of".
 * No rows: undefined (no condition).
 */
export function writeCondition(m: ConditionModel): Condition | undefined {
  const rows = m.rows.filter((r) => (r.kind === 'meter' ? r.meter : r.flag));
  if (!rows.length) return undefined;
  if (m.join === 'any' && rows.length > 1) return { any: rows.map(rowCondition) };
  const out: Condition = {};
  const has: string[] = [];
  const lacks: string[] = [];
  for (const r of rows) {
    if (r.kind === 'flag') (r.set ? has : lacks).push(r.flag);
    else if (r.meter in out || r.meter === 'has' || r.meter === 'lacks') return { all: rows.map(rowCondition) };
    else out[r.meter] = `${OP_OF.get(r.test)} ${Math.trunc(r.value)}`;
  }
  if (has.length) out.has = has;
  if (lacks.length) out.lacks = lacks;
  return out;
}

/** A condition read aloud ("Public order at least 40 and flag talks is set"), with meter labels when known. */
export function describeCondition(c: unknown, meterLabel: (id: string) => string = (id) => id): string {
  const m = readCondition(c);
  if (!m) return 'a condition written in the text';
  if (!m.rows.length) return 'always';
  return m.rows
    .map((r) =>
      r.kind === 'meter'
        ? `${meterLabel(r.meter)} ${r.test} ${r.value}`
        : `flag ${r.flag} is ${r.set ? 'set' : 'not set'}`,
    )
    .join(m.join === 'all' ? ' and ' : ' or ');
}
