/**
 * Visual edits write back into the teacher's own text (issue 22): every scenario file of the
 * repository and the fixtures, opened, one choice label changed, differs in that line only; and
 * every kind of structural edit (nodes, choices, endings, news, advice, branches, positions)
 * leaves the rest of the file as it was and gives exactly the data asked for.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { StoryText, diffText, formatOfName, pathAtOffset, parseStory } from '../../src/story-edit/text-edit.ts';
import { ROOT, read } from './helpers.ts';

function scenarioFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...scenarioFiles(p));
    else if (/\.(ya?ml|json)$/i.test(name)) out.push(p);
  }
  return out;
}

interface Raw {
  nodes?: { id?: string; choices?: { label?: unknown }[] }[];
}

/** The files the round trip can open: readable, with at least one choice that has a label. */
function labelled(): { file: string; text: string; node: number; choice: number }[] {
  const out: { file: string; text: string; node: number; choice: number }[] = [];
  for (const file of [...scenarioFiles(join(ROOT, 'scenarios')), ...scenarioFiles(join(ROOT, 'tests', 'fixtures'))]) {
    const text = read(file);
    let data: Raw;
    try {
      parseStory(text);
      data = parseYaml(text) as Raw;
    } catch {
      continue;
    }
    const nodes = Array.isArray(data?.nodes) ? data.nodes : [];
    const node = nodes.findIndex(
      (n) => Array.isArray(n?.choices) && n.choices.some((c) => typeof c?.label === 'string'),
    );
    if (node < 0) continue;
    const choice = nodes[node]!.choices!.findIndex((c) => typeof c?.label === 'string');
    out.push({ file: relative(ROOT, file), text, node, choice });
  }
  return out;
}

const FILES = labelled();

function changedLines(before: string, after: string): { before: string[]; after: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let s = 0;
  while (s < a.length && s < b.length && a[s] === b[s]) s++;
  let e = 0;
  while (e < a.length - s && e < b.length - s && a[a.length - 1 - e] === b[b.length - 1 - e]) e++;
  return { before: a.slice(s, a.length - e), after: b.slice(s, b.length - e) };
}

describe('round trip: change one label, the file differs in that line only', () => {
  it('finds the repository’s scenarios and fixtures', () => {
    expect(FILES.length).toBeGreaterThan(60);
    expect(FILES.some((f) => f.file === 'scenarios/kazakhstan-2022.yaml')).toBe(true);
    expect(FILES.some((f) => f.file.endsWith('.json'))).toBe(true);
  });

  it.each(FILES.map((f) => [f.file, f] as const))('%s', (_name, f) => {
    const edit = new StoryText(f.text, formatOfName(f.file));
    const path = ['nodes', f.node, 'choices', f.choice, 'label'];
    const oldLabel = edit.get(path) as string;
    edit.set(path, 'Call the governors: talks first');
    const lines = changedLines(f.text, edit.text);
    expect(lines.before).toHaveLength(1);
    expect(lines.after).toHaveLength(1);
    expect(lines.after[0]).toContain('Call the governors: talks first');
    expect(lines.before[0]).toMatch(/label/);
    expect(typeof oldLabel).toBe('string');
    const expected = parseYaml(f.text) as Raw;
    (expected.nodes![f.node]!.choices![f.choice] as { label: string }).label = 'Call the governors: talks first';
    expect(parseYaml(edit.text)).toEqual(expected);
  });
});

const BLOCK = `# A hand-written file
format: crisis-room/1
id: edit-me   # keep this comment
start: first
nodes:
  - id: first
    title: "The first decision"   # quoted on purpose
    text: |
      What is happening.

      More.
    choices:
      - { id: act, label: Act, next: the-end }
      - id: wait
        label: Wait

        next: the-end

  - id: second
    title: Second
    text: Two.
    choices:
      - { id: go, label: Go, next: the-end }
endings:
  - { id: the-end, title: The end, tone: good, text: What became of it. }
`;

const JSON_TEXT = `{
  "format": "crisis-room/1",
  "start": "first",
  "nodes": [
    {
      "id": "first",
      "title": "One",
      "choices": [
        { "id": "act", "label": "Act", "next": "the-end" }
      ]
    }
  ],
  "endings": [{ "id": "the-end", "title": "The end", "tone": "good", "text": "x" }]
}
`;

type Data = Record<string, any>;

/** Apply an edit and compare the data with the same change made on plain data. */
function same(text: string, format: 'yaml' | 'json', edit: (s: StoryText) => void, change: (d: Data) => void) {
  const s = new StoryText(text, format);
  edit(s);
  const expected = parseYaml(text) as Data;
  change(expected);
  expect(parseYaml(s.text)).toEqual(expected);
  return s.text;
}

