/**
 * Every error rule of the contract (docs/scenario-format.md, "What the checker reports"):
 * one broken file each in tests/fixtures/errors/, with the rule and the line:col of the first
 * error in expected.json. Each broken file is tests/fixtures/valid/base.yaml with one thing broken,
 * so a fixture only passes when the checker finds that one thing, at the right place.
 * Limits are generated here (big files are not committed).
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { formatDiagnostic } from '../../src/scenario/diagnostics.ts';
import { startRun } from '../../src/engine/run.ts';
import { FIXTURES, TEMPLATE, compileText, errorsOf, positionOf, read, scenarioYaml } from './helpers.ts';

interface Expected {
  file: string;
  rule: string;
  line: number;
  col: number;
  why: string;
}

const ERRORS = join(FIXTURES, 'errors');
const WARNINGS = join(FIXTURES, 'warnings');
const errorCases = JSON.parse(read(join(ERRORS, 'expected.json'))) as Expected[];
const warningCases = JSON.parse(read(join(WARNINGS, 'expected.json'))) as Expected[];

describe('the base of the fixtures', () => {
  it('passes with no diagnostics at all', () => {
    const r = checkScenarioText(read(join(FIXTURES, 'valid', 'base.yaml')), 'base.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.compiled).toBeDefined();
  });
  it('covers every rule the contract lists', () => {
    const rules = new Set(errorCases.map((c) => c.rule));
    for (const rule of [
      'syntax',
      'unknown-key',
      'required',
      'id-format',
      'duplicate-id',
      'unknown-ref',
      'bad-condition',
      'branch-last',
      'chance-range',
      'time-limit',
      'timeout-needs-onTimeout',
      'trap',
      'stuck',
      'meter-range',
    ]) {
      expect(rules, rule).toContain(rule);
    }
    expect(errorCases.some((c) => c.file.endsWith('.json'))).toBe(true);
  });
});

describe('docs/checker-rules.md and the fixtures cover the same rules', () => {
  const docs = join(FIXTURES, '..', '..', 'docs', 'checker-rules.md');
  it.runIf(existsSync(docs))(
    'every documented rule has a fixture or a generated test, and every tested rule is documented',
    () => {
      const documented = new Set<string>();
      for (const line of read(docs).split('\n')) {
        const cell = /^\| ([^|]+) \|/.exec(line)?.[1];
        if (cell) for (const m of cell.matchAll(/`([a-z][a-zA-Z-]*)`/g)) documented.add(m[1]!);
      }
      documented.delete('rule');
      // Covered by the generated tests below (big files are not committed).
      const generated = [
        'limit-file-size',
        'limit-nodes',
        'limit-choices',
        'limit-meters',
        'limit-advisors',
        'limit-text',
        'explore-incomplete',
        // Tested in cli.test.ts (a file that cannot be read) and engine.test.ts (replay files).
        'io',
        'replay',
        // Generated in tests/hostile/ (issue 13).
        ...['limit-values', 'limit-aliases', 'limit-endings', 'limit-list', 'limit-flags', 'encoding'],
        'limit-explore-memory',
        'limit-steps',
        // Generated in tests/hostile/cost.test.ts (issue 23).
        ...['limit-condition', 'limit-replay-work', 'limit-explore-work'],
      ];
      const tested = new Set([...errorCases.map((c) => c.rule), ...warningCases.map((c) => c.rule), ...generated]);
      expect([...documented].filter((r) => !tested.has(r))).toEqual([]);
      expect([...tested].filter((r) => !documented.has(r))).toEqual([]);
    },
  );
});

describe('error fixtures: the rule and line:col of the first error', () => {
  it.each(errorCases.map((c) => [c.file, c] as const))('%s', (file, c) => {
    const r = checkScenarioText(read(join(ERRORS, file)), file);
    const first = errorsOf(r.diagnostics)[0];
    expect(first, `${c.why}: no error reported`).toBeDefined();
    expect(
      { rule: first!.rule, line: first!.line, col: first!.col },
      `${c.why}\n${r.diagnostics.map(formatDiagnostic).join('\n')}`,
    ).toEqual({
      rule: c.rule,
      line: c.line,
      col: c.col,
    });
    expect(first!.file).toBe(file);
    expect(first!.message.length).toBeGreaterThan(5);
    // A file with an error is refused: nothing to play.
    expect(r.compiled).toBeUndefined();
  });
});

describe('the same fixtures with CRLF line ends and with a byte-order mark', () => {
  it.each(errorCases.map((c) => [c.file, c] as const))('%s', (file, c) => {
    const text = read(join(ERRORS, file));
    for (const variant of [text.replace(/\n/g, '\r\n'), '\ufeff' + text]) {
      const first = errorsOf(checkScenarioText(variant, file).diagnostics)[0];
      expect(first && { rule: first.rule, line: first.line, col: first.col }, c.why).toEqual({
        rule: c.rule,
        line: c.line,
        col: c.col,
      });
    }
  });
});

describe('warning fixtures: reported where they are, and the file still plays', () => {
  it.each(warningCases.map((c) => [c.file, c] as const))('%s', (file, c) => {
    const text = read(join(WARNINGS, file));
    const r = checkScenarioText(text, file);
    expect(errorsOf(r.diagnostics)).toEqual([]);
    const w = r.diagnostics.filter((d) => d.rule === c.rule);
    expect(w.length, `${c.why}\n${r.diagnostics.map(formatDiagnostic).join('\n')}`).toBe(1);
    expect({ severity: w[0]!.severity, line: w[0]!.line, col: w[0]!.col }).toEqual({
      severity: 'warning',
      line: c.line,
      col: c.col,
    });
    // Plays: act, then reform, reaches the good ending whatever the draws.
    const run = startRun(compileText(text, file), 99);
    run.choose('act');
    if (!run.ended) run.choose('reform');
    expect(run.ending?.id).toBe('good');
  });

  it('keys starting with x- are kept and ignored at every level: no diagnostics', () => {
    const r = checkScenarioText(read(join(FIXTURES, 'valid', 'x-keys.yaml')), 'x-keys.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.compiled).toBeDefined();
  });

  it("the teacher template (YAML and JSON) and the contract's own examples pass check with no errors and no warnings", () => {
    for (const f of [
      TEMPLATE,
      join(FIXTURES, 'valid', 'template.json'),
      join(FIXTURES, 'valid', 'contract-examples.yaml'),
    ]) {
      const r = checkScenarioText(read(f), f);
      expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
      expect(r.explore?.complete).toBe(true);
    }
  });
});

describe('what the contract allows', () => {
  const base = () => read(join(FIXTURES, 'valid', 'base.yaml'));
  it('the same choice id in two nodes (a choice is named nodeId.choiceId elsewhere)', () => {
    const text = base().replace('      - id: give-up\n', '      - id: act\n');
    expect(checkScenarioText(text, 'x.yaml').diagnostics).toEqual([]);
  });
  it('meters, advisors, sources and nodes may share ids with each other (only nodes and endings share a namespace)', () => {
    const text = base()
      .replace(/\bchief\b/g, 'first')
      .replace(/\bsrc-a\b/g, 'first')
      .replace(/\btrust\b/g, 'first');
    expect(checkScenarioText(text, 'x.yaml').diagnostics).toEqual([]);
  });
  it('ids that are names of JavaScript object members work like any other id', () => {
    const text = base()
      .replace(/\btrust\b/g, 'constructor')
      .replace(/\bacted\b/g, 'tostring')
      .replace(/\bsecond\b/g, 'hasownproperty');
    const run = startRun(compileText(text), 3);
    run.choose('act');
    if (!run.ended) {
      expect(run.flags).toEqual(['tostring']);
      expect(run.meters.constructor).toBe(55);
      run.choose('reform');
    }
    expect(run.ending?.id).toBe('good');
  });
  it('markup in a text is plain text: <script> passes and reaches the game as those characters', () => {
    const text = base().replace(
      '    text: The first decision.',
      '    text: "<script>alert(1)</script> &amp; <b>bold</b>"',
    );
    const run = startRun(compileText(text), 1);
    expect(run.node?.text).toBe('<script>alert(1)</script> &amp; <b>bold</b>');
  });
  it('a yaml file may be named .yml, a JSON file .JSON', () => {
    expect(checkScenarioText(base(), 'x.yml').diagnostics).toEqual([]);
    expect(checkScenarioText(read(join(FIXTURES, 'valid', 'template.json')), 'X.JSON').diagnostics).toEqual([]);
  });
  it('optional fields may be left out: a scenario with only the required keys passes', () => {
    const text = scenarioYaml({
      nodes:
        '  - { id: n1, title: T, text: X, advice: [ { advisor: adv, text: A } ], choices: [ { id: c, label: L, effects: { m: 1 }, next: end } ] }',
    });
    expect(checkScenarioText(text, 'x.yaml').diagnostics).toEqual([]);
  });
  it('a state space over the exploration limit is a warning that the proof stopped, not an error or a hang', () => {
    // m goes up and down by 1 in 0..100, n up by 1 with each down: thousands of states, explored with a limit of 500.
    const nodes = [
      '  - id: n1',
      '    title: T',
      '    text: X',
      '    advice: [ { advisor: adv, text: A } ]',
      '    choices:',
      '      - { id: up, label: Up, effects: { m: 1 }, next: n1 }',
      '      - { id: down, label: Down, effects: { m: -1, n: 1 }, next: n1 }',
      '      - { id: stop, label: Stop, next: end }',
    ].join('\n');
    const text = scenarioYaml({
      meters: '  - { id: m, label: M, start: 50 }\n  - { id: n, label: N, start: 0 }',
      nodes,
    });
    const limited = checkScenarioText(text, 'x.yaml', { limit: 500 });
    expect(errorsOf(limited.diagnostics)).toEqual([]);
    const w = limited.diagnostics.filter((d) => d.rule === 'explore-incomplete');
    expect(w.map((d) => [d.severity, d.line])).toEqual([['warning', positionOf(text, 'start: n1').line]]);
    expect(limited.explore?.complete).toBe(false);
    expect(limited.compiled).toBeDefined();
    const full = checkScenarioText(text, 'x.yaml');
    expect(full.diagnostics).toEqual([]);
    expect(full.explore?.complete).toBe(true);
    // Every (m, n) in 0..100 x 0..100 except those with m < 50 - n: m only falls by "down", which raises n
    // (for n = 0..49 the values m = 0..49-n are out of reach: 50 + 49 + ... + 1 = 1275 states).
    expect(full.explore?.states).toBe(101 * 101 - 1275);
  });
  it('time running out is a way out: the onTimeout choice is taken even when its if hides it, and the explorer knows', () => {
    const nodes = [
      '  - id: n1',
      '    title: T',
      '    text: X',
      '    advice: [ { advisor: adv, text: A } ]',
      '    timeLimit: 10',
      '    onTimeout: leave',
      '    choices:',
      '      - { id: stay, label: Stay, effects: { m: 1 }, next: n1 }',
      '      - { id: leave, label: Leave, if: { m: "> 100" }, next: end }',
    ].join('\n');
    const text = scenarioYaml({ nodes });
    // Without the timeout, n1 would be a trap and the ending unreachable.
    const r = checkScenarioText(text, 'x.yaml');
    expect(r.diagnostics).toEqual([]);
    const run = startRun(compileText(text), 1);
    expect(run.visibleChoices().map((c) => c.id)).toEqual(['stay']);
    expect(run.timeout().choice).toBe('leave');
    expect(run.ending?.id).toBe('end');
    // Without a timeLimit, the same file has a trap.
    const untimed = text.replace('    timeLimit: 10\n', '');
    expect(errorsOf(checkScenarioText(untimed, 'x.yaml').diagnostics).map((d) => d.rule)).toEqual(['trap']);
  });

  it('a trap beyond the exploration limit is not reported as a trap', () => {
    const nodes = [
      '  - id: n1',
      '    title: T',
      '    text: X',
      '    advice: [ { advisor: adv, text: A } ]',
      '    choices:',
      '      - { id: up, label: Up, effects: { m: 1 }, next: n1 }',
      '      - { id: stop, label: Stop, if: { m: "< 90" }, next: end }',
    ].join('\n');
    const text = scenarioYaml({ meters: '  - { id: m, label: M, start: 0 }', nodes });
    // Full exploration: from m = 90 on, only "up" is left and it loops at 100: a trap.
    expect(errorsOf(checkScenarioText(text, 'x.yaml').diagnostics).map((d) => d.rule)).toEqual(['trap']);
    // With a limit of 20 states the proof stops before m = 90: no false trap, a warning instead.
    const limited = checkScenarioText(text, 'x.yaml', { limit: 20 });
    expect(limited.diagnostics.map((d) => d.rule)).toEqual(['explore-incomplete']);
  });
});

describe('other refusals', () => {
  it('a file that is not a map', () => {
    for (const text of ['- a\n- b\n', 'just words\n', '42\n']) {
      const r = checkScenarioText(text, 'x.yaml');
      expect(errorsOf(r.diagnostics).map((d) => [d.rule, d.line, d.col])).toEqual([['type', 1, 1]]);
    }
  });
  it('an empty file', () => {
    expect(errorsOf(checkScenarioText('', 'x.yaml').diagnostics).map((d) => d.rule)).toEqual(['syntax']);
    expect(errorsOf(checkScenarioText('# only a comment\n', 'x.yaml').diagnostics).map((d) => d.rule)).toEqual([
      'syntax',
    ]);
    expect(errorsOf(checkScenarioText('', 'x.json').diagnostics).map((d) => d.rule)).toEqual(['syntax']);
  });
  it('JSON comments are not JSON, even though YAML would take them', () => {
    const json = read(join(FIXTURES, 'valid', 'template.json'));
    const r = checkScenarioText(json.replace('{\n', '{\n  // a comment\n'), 't.json');
    expect(errorsOf(r.diagnostics).map((d) => [d.rule, d.line])).toEqual([['syntax', 2]]);
  });
  it('a JSON file with the same content as the YAML one gives the same rule at the JSON position', () => {
    const json = read(join(FIXTURES, 'valid', 'template.json')).replace('"next": "deal"', '"next": "dael"');
    const r = checkScenarioText(json, 't.json');
    const e = errorsOf(r.diagnostics);
    expect(e.map((d) => d.rule)).toEqual(['unknown-ref']);
    const p = positionOf(json, '"dael"');
    expect([e[0]!.line, e[0]!.col]).toEqual([p.line, p.col]);
  });
  it('every error of a file is reported, not only the first', () => {
    const base = read(join(FIXTURES, 'valid', 'base.yaml'));
    const text = base
      .replace('start: first', 'start: nowhere')
      .replace('next: collapse', 'next: colapse')
      .replace('        recommends: act', '        recommends: nope');
    const e = errorsOf(checkScenarioText(text, 'x.yaml').diagnostics);
    expect(e.map((d) => [d.rule, d.line])).toEqual([
      ['unknown-ref', positionOf(text, 'start: nowhere').line],
      ['unknown-ref', positionOf(text, 'recommends: nope').line],
      ['unknown-ref', positionOf(text, 'next: colapse').line],
    ]);
  });
  it('an unknown key suggests the key it is closest to', () => {
    const base = read(join(FIXTURES, 'valid', 'base.yaml'));
    const r = checkScenarioText(base.replace('    title: Second', '    tilte: Second'), 'x.yaml');
    expect(r.diagnostics.find((d) => d.rule === 'unknown-key')?.message).toContain('"title"');
  });
  it('prints FILE:LINE:COL: error|warning: message [rule-id]', () => {
    const r = checkScenarioText(read(join(ERRORS, 'ref-goto.yaml')), 'ref-goto.yaml');
    expect(formatDiagnostic(r.diagnostics[0]!)).toMatch(/^ref-goto\.yaml:\d+:\d+: error: .+ \[unknown-ref\]$/);
  });
});

/** A chain of `n` nodes, each with `choices` choices, ending at `end`. */
