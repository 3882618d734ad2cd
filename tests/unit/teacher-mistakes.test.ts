/**
 * The mistakes teachers really make, each as one edit of tests/fixtures/valid/base.yaml, with the
 * exact line:col and message the checker must give. Positions come from the edited text itself
 * (positionOf), never from the checker's output.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { runCli, type Output } from '../../src/cli/main.ts';
import { startRun } from '../../src/engine/run.ts';
import { webPageMessage } from '../../src/teacher/intake.ts';
import { FIXTURES, TEMPLATE, compileText, positionOf, read, scenarioYaml } from './helpers.ts';

const base = read(join(FIXTURES, 'valid', 'base.yaml'));

/** base.yaml with `from` replaced by `to` (which must be there exactly once). */
function edit(from: string, to: string): string {
  expect(base.split(from).length, `"${from}" once in base.yaml`).toBe(2);
  return base.replace(from, to);
}

/** Every diagnostic as `line:col severity message [rule]`. */
function report(text: string): string[] {
  return checkScenarioText(text, 'mistake.yaml').diagnostics.map(
    (d) => `${d.line}:${d.col} ${d.severity} ${d.message} [${d.rule}]`,
  );
}

function at(text: string, needle: string, from = 0): string {
  const p = positionOf(text, needle, from);
  return `${p.line}:${p.col}`;
}

describe('an unquoted meter test says to quote it', () => {
  it('in flow style: { if: { order: >= 45 } }', () => {
    const text = edit('{ if: { order: "< 45" }, goto: second }', '{ if: { order: >= 45 }, goto: second }');
    expect(report(text)).toEqual([
      `${at(text, '>= 45')} error a meter test must be in quotes: write order: ">= 45" (YAML reads a bare ">" or "<" as the start of a block of text) [syntax]`,
    ]);
  });
  it('in block style: trust: >= 40 on its own line', () => {
    const text = edit('        if: { has: [acted] }\n', '        if:\n          trust: >= 40\n');
    expect(report(text)).toEqual([
      `${at(text, '>= 40')} error a meter test must be in quotes: write trust: ">= 40" (YAML reads a bare ">" or "<" as the start of a block of text) [syntax]`,
    ]);
  });
});

describe('a colon inside an unquoted title or text says to quote the text', () => {
  it('title: Second: the return', () => {
    const text = edit('    title: Second\n', '    title: Second: the return\n');
    expect(report(text)).toEqual([
      `${at(text, 'Second: the return')} error the text after "title:" has a colon and a space in it, which YAML reads as another key: put the whole text in quotes, e.g. title: "Second: the return" [syntax]`,
    ]);
  });
  it('text: The mayor said: no.', () => {
    const text = edit('    text: The second decision.\n', '    text: The mayor said: no.\n');
    expect(report(text)).toEqual([
      `${at(text, 'The mayor said')} error the text after "text:" has a colon and a space in it, which YAML reads as another key: put the whole text in quotes, e.g. text: "The mayor said: no." [syntax]`,
    ]);
  });
});

describe('a list item missing its "-" says so once, at the first place', () => {
  it('a choice written without "- " in the same column as its keys', () => {
    const text = edit(
      '        next: collapse\n',
      '        next: collapse\n        id: flee\n        label: Flee\n        next: collapse\n',
    );
    const place = at(text, 'id: flee');
    expect(report(text)).toEqual([
      `${place} error a list item is missing its "-": "id" appears a second time in the same item here; start the new item with "- id: …" [syntax]`,
    ]);
  });
  it('a node written without "- " in the column of the list\'s dashes', () => {
    const text = edit('  - id: second\n', '  id: second\n');
    expect(report(text)).toEqual([
      `${at(text, 'id: second')} error this line starts a new list item without its "-": write "- id: …" (the dash in the same column as the "-" above) [syntax]`,
    ]);
  });
});

describe('a mis-indented key points at the key, with the errors that follow from it folded in', () => {
  it('indented one space too far', () => {
    const text = edit('    text: The second decision.\n', '     text: The second decision.\n');
    expect(report(text)).toEqual([
      `${at(text, 'text: The second')} error "text" is indented further than "title" above it: keys of the same map must start in the same column (column 5) [syntax]`,
    ]);
  });
  it('indented one space too little', () => {
    const text = edit('    text: The second decision.\n', '   text: The second decision.\n');
    expect(report(text)).toEqual([
      `${at(text, 'text: The second')} error "text" is not lined up with "title" above it: it starts in column 4, "title" in column 5; keys of the same map must start in the same column [syntax]`,
    ]);
  });
});

