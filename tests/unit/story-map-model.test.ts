/**
 * The story map's model (issue 22): cards and arrows read from a draft, the map's edits (a node
 * or an ending dropped on the map, a choice drawn to a card, a card moved) give a scenario the
 * checker reads, and the quick start gives a scenario that plays with no problem at all.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { checkScenarioText } from '../../src/analysis/check.ts';
import {
  addChoice,
  addEnding,
  addNode,
  moveCard,
  quickStartText,
  readStory,
  uniqueId,
} from '../../src/story-edit/story.ts';
import { StoryText } from '../../src/story-edit/text-edit.ts';
import { TEMPLATE, read } from './helpers.ts';

describe('story map model', () => {
  const text = read(TEMPLATE);
  const story = readStory(parseYaml(text));

  it('has a card per node and ending and an arrow per choice or branch, with timer and chance marks', () => {
    const data = parseYaml(text) as {
      nodes: { id: string; timeLimit?: number; choices: { next: unknown }[] }[];
      endings: unknown[];
    };
    expect(story.cards.filter((c) => c.kind === 'node')).toHaveLength(data.nodes.length);
    expect(story.cards.filter((c) => c.kind === 'ending')).toHaveLength(data.endings.length);
    const arrows = data.nodes.flatMap((n) => n.choices.flatMap((c) => (Array.isArray(c.next) ? c.next : [c.next])));
    expect(story.arrows).toHaveLength(arrows.length);
    for (const n of data.nodes) expect(story.cards.find((c) => c.id === n.id)?.timer).toBe(n.timeLimit);
    expect(story.cards.some((c) => c.chance)).toBe(
      data.nodes.some((n) =>
        n.choices.some((c) => Array.isArray(c.next) && c.next.some((b: { chance?: number }) => b.chance !== undefined)),
      ),
    );
  });

  it('drops a node and an ending, draws a choice between them, and moves a card', () => {
    const edit = new StoryText(text, 'yaml');
    const node = addNode(edit, story, { x: 400.4, y: 90 });
    const s1 = readStory(parseYaml(edit.text));
    const ending = addEnding(edit, s1, { x: 400, y: 300 });
    const s2 = readStory(parseYaml(edit.text));
    const card = s2.cards.find((c) => c.id === node)!;
    addChoice(edit, s2, card.index, ending);
    moveCard(edit, card, { x: 10, y: 20 });
    const s3 = readStory(parseYaml(edit.text));
    expect(s3.cards.find((c) => c.id === node)?.pos).toEqual({ x: 10, y: 20 });
    expect(s3.cards.find((c) => c.id === ending)?.pos).toEqual({ x: 400, y: 300 });
    expect(s3.arrows.filter((a) => a.from === node).map((a) => a.to)).toEqual([ending]);
    // The file stays a scenario: the new node is unreachable (a warning), nothing else is wrong.
    const errors = checkScenarioText(edit.text, 'template.yaml').diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
    expect(edit.text.startsWith(text.slice(0, text.indexOf('\nendings:')))).toBe(true);
  });

  it('makes ids from titles, unique in the file', () => {
    expect(uniqueId('The army moves!', [])).toBe('the-army-moves');
    expect(uniqueId('Start', ['start', 'start-2'])).toBe('start-3');
    expect(uniqueId('—', [], 'node')).toBe('node');
  });
});

describe('quick start', () => {
  it('lays out one node with three choices to three endings, and it plays with no problem', () => {
    const text = quickStartText({
      crisis: 'Flood in the valley',
      role: 'You are the mayor.',
      meters: ['Public order', 'Budget', 'Trust'],
      advisors: [
        { name: 'Ana Diaz', title: 'Police chief' },
        { name: 'Ben Ode', title: 'Treasurer' },
      ],
    });
    const r = checkScenarioText(text, 'flood.yaml');
    expect(r.diagnostics).toEqual([]);
    const story = readStory(parseYaml(text));
    expect(story.cards.map((c) => c.kind)).toEqual(['node', 'ending', 'ending', 'ending']);
    expect(story.arrows).toHaveLength(3);
    expect(new Set(story.arrows.map((a) => a.to)).size).toBe(3);
    expect(story.cards.every((c) => c.pos)).toBe(true);
    expect(story.meters.map((m) => m.label)).toEqual(['Public order', 'Budget', 'Trust']);
    expect(
      checkScenarioText(
        quickStartText({ crisis: 'X', role: 'Y', meters: ['A', 'B'], advisors: [{ name: 'C', title: '' }] }, 'json'),
        'x.json',
      ).diagnostics,
    ).toEqual([]);
  });
});