describe('structural edits keep the rest of the text', () => {
  it('adds a node at the end of the list in the list’s own style, comments untouched', () => {
    const node = {
      id: 'third',
      title: 'Third: a new one',
      text: 'Line one\nLine two\n',
      choices: [{ id: 'c', label: 'C', next: 'the-end' }],
    };
    const out = same(
      BLOCK,
      'yaml',
      (s) => s.insert(['nodes'], node),
      (d) => d.nodes.push(node),
    );
    expect(out.startsWith(BLOCK.slice(0, BLOCK.indexOf('endings:')).trimEnd())).toBe(true);
    expect(out).toContain(
      '  - id: third\n    title: "Third: a new one"\n    text: |\n      Line one\n      Line two\n',
    );
  });

  it('adds a choice to a list of flow items and removes one, leaving its neighbours', () => {
    const c = { id: 'talk', label: 'Talk', next: 'second' };
    same(
      BLOCK,
      'yaml',
      (s) => s.insert(['nodes', 1, 'choices'], c),
      (d) => d.nodes[1].choices.push(c),
    );
    const out = same(
      BLOCK,
      'yaml',
      (s) => s.remove(['nodes', 0, 'choices', 0]),
      (d) => d.nodes[0].choices.splice(0, 1),
    );
    expect(out).toContain('    choices:\n      - id: wait\n');
    same(
      BLOCK,
      'yaml',
      (s) => s.remove(['nodes', 0, 'choices', 1]),
      (d) => d.nodes[0].choices.splice(1, 1),
    );
  });

  it('removes a whole node and an ending (the last item of a list leaves an empty list)', () => {
    same(
      BLOCK,
      'yaml',
      (s) => s.remove(['nodes', 0]),
      (d) => d.nodes.splice(0, 1),
    );
    same(
      BLOCK,
      'yaml',
      (s) => s.remove(['nodes', 1]),
      (d) => d.nodes.splice(1, 1),
    );
    same(
      BLOCK,
      'yaml',
      (s) => s.remove(['endings', 0]),
      (d) => (d.endings = []),
    );
  });

  it('moves a card: x-map written into a block node and into a flow ending, then updated in place', () => {
    let out = same(
      BLOCK,
      'yaml',
      (s) => s.set(['nodes', 0, 'x-map'], { x: 120, y: 40 }),
      (d) => (d.nodes[0]['x-map'] = { x: 120, y: 40 }),
    );
    expect(out).toContain('        next: the-end\n    x-map:\n      x: 120\n      y: 40\n\n  - id: second\n');
    out = same(
      out,
      'yaml',
      (s) => s.set(['nodes', 0, 'x-map'], { x: 10, y: 4 }),
      (d) => (d.nodes[0]['x-map'] = { x: 10, y: 4 }),
    );
    const moved = out;
    out = same(
      out,
      'yaml',
      (s) => s.set(['endings', 0, 'x-map'], { x: 1, y: 2 }),
      (d) => (d.endings[0]['x-map'] = { x: 1, y: 2 }),
    );
    expect(out).toContain('text: What became of it., x-map: { x: 1, y: 2 } }');
    out = same(
      out,
      'yaml',
      (s) => s.set(['endings', 0, 'x-map'], { x: 5, y: 6 }),
      (d) => (d.endings[0]['x-map'] = { x: 5, y: 6 }),
    );
    expect(changedLines(moved, out)).toEqual({
      before: ['  - { id: the-end, title: The end, tone: good, text: What became of it. }'],
      after: ['  - { id: the-end, title: The end, tone: good, text: What became of it., x-map: { x: 5, y: 6 } }'],
    });
  });

  it('sets, adds and removes fields of a choice and a node, texts with colons quoted', () => {
    same(
      BLOCK,
      'yaml',
      (s) => s.set(['nodes', 0, 'choices', 0, 'detail'], 'Note: this'),
      (d) => (d.nodes[0].choices[0].detail = 'Note: this'),
    );
    same(
      BLOCK,
      'yaml',
      (s) => s.set(['nodes', 0, 'choices', 1, 'effects', 'order'], -5),
      (d) => (d.nodes[0].choices[1].effects = { order: -5 }),
    );
    same(
      BLOCK,
      'yaml',
      (s) => s.set(['nodes', 0, 'text'], 'Short now'),
      (d) => (d.nodes[0].text = 'Short now'),
    );
    same(
      BLOCK,
      'yaml',
      (s) => s.set(['nodes', 1, 'text'], 'Two\nlines\n'),
      (d) => (d.nodes[1].text = 'Two\nlines\n'),
    );
    same(
      BLOCK,
      'yaml',
      (s) => s.set(['nodes', 0, 'choices', 1, 'label'], undefined),
      (d) => delete d.nodes[0].choices[1].label,
    );
    same(
      BLOCK,
      'yaml',
      (s) => s.set(['nodes', 0, 'choices', 1, 'id'], undefined),
      (d) => delete d.nodes[0].choices[1].id,
    );
    const out = same(
      BLOCK,
      'yaml',
      (s) => s.set(['nodes', 0, 'title'], 'Renamed'),
      (d) => (d.nodes[0].title = 'Renamed'),
    );
    expect(out).toContain('    title: "Renamed"   # quoted on purpose\n');
    expect(out).toContain('id: edit-me   # keep this comment');
  });

  it('turns a plain next into branches (a chance and an otherwise) and back', () => {
    const branches = [
      { chance: 0.3, goto: 'second' },
      { if: { order: '>= 40' }, goto: 'the-end' },
      { goto: 'the-end' },
    ];
    let out = same(
      BLOCK,
      'yaml',
      (s) => s.set(['nodes', 0, 'choices', 1, 'next'], branches),
      (d) => (d.nodes[0].choices[1].next = branches),
    );
    out = same(
      out,
      'yaml',
      (s) => s.set(['nodes', 0, 'choices', 1, 'next'], 'second'),
      (d) => (d.nodes[0].choices[1].next = 'second'),
    );
    same(
      BLOCK,
      'yaml',
      (s) => s.set(['nodes', 0, 'choices', 0, 'next'], branches),
      (d) => (d.nodes[0].choices[0].next = branches),
    );
  });

  it('adds news and advice lists that were not there, then a second item', () => {
    const news = { source: 'Radio: local', text: 'Crowds gather' };
    let out = same(
      BLOCK,
      'yaml',
      (s) => s.insert(['nodes', 1, 'news'], news),
      (d) => (d.nodes[1].news = [news]),
    );
    out = same(
      out,
      'yaml',
      (s) => s.insert(['nodes', 1, 'news'], news, 0),
      (d) => (d.nodes[1].news = [news, news]),
    );
    same(
      out,
      'yaml',
      (s) => s.insert(['nodes', 1, 'advice'], { advisor: 'a', text: 'b', recommends: 'go' }),
      (d) => (d.nodes[1].advice = [{ advisor: 'a', text: 'b', recommends: 'go' }]),
    );
  });

  it('edits JSON as JSON: labels, a new choice, positions, removals', () => {
    let out = same(
      JSON_TEXT,
      'json',
      (s) => s.set(['nodes', 0, 'choices', 0, 'label'], 'Act "now"'),
      (d) => (d.nodes[0].choices[0].label = 'Act "now"'),
    );
    expect(JSON.parse(out).nodes[0].choices[0].label).toBe('Act "now"');
    out = same(
      JSON_TEXT,
      'json',
      (s) => s.insert(['nodes', 0, 'choices'], { id: 'b', label: 'B', next: 'the-end' }),
      (d) => d.nodes[0].choices.push({ id: 'b', label: 'B', next: 'the-end' }),
    );
    expect(() => JSON.parse(out)).not.toThrow();
    out = same(
      out,
      'json',
      (s) => s.set(['nodes', 0, 'x-map'], { x: 3, y: 4 }),
      (d) => (d.nodes[0]['x-map'] = { x: 3, y: 4 }),
    );
    out = same(
      out,
      'json',
      (s) => s.remove(['nodes', 0, 'choices', 0]),
      (d) => d.nodes[0].choices.splice(0, 1),
    );
    out = same(
      out,
      'json',
      (s) => s.remove(['nodes', 0, 'title']),
      (d) => delete d.nodes[0].title,
    );
    expect(() => JSON.parse(out)).not.toThrow();
    expect(out.startsWith('{\n  "format": "crisis-room/1",\n  "start": "first",\n')).toBe(true);
  });

  it('refuses to edit a text with a syntax error instead of guessing', () => {
    expect(() => new StoryText('a: [1, 2\nb: 3', 'yaml').set(['a', 0], 4)).toThrow(/syntax error/);
  });

  it('reports the path under a checker position and the smallest change between two texts', () => {
    const doc = parseStory(BLOCK);
    expect(pathAtOffset(doc, BLOCK.indexOf('Wait'))).toEqual(['nodes', 0, 'choices', 1, 'label']);
    expect(pathAtOffset(doc, BLOCK.indexOf('tone: good') + 6)).toEqual(['endings', 0, 'tone']);
    expect(diffText('abcdef', 'abXdef')).toEqual({ from: 2, to: 3, insert: 'X' });
  });
});

describe('every fixture takes a structural edit and still reads as the data asked for', () => {
  it.each(FILES.map((f) => [f.file, f] as const))('%s', (_name, f) => {
    const fmt = formatOfName(f.file);
    const choice = { id: 'added-choice', label: 'Added: one', next: 'x' };
    let out = same(
      f.text,
      fmt,
      (s) => s.insert(['nodes', f.node, 'choices'], choice),
      (d) => d.nodes[f.node].choices.push(choice),
    );
    out = same(
      out,
      fmt,
      (s) => s.set(['nodes', f.node, 'x-map'], { x: 7, y: 9 }),
      (d) => (d.nodes[f.node]['x-map'] = { x: 7, y: 9 }),
    );
    same(
      out,
      fmt,
      (s) => s.remove(['nodes', f.node, 'choices', f.choice]),
      (d) => d.nodes[f.node].choices.splice(f.choice, 1),
    );
  });
});