/** `text` with the § marker taken out, and the marker's line:col (the place the message must name). */
function marked(withMarker: string): { text: string; place: string } {
  const p = positionOf(withMarker, '§');
  return { text: withMarker.replace('§', ''), place: `${p.line}:${p.col}` };
}

describe("a key without its colon says where the colon goes, not the parser's words (issue 21)", () => {
  it.each([
    ['a quoted title', '    title: Second\n', '    title§ "Painful peace"\n', 'write title: "Painful peace"'],
    ['a label', '        label: Wait\n', '        label§ Wait\n', 'write label: Wait'],
    ['the last key of a map', '        next: collapse\n', '        next§ collapse\n', 'write next: collapse'],
    ['a key before a block', '    choices:\n      - id: reform', '    choices§\n      - id: reform', 'write choices:'],
  ])('%s', (_what, from, to, fix) => {
    const { text, place } = marked(edit(from, to));
    const key = /(\w+)§/.exec(to)![1]!;
    expect(report(text)).toEqual([`${place} error a colon is missing after "${key}": ${fix} [syntax]`]);
    expect(report(text).join('\n')).not.toMatch(/Implicit/);
  });
});

describe('a key without its colon before a text with a colon in it (issue 21)', () => {
  it('says where the colon goes, not only "unknown key"', () => {
    const { text, place } = marked(edit('    text: The second decision.\n', '    text§ "Second: the return"\n'));
    expect(report(text)).toContain(
      `${place} error a colon is missing after "text": without it, YAML read "text "Second" (up to the next colon) as one key; write text: and then the value, in quotes when it has a colon in it [unknown-key]`,
    );
  });
  it('on the last line of the file too', () => {
    const { text, place } = marked(edit('    text: It went badly.', '    text§ It went badly.'));
    expect(report(text)).toEqual([
      `${place} error a colon is missing after "text": write text: It went badly. [syntax]`,
    ]);
  });
});

describe('a key indented too little is reported on its own line, in plain words (issue 21)', () => {
  it('between two keys of its map', () => {
    const { text, place } = marked(edit('      text: What happened.\n', '    §text: What happened.\n'));
    expect(report(text)).toEqual([
      `${place} error "text" is indented too little: it starts in column 5, but "choice" above it and "sources" below it start in column 7; move "text" to column 7, so that the keys of the same map start in the same column [syntax]`,
    ]);
  });
  it('the first key of a map', () => {
    const { text, place } = marked(edit('      choice: act\n', '     §choice: act\n'));
    expect(report(text)).toEqual([
      `${place} error "choice" is indented too little: it starts in column 6, but the keys below it ("text", "sources") start in column 7; move "choice" to column 7, so that the keys of the same map start in the same column [syntax]`,
    ]);
  });
  it('back to the column of the list\'s dash (not a new item: it is not an "id")', () => {
    const { text, place } = marked(edit('    text: The second decision.\n', '  §text: The second decision.\n'));
    expect(report(text)).toEqual([
      `${place} error "text" is indented too little: it starts in column 3, but "title" above it starts in column 5; move "text" to column 5, so that the keys of the same map start in the same column [syntax]`,
    ]);
  });
  it("a list item's dash too far left", () => {
    const { text, place } = marked(edit('  - id: second\n', ' - §id: second\n'));
    expect(report(text)).toEqual([
      `${place} error "id" is indented too little: it starts in column 4, but the keys below it ("title", "text", …) start in column 5; move the "-" 1 space to the right, so that the keys of the same map start in the same column [syntax]`,
    ]);
  });
});

describe('two lines joined by accident say where to break, not "add quotes" (issue 21)', () => {
  it.each([
    [
      'text: Protests spread.  choice: wait',
      '      choice: act\n      text: What happened.\n',
      '      text: Protests spread.  §choice: wait\n',
      'choice',
      'text',
      7,
    ],
    [
      'label: Wait next: calm',
      '        label: Wait\n        effects: { order: -60 }\n        next: second\n',
      '        label: Wait §next: second\n        effects: { order: -60 }\n',
      'next',
      'label',
      9,
    ],
    [
      'a key with its block joined to the line above',
      '    text: The second decision.\n    choices:\n',
      '    text: The second decision.  §choices:\n',
      'choices',
      'text',
      5,
    ],
  ])('%s', (_what, from, to, joined, key, col) => {
    const { text, place } = marked(edit(from, to));
    expect(report(text)).toEqual([
      `${place} error two lines seem to be joined here: "${joined}:" starts a key of its own; break the line before "${joined}" and start "${joined}" on a new line in column ${col}, under "${key}" (if it is all one text, put the whole text in quotes instead) [syntax]`,
    ]);
  });
  it('a colon inside a sentence is still "put the text in quotes"', () => {
    const text = edit('    text: The second decision.\n', '    text: The mayor said: no.\n');
    expect(report(text)[0]).toMatch(/put the whole text in quotes, e\.g\. text: "The mayor said: no\."/);
  });
});

