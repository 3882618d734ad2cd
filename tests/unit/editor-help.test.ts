/**
 * The scenario editor's help, without a browser: completion of keys, enum values and the file's
 * own ids from the JSON Schema, hover text, and which node the cursor is in.
 */
import { describe, expect, it } from 'vitest';
import { cursorContext, entryAt, fileIds, hoverAt, suggestionsAt } from '../../src/editor/schema-help.ts';
import { TEMPLATE, read } from './helpers.ts';

const template = read(TEMPLATE);

/** Completions with the cursor at the "‸" in `text`. */
function complete(text: string): string[] {
  const at = text.indexOf('‸');
  return suggestionsAt(text.replace('‸', ''), at)?.options.map((o) => o.label) ?? [];
}

describe('completion', () => {
  it('offers the keys of a node inside nodes', () => {
    const keys = complete('nodes:\n  - id: a\n    ti‸');
    expect(keys).toEqual(expect.arrayContaining(['title', 'text', 'choices', 'timeLimit', 'onTimeout', 'history']));
    expect(keys).not.toContain('label');
  });
  it('offers the keys of a choice inside choices, and the top-level keys at the top', () => {
    expect(complete('nodes:\n  - id: a\n    choices:\n      - id: b\n        ‸')).toEqual(
      expect.arrayContaining(['label', 'next', 'effects', 'set', 'outcome']),
    );
    expect(complete('format: crisis-room/1\n‸')).toEqual(
      expect.arrayContaining(['title', 'meters', 'endings', 'start']),
    );
  });
  it('offers enum values: tone and format', () => {
    expect(complete('endings:\n  - id: e\n    tone: ‸')).toEqual(['good', 'mixed', 'bad']);
    expect(complete('format: ‸')).toEqual(['crisis-room/1']);
  });
  it("offers the file's own ids where an id is expected (block and flow style)", () => {
    const at = template.indexOf('start: ');
    const text = `${template.slice(0, at)}start: ‸${template.slice(template.indexOf('\n', at))}`;
    const nodes = complete(text);
    expect(nodes).toEqual(expect.arrayContaining(['walkout', 'deadline']));
    expect(nodes).not.toContain('deal');
    const flow = `${template}\n# a flow-style choice:\n  - { id: x, label: X, next: ‸ }`;
    expect(complete(flow)).toEqual(expect.arrayContaining(['walkout', 'deal', 'strike-broken']));
    expect(complete(`${template}\n      - advisor: ‸`)).toEqual(expect.arrayContaining(['treasurer']));
  });
  it('reads what is being typed in a flow map', () => {
    expect(cursorContext('meters: [{ id: m, lab', 21)).toMatchObject({ chain: ['meters'], mode: 'key', word: 'lab' });
  });
});

describe('hover', () => {
  it('says what a key is, whether it is required, and where the reference explains it', () => {
    const at = template.indexOf('timeLimit');
    const h = hoverAt(template, at + 2)!;
    expect(template.slice(h.from, h.to)).toBe('timeLimit');
    expect(h.text).toMatch(/^timeLimit \(optional\): a whole number\./);
    const meters = hoverAt(template, template.indexOf('meters:') + 1)!;
    expect(meters.text).toMatch(
      /^meters \(required\): a list of a map\. A number the player watches.*docs\/scenario-format\.md#meters$/,
    );
  });
});

describe('the node under the cursor', () => {
  it('finds the node or ending whose entry holds the offset', () => {
    expect(entryAt(template, template.indexOf('Concede the pay cut'))).toEqual({ kind: 'node', id: 'crackdown' });
    expect(entryAt(template, template.indexOf('Work resumes with a pay deal'))).toEqual({ kind: 'ending', id: 'deal' });
    expect(entryAt(template, 0)).toBeUndefined();
  });
  it('lists the ids a file defines', () => {
    const ids = fileIds(template);
    expect(ids.meters).toEqual(expect.arrayContaining(['order', 'budget']));
    expect(ids.flags).toContain('talks-open');
  });
});
