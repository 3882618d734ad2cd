/**
 * Issue 22, the visual editor's id and card edits on the text: renaming an id takes every
 * reference with it and changes nothing else (comments, quoting, key order); a clash is refused
 * with a sentence; deleting a card deletes the choices that led there (no arrow left pointing
 * nowhere); a "Go to: {title}" label follows its card's title until the teacher rewrites it.
 */
import { describe, expect, it } from 'vitest';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { deleteCard, followTitle, renameId, renameRefusal } from '../../src/story-edit/story.ts';
import { StoryText } from '../../src/story-edit/text-edit.ts';

const FILE = `# A drill: comments must survive every edit.
format: crisis-room/1
id: drill
title: Drill
version: 1.0.0
language: en
role: You decide.
summary: A small file.
meters:
  - id: order # the town's calm
    label: Public order
    start: 50
    min: 0
    max: 100
    onMin: "riot"
  - { id: budget, label: Budget, start: 50 }
advisors:
  - id: ana
    name: Ana
    title: Police chief
sources:
  - id: report
    title: A report
start: dam
nodes:
  - id: dam
    title: The dam
    text: Water rises.
    advice:
      - advisor: ana # she insists
        text: Close the road.
        recommends: close
    timeLimit: 30
    onTimeout: wait
    history:
      text: The road was closed.
      choice: close
      sources: [report]
    choices:
      - id: close
        label: Close the road
        effects: { order: 5, budget: -5 }
        set: [road-closed]
        next: town
      - id: wait
        label: Wait
        if: { 'order': ">= 40", has: [road-closed] }
        effects:
          order: -10
        next:
          - { chance: 0.5, goto: riot }
          - { goto: town }
  - id: town
    title: The town
    text: People gather.
    choices:
      - id: calm
        label: "Go to: Calm"
        next: riot
      - id: open
        label: Reopen
        if: { any: [{ order: "< 30" }, { lacks: [road-closed] }] }
        next: dam
endings:
  - id: riot
    title: Calm
    tone: bad
    text: It went badly.
    history:
      text: Not what happened.
      sources:
        - report
`;

function edited(change: (e: StoryText) => void): string {
  const e = new StoryText(FILE, 'yaml');
  change(e);
  return e.text;
}

/** The lines that differ between two texts of the same number of lines. */
function changedLines(a: string, b: string): string[] {
  const x = a.split('\n');
  const y = b.split('\n');
  expect(y).toHaveLength(x.length);
  return y.filter((l, i) => l !== x[i]);
}