describe('the CLI gives the same place and words for these mistakes (issue 21)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crisis-yaml-mistakes-'));
  it.each([
    [
      'missing colon',
      '    title: Second\n',
      '    title§ "Painful peace"\n',
      'a colon is missing after "title": write title: "Painful peace"',
    ],
    ['too little', '      text: What happened.\n', '    §text: What happened.\n', '"text" is indented too little:'],
    [
      'joined',
      '        label: Give up\n        next: collapse\n',
      '        label: Give up §next: collapse\n',
      'two lines seem to be joined here: "next:" starts a key of its own',
    ],
  ])('%s', (name, from, to, words) => {
    const { text, place } = marked(edit(from, to));
    const file = join(dir, `${name.replace(/ /g, '-')}.yaml`);
    writeFileSync(file, text);
    const out: string[] = [];
    const code = runCli(['check', file], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(1);
    expect(out.join('\n')).toContain(`${file}:${place}: error: ${words}`);
  });
});

describe('a mistyped key does not hide the other mistakes of the file', () => {
  it('an unknown key and a wrong reference elsewhere are reported together, in file order', () => {
    const text = edit(
      '        effects: { order: -60 }\n        next: second\n',
      '        efects: { order: -60 }\n        next: secnd\n',
    ).replace('      - advisor: chief\n', '      - advisor: cheif\n');
    expect(report(text)).toEqual([
      `${at(text, 'cheif')} error advisor "cheif" is not an advisor id (did you mean "chief"?) [unknown-ref]`,
      `${at(text, 'efects')} error unknown key "efects" (did you mean "effects"?); only keys starting with "x-" may be added [unknown-key]`,
      `${at(text, 'secnd')} error next "secnd" is not a node or ending id (did you mean "second"?) [unknown-ref]`,
    ]);
  });
  it('other shape errors still come alone (what follows from them is not guessed)', () => {
    const text = edit(
      '        effects: { order: -60 }\n        next: second\n',
      '        effects: { order: many }\n        next: secnd\n',
    );
    expect(report(text).map((l) => l.replace(/ error .*\[/, ' ['))).toEqual([`${at(text, 'many')} [type]`]);
  });
});

describe('a mistyped id offers "did you mean"', () => {
  it.each([
    [
      'next',
      '        next: good\n',
      '        next: goood\n',
      'goood',
      'next "goood" is not a node or ending id (did you mean "good"?)',
    ],
    [
      'advisor',
      '      - advisor: chief\n',
      '      - advisor: cheif\n',
      'cheif',
      'advisor "cheif" is not an advisor id (did you mean "chief"?)',
    ],
    [
      'effects',
      'effects: { order: -10, trust: 5 }',
      'effects: { order: -10, trus: 5 }',
      'trus:',
      'effect on "trus", which is not a meter id (did you mean "trust"?)',
    ],
    [
      'recommends',
      '        recommends: act\n',
      '        recommends: acts\n',
      'acts',
      'recommends "acts", which is not a choice of node "first" (did you mean "act"?)',
    ],
    [
      'sources',
      'sources: [src-a]\n  - id: second',
      'sources: [src-b]\n  - id: second',
      'src-b',
      'source "src-b" is not defined in the top-level sources list (did you mean "src-a"?)',
    ],
  ])('%s', (_what, from, to, needle, message) => {
    const text = edit(from, to);
    expect(report(text)).toEqual([`${at(text, needle)} error ${message} [unknown-ref]`]);
  });
  it('offers nothing when no id is close', () => {
    const text = edit('        next: good\n', '        next: parliament\n');
    expect(report(text)).toEqual([
      `${at(text, 'parliament')} error next "parliament" is not a node or ending id [unknown-ref]`,
    ]);
  });
});

describe('a duplicate id gives the line of the first one', () => {
  it('two meters with the same id', () => {
    const text = edit('  - id: trust\n', '  - id: order\n');
    const first = positionOf(text, 'id: order');
    const second = at(text, 'order', text.indexOf('id: order') + 10);
    expect(report(text)[0]).toBe(
      `${second} error duplicate meter id "order": a meter on line ${first.line} already has this id [duplicate-id]`,
    );
  });
  it('an ending with the id of a node', () => {
    const text = edit('  - id: good\n', '  - id: second\n').replace(/goto: good|next: good/g, (m) =>
      m.replace('good', 'second'),
    );
    const node = positionOf(text, 'id: second');
    const ending = at(text, 'second', text.indexOf('endings:'));
    expect(report(text)).toContain(
      `${ending} error duplicate ending id "second": a node on line ${node.line} already has this id [duplicate-id]`,
    );
  });
});

describe('a stuck node is reported first, and the traps it causes are one note', () => {
  const text = scenarioYaml({
    nodes: [
      '  - id: n1',
      '    title: One',
      '    text: One.',
      '    choices:',
      '      - { id: go, label: Go, effects: { m: 10 }, next: n2 }',
      '  - id: n2',
      '    title: Two',
      '    text: Two.',
      '    choices:',
      '      - { id: go, label: Go, next: n3 }',
      '  - id: n3',
      '    title: Three',
      '    text: Three.',
      '    choices:',
      '      - { id: go, label: Go, next: n4 }',
      '  - id: n4',
      '    title: Four',
      '    text: Four.',
      '    choices:',
      '      - { id: end, label: End, if: { m: "< 50" }, next: end }',
    ].join('\n'),
  });
  it('one error on the stuck node, one note naming the trapped nodes', () => {
    const n4 = at(text, 'n4\n');
    const lines = report(text).filter((l) => !l.includes('[advisor-silent]'));
    expect(lines).toEqual([
      `${n4} error the player can reach node "n4" with no visible choice (m=60; reached by n1.go > n2.go > n3.go) [stuck]`,
      `${n4} warning because node "n4" gets stuck, no ending can be reached from nodes "n1", "n2", "n3" either: fix the stuck node first, then check again [trap]`,
      `${at(text, 'end, title')} warning ending "end" cannot be reached from start [unreachable]`,
    ]);
  });
});

describe('check on a replay file checks it as a replay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crisis-replay-check-'));
  function cli(...args: string[]): { code: number; out: string; err: string } {
    const out: string[] = [];
    const err: string[] = [];
    const o: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };
    return { code: runCli(args, o), out: out.join('\n'), err: err.join('\n') };
  }
  const template = read(TEMPLATE);
  const compiled = compileText(template, TEMPLATE);
  const run = startRun(compiled, 7);
  run.choose(run.visibleChoices()[0]!.id);
  const replay = run.record();
  const good = join(dir, 'good.replay.json');
  writeFileSync(good, JSON.stringify(replay, null, 2));

  it('alone: well formed, and says how to re-play it', () => {
    const r = cli('check', good);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      `${good}: replay of scenario "${replay.scenario.id}" (version ${replay.scenario.version}), seed 7, 1 steps: the file is well formed; to re-play it, check it together with its scenario: check SCENARIO.yaml ${good}`,
    );
    expect(r.out).not.toMatch(/unknown key|missing required key "id"/);
  });
  it('with its scenario (named after it): re-played, every step fits', () => {
    const r = cli('check', good, TEMPLATE);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`re-played on ${TEMPLATE}, every step fits`);
    expect(r.out).toMatch(/2 files checked: 0 errors/);
  });
  it('a step that does not fit is an error at that step', () => {
    const bad = join(dir, 'bad.replay.json');
    const broken = { ...replay, steps: [{ ...replay.steps[0]!, node: 'nowhere' }] };
    const text = JSON.stringify(broken, null, 2);
    writeFileSync(bad, text);
    const r = cli('check', TEMPLATE, bad);
    expect(r.code).toBe(1);
    const step = positionOf(text, '{', text.indexOf('"steps"'));
    expect(r.out).toContain(
      `${bad}:${step.line}:${step.col}: error: replay refused: step 1 differs: the replay says node "nowhere", but playing from seed 7 reaches node "${replay.steps[0]!.node}" [replay]`,
    );
  });
});

describe('?scenario= that returns a web page', () => {
  it('says so in those words (the fetch itself is tested in tests/hostile/fetch.test.ts)', () => {
    expect(webPageMessage('https://example.org/s.yaml')).toMatch(
      /^Could not load the scenario from https:\/\/example\.org\/s\.yaml: this address returned a web page, not a scenario file\./,
    );
  });
});
