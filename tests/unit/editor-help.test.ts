/**
 * The scenario editor's help, without a browser: completion of keys, enum values and the file's
 * own ids from the JSON Schema, hover text, and which node the cursor is in; in YAML and in JSON
 * (half-typed JSON included).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  cursorContext,
  entryAt,
  fileIds,
  hoverAt,
  jsonCursorContext,
  suggestionsAt,
} from '../../src/editor/schema-help.ts';
import { TEMPLATE, read } from './helpers.ts';

const template = read(TEMPLATE);
/** The template as a teacher's .json file would have it. */
const templateJson = JSON.stringify(parse(template), null, 2);

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

/** JSON completions with the cursor at the "‸": what each would put in, in order. */
function completeJson(text: string): string[] {
  const at = text.indexOf('‸');
  return suggestionsAt(text.replace('‸', ''), at, 'json')?.options.map((o) => o.apply) ?? [];
}

/** The template JSON with `insert` typed (‸ marks the cursor) right after the first `after`. */
function typedIntoJson(after: string, insert: string): string {
  const at = templateJson.indexOf(after) + after.length;
  expect(at).toBeGreaterThan(after.length);
  return templateJson.slice(0, at) + insert + templateJson.slice(at);
}

describe('completion in a .json file', () => {
  it('offers the keys of a node, quoted, while the JSON is half-typed', () => {
    expect(completeJson('{ "nodes": [ { "id": "a", "ti‸')).toEqual(
      expect.arrayContaining(['title": ', 'text": ', 'timeLimit": ', 'choices": ']),
    );
    expect(completeJson('{ "nodes": [ { "id": "a",\n    ‸')).toEqual(
      expect.arrayContaining(['"title": ', '"history": ']),
    );
    expect(completeJson('{ "nodes": [ { "id": "a", ‸')).not.toContain('"label": ');
    // A key typed without its quotes yet gets them.
    expect(completeJson('{ "endings": [ { "id": "e", to‸')).toContain('"tone": ');
  });
  it('offers the keys of a choice inside a choice of the template, and the top-level keys at the top', () => {
    const keys = completeJson(typedIntoJson('"label": "Concede the pay cut",', '\n          "‸'));
    expect(keys).toEqual(expect.arrayContaining(['label": ', 'next": ', 'effects": ', 'set": ', 'outcome": ']));
    expect(keys).not.toContain('title": ');
    expect(completeJson('{\n  "format": "crisis-room/1",\n  "‸')).toEqual(
      expect.arrayContaining(['meters": ', 'endings": ', 'start": ']),
    );
  });
  it('offers enum values, quoted or inside the quote typed', () => {
    expect(completeJson('{ "endings": [ { "id": "e", "tone": ‸')).toEqual(['"good"', '"mixed"', '"bad"']);
    expect(completeJson('{ "endings": [ { "id": "e", "tone": "g‸')).toEqual(['good"', 'mixed"', 'bad"']);
    // The closing quote is there already: only the word goes in.
    expect(completeJson('{ "endings": [ { "id": "e", "tone": "‸" } ] }')).toEqual(['good', 'mixed', 'bad']);
    expect(completeJson('{ "format": ‸')).toEqual(['"crisis-room/1"']);
  });
  it("offers the file's own ids where an id is expected", () => {
    const next = completeJson(typedIntoJson('"label": "Concede the pay cut",', '\n          "next": "‸'));
    expect(next).toEqual(expect.arrayContaining(['walkout"', 'deadline"', 'deal"', 'strike-broken"']));
    const start = completeJson(templateJson.replace('"start": "walkout"', '"start": "‸"'));
    expect(start).toEqual(['walkout', 'deadline', 'crackdown']);
    expect(completeJson(typedIntoJson('"advice": [', '\n { "advisor": ‸'))).toEqual(['"chief"', '"treasurer"']);
    expect(completeJson(typedIntoJson('"advice": [', '\n { "advisor": "chief", "sources": [‸'))).toEqual([
      '"template-note"',
    ]);
    // In a condition a meter id is a key.
    expect(completeJson(typedIntoJson('"label": "Concede the pay cut",', '\n "if": { ‸'))).toEqual(
      expect.arrayContaining(['"order": ', '"budget": ', '"has": ']),
    );
  });
  it('reads where the cursor is through escaped quotes, stray brackets and missing commas', () => {
    const escaped = '{ "meters": [ { "id": "m", "label": "A \\"quoted\\" one" "sta';
    expect(jsonCursorContext(escaped, escaped.length)).toMatchObject({ chain: ['meters'], mode: 'key', word: 'sta' });
    const stray = '{ "a": 1 } ] } { "nodes": [ { "id": "n", ';
    expect(jsonCursorContext(stray, stray.length)).toMatchObject({ chain: ['nodes'], mode: 'key' });
  });
  it('lists the ids of a file whose end is still being typed', () => {
    const half = templateJson.slice(0, templateJson.indexOf('"Concede the pay cut"') + 8);
    const ids = fileIds(half, 'json');
    expect(ids.meters).toEqual(['order', 'trust', 'budget']);
    expect(ids.nodes).toEqual(['walkout', 'deadline', 'crackdown']);
    expect(ids.advisors).toEqual(['chief', 'treasurer']);
  });
});

describe('hover in a .json file', () => {
  it('says what a key is, from the schema, wherever in the key the pointer is', () => {
    const at = templateJson.indexOf('"timeLimit"');
    const h = hoverAt(templateJson, at + 4, 'json')!;
    expect(templateJson.slice(h.from, h.to)).toBe('timeLimit');
    expect(h.text).toMatch(/^timeLimit \(optional\): a whole number\./);
    const meters = hoverAt(templateJson, templateJson.indexOf('"meters"') + 1, 'json')!;
    expect(meters.text).toMatch(/^meters \(required\): a list of a map\. A number the player watches/);
    // A value is not a key: no help on it.
    expect(hoverAt(templateJson, templateJson.indexOf('"walkout"') + 2, 'json')).toBeUndefined();
  });
});

describe('the node under the cursor in a .json file', () => {
  it('finds the node or ending whose entry holds the offset', () => {
    expect(entryAt(templateJson, templateJson.indexOf('Concede the pay cut'))).toEqual({
      kind: 'node',
      id: 'crackdown',
    });
    expect(entryAt(templateJson, templateJson.indexOf('Work resumes with a pay deal'))).toEqual({
      kind: 'ending',
      id: 'deal',
    });
  });
});