describe('renaming an id from a form', () => {
  it('the file checks before any edit', () => {
    expect(
      checkScenarioText(FILE, 'drill.yaml', { explore: false }).diagnostics.filter((d) => d.severity === 'error'),
    ).toEqual([]);
  });

  it('a decision: its id, start, next and a branch goto change, and nothing else', () => {
    const after = edited((e) => expect(renameId(e, 'card', 'town', 'the-town')).toBe(3));
    expect(changedLines(FILE, after)).toEqual([
      '        next: the-town',
      '          - { goto: the-town }',
      '  - id: the-town',
    ]);
    const start = edited((e) => renameId(e, 'card', 'dam', 'flood'));
    expect(changedLines(FILE, start)).toEqual(['start: flood', '  - id: flood', '        next: flood']);
  });

  it('an ending: next, branch goto and a meter onMin (its quotes kept)', () => {
    const after = edited((e) => expect(renameId(e, 'card', 'riot', 'unrest')).toBe(4));
    expect(changedLines(FILE, after)).toEqual([
      '    onMin: "unrest"',
      '          - { chance: 0.5, goto: unrest }',
      '        next: unrest',
      '  - id: unrest',
    ]);
  });

  it('a meter: its id, effects keys (flow and block) and condition keys (quoted, nested), in place', () => {
    const after = edited((e) => expect(renameId(e, 'meter', 'order', 'calm')).toBe(5));
    expect(changedLines(FILE, after)).toEqual([
      "  - id: calm # the town's calm",
      '        effects: { calm: 5, budget: -5 }',
      `        if: { 'calm': ">= 40", has: [road-closed] }`,
      '          calm: -10',
      '        if: { any: [{ calm: "< 30" }, { lacks: [road-closed] }] }',
    ]);
    expect(
      checkScenarioText(after, 'drill.yaml', { explore: false }).diagnostics.filter((d) => d.severity === 'error'),
    ).toEqual([]);
  });

  it('an advisor, a source and a flag', () => {
    expect(
      changedLines(
        FILE,
        edited((e) => renameId(e, 'advisor', 'ana', 'chief')),
      ),
    ).toEqual(['  - id: chief', '      - advisor: chief # she insists']);
    expect(
      changedLines(
        FILE,
        edited((e) => renameId(e, 'source', 'report', 'the-report')),
      ),
    ).toEqual(['  - id: the-report', '      sources: [the-report]', '        - the-report']);
    expect(
      changedLines(
        FILE,
        edited((e) => renameId(e, 'flag', 'road-closed', 'closed')),
      ),
    ).toEqual([
      '        set: [closed]',
      `        if: { 'order': ">= 40", has: [closed] }`,
      '        if: { any: [{ order: "< 30" }, { lacks: [closed] }] }',
    ]);
  });

  it('refuses an id already taken, or empty, in words', () => {
    const data = new StoryText(FILE, 'yaml').get([]);
    expect(renameRefusal(data, 'card', 'town', 'riot')).toBe(
      'The id "riot" is already used by the ending "Calm": pick another one.',
    );
    expect(renameRefusal(data, 'meter', 'order', 'budget')).toBe(
      'The id "budget" is already used by the meter "Budget": pick another one.',
    );
    expect(renameRefusal(data, 'card', 'town', ' ')).toBe('An id cannot be empty.');
    expect(renameRefusal(data, 'card', 'town', 'town')).toBeUndefined();
    expect(renameRefusal(data, 'card', 'town', 'square')).toBeUndefined();
  });
});

describe('deleting a card', () => {
  it('an ending: the choice leading there goes, a branch to it leaves a plain next, a meter onMin goes; the file has no dangling target', () => {
    const after = edited((e) => expect(deleteCard(e, { kind: 'ending', index: 0 })).toBe(2));
    expect(after).not.toMatch(/riot/);
    expect(after).toContain('        next: town\n  - id: town');
    expect(after).toContain('    choices:\n      - id: open');
    const rules = checkScenarioText(after, 'drill.yaml', { explore: false }).diagnostics.map((d) => d.rule);
    expect(rules.filter((r) => /target|unknown/.test(r))).toEqual([]);
    // Everything else as it was: the comments too.
    expect(after).toContain("  - id: order # the town's calm");
    expect(after).toContain('      - advisor: ana # she insists');
  });

  it('a decision: the choices leading to it go with what named them (recommendation, timer, history choice)', () => {
    const after = edited((e) => expect(deleteCard(e, { kind: 'node', index: 1 })).toBe(2));
    expect(after).not.toMatch(/id: town|recommends: close|choice: close/);
    // The branch to the ending stays, as a plain next; the choice that only led to the deleted node is gone.
    expect(after).toContain('        next: riot\n');
    expect(after).toContain('    onTimeout: wait');
    expect(after).not.toContain('id: close');
  });
});

describe('a choice drawn on the map', () => {
  it('keeps "Go to: {title}" following the card title, until the teacher rewrote the label', () => {
    const after = edited((e) => {
      e.set(['endings', 0, 'title'], 'Chaos');
      followTitle(e, 'riot', 'Calm', 'Chaos');
    });
    expect(after).toContain('        label: "Go to: Chaos"');
    const rewritten = FILE.replace('label: "Go to: Calm"', 'label: Calm them down');
    const e = new StoryText(rewritten, 'yaml');
    followTitle(e, 'riot', 'Calm', 'Chaos');
    expect(e.text).toBe(rewritten);
  });
});
