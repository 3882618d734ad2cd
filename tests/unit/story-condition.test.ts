/**
 * The condition builder (issue 22) writes what a teacher would type and reads back what it can:
 * the checker accepts what it writes, and a condition it cannot show is left for the text view.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { describeCondition, readCondition, writeCondition } from '../../src/story-edit/condition.ts';
import { ConditionSchema } from '../../src/scenario/schema.ts';

describe('condition builder', () => {
  it('writes "Public order at least 40" and "flag talks is set" as one condition map', () => {
    const c = writeCondition({
      join: 'all',
      rows: [
        { kind: 'meter', meter: 'order', test: 'at least', value: 40 },
        { kind: 'flag', flag: 'talks', set: true },
        { kind: 'flag', flag: 'army', set: false },
      ],
    });
    expect(c).toEqual(parseYaml('{ order: ">= 40", has: [talks], lacks: [army] }'));
    expect(ConditionSchema.safeParse(c).success).toBe(true);
  });

  it('uses all: when a meter is tested twice, any: for "any of", nothing for no rows', () => {
    expect(
      writeCondition({
        join: 'all',
        rows: [
          { kind: 'meter', meter: 'order', test: 'more than', value: 20 },
          { kind: 'meter', meter: 'order', test: 'less than', value: 60 },
        ],
      }),
    ).toEqual({ all: [{ order: '> 20' }, { order: '< 60' }] });
    const any = writeCondition({
      join: 'any',
      rows: [
        { kind: 'meter', meter: 'trust', test: 'at least', value: 55 },
        { kind: 'flag', flag: 'talks-open', set: true },
      ],
    });
    expect(any).toEqual(parseYaml('{ any: [ { trust: ">= 55" }, { has: [talks-open] } ] }'));
    expect(ConditionSchema.safeParse(any).success).toBe(true);
    expect(writeCondition({ join: 'all', rows: [] })).toBeUndefined();
  });

  it('reads back the conditions of the format page that it can show, and refuses the others', () => {
    for (const text of [
      '{ order: ">= 60" }',
      '{ has: [talks-open] }',
      '{ lacks: [army-deployed] }',
      '{ order: "< 30", has: [curfew] }',
      '{ any: [ { trust: ">= 55" }, { has: [talks-open] } ] }',
    ]) {
      const c = parseYaml(text);
      const m = readCondition(c);
      expect(m, text).toBeDefined();
      expect(writeCondition(m!)).toEqual(c);
    }
    expect(
      readCondition(parseYaml('{ all: [ { order: "> 20" }, { not: { has: [army-deployed] } } ] }')),
    ).toBeUndefined();
    expect(readCondition({ order: 'about 40' })).toBeUndefined();
  });

  it('reads a condition aloud with the meters’ labels', () => {
    expect(describeCondition({ order: '>= 40', has: ['talks'] }, (id) => (id === 'order' ? 'Public order' : id))).toBe(
      'Public order at least 40 and flag talks is set',
    );
  });
});
