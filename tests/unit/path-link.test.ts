/**
 * Short replay links (issue 21, point 7): a decision path travels as `#p=…` with only the choices,
 * the seed, the times and the name; the receiving browser plays them on its own copy of the
 * scenario and gets the very same replay file back. Without that scenario (or with another file of
 * it) it says which one to open first. Old `#r=` links are still read.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startRun } from '../../src/engine/run.ts';
import type { CompiledScenario } from '../../src/engine/machine.ts';
import type { ReplayFile } from '../../src/scenario/schema.ts';
import { makeLink, readShared } from '../../src/share/link.ts';
import { expandPath, makePathLink, readPath, scenarioForPath } from '../../src/share/path-link.ts';
import { replaysFromLinks } from '../../src/class-review/inputs.ts';
import { ClassReviewCollector } from '../../src/analysis/class-review.ts';
import { ROOT, compileText, read } from './helpers.ts';

/** The goal the issue sets: a 13-decision Kazakhstan path in at most 600 characters. */
const GOAL_CHARACTERS = 600;
const GOAL_DECISIONS = 13;
/** A long-ish real address the game could be served from (the whole link counts, not only the fragment). */
const BASE = 'https://history-department.school.example.org/crisis-room/index.html';

const KAZAKHSTAN_TEXT = read(join(ROOT, 'scenarios', 'kazakhstan-2022.yaml'));
const kazakhstan = compileText(KAZAKHSTAN_TEXT, 'kazakhstan-2022.yaml');

/** Every node's `history.choice` from seed 0 (which takes the historical chance branches), with times and a name. */
function historicalReplay(): ReplayFile {
  const run = startRun(kazakhstan, 0);
  run.player = 'Ana María López-Fernández';
  for (let i = 0; !run.ended && i < 50; i++) {
    const choice = run.node!.history?.choice;
    expect(choice, `history.choice at ${run.at}`).toBeTruthy();
    // Up to two minutes a decision, as a class really takes.
    run.choose(choice!, 95_000 + 1_337 * i);
  }
  return run.record();
}

describe('a short link for a decision path', () => {
  const replay = historicalReplay();

  it(`the ${GOAL_DECISIONS}-decision historical Kazakhstan path fits in ${GOAL_CHARACTERS} characters, address included`, () => {
    expect(replay.steps).toHaveLength(GOAL_DECISIONS);
    const made = makePathLink(BASE, replay, kazakhstan)!;
    expect(made).toBeDefined();
    expect(made.url.length).toBeLessThanOrEqual(GOAL_CHARACTERS);
    // The old whole-replay link, for the record: longer.
    const old = makeLink(BASE, 'replay', JSON.stringify(replay), 'k.replay.json');
    expect(old.url!.length).toBeGreaterThan(made.url.length);
  });

  it('reads back to the identical replay file on the same scenario', () => {
    const made = makePathLink(BASE, replay, kazakhstan)!;
    const path = readPath(new URL(made.url).hash)!;
    expect(path.scenario).toEqual({ id: 'kazakhstan-2022', version: '3.0.0', hash: kazakhstan.sha256.slice(0, 12) });
    const back = expandPath(path, kazakhstan);
    expect(back).toEqual({ ok: true, replay });
    // And a copy compiled anew from the same text (as another browser has it) fits too.
    const again = compileText(KAZAKHSTAN_TEXT, 'elsewhere.yaml');
    expect(expandPath(path, again)).toEqual({ ok: true, replay });
  });

  it('keeps timed-out decisions, steps without a time, and no name', () => {
    const run = startRun(kazakhstan, 12345);
    let timedOut = 0;
    for (let i = 0; !run.ended && i < 50; i++) {
      if (run.node!.onTimeout && timedOut === 0) {
        run.timeout(30_000);
        timedOut++;
      } else run.choose(run.visibleChoices().at(-1)!.id, i % 2 ? undefined : 2_000);
    }
    const r = run.record();
    expect(r.steps.some((s) => s.timeout)).toBe(true);
    expect(r.player).toBeUndefined();
    const made = makePathLink('https://example.org/', r, kazakhstan)!;
    expect(expandPath(readPath(made.fragment)!, kazakhstan)).toEqual({ ok: true, replay: r });
  });

  it('without the scenario, or with another file of it, says which scenario the path needs', () => {
    const made = makePathLink(BASE, replay, kazakhstan)!;
    const path = readPath(made.fragment)!;
    expect(scenarioForPath(path, [])).toEqual({});
    const changed = compileText(KAZAKHSTAN_TEXT.replace('version: 3.0.0', 'version: 3.0.1'), 'k.yaml');
    const found = scenarioForPath(path, [changed]);
    expect(found.compiled).toBeUndefined();
    const refused = expandPath(path, changed);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toBe(
      'This decision path was made with scenario "kazakhstan-2022" version 3.0.0, and this browser has another file of it (version 3.0.1). Open the link or file of the scenario the class played first, then open this path\'s link again: nothing in it is lost.',
    );
    const pasted = replaysFromLinks(made.url, []);
    expect(pasted.items).toEqual([]);
    expect(pasted.failures).toEqual([
      {
        name: 'link on line 1',
        reason:
          'This decision path was made with scenario "kazakhstan-2022" version 3.0.0, which this browser does not have. Open the scenario\'s link or file first, then open this path\'s link again: nothing in it is lost.',
      },
    ]);
  });

  it('pasted into Class review, short links are counted like files, and old #r= links still are', () => {
    const other = startRun(kazakhstan, 7);
    other.player = 'Ben';
    while (!other.ended) other.choose(other.visibleChoices()[0]!.id, 1000);
    const shortLink = makePathLink(BASE, replay, kazakhstan)!.url;
    const oldLink = makeLink(BASE, 'replay', JSON.stringify(other.record()), 'ben.replay.json').url!;
    expect(readShared(new URL(oldLink).hash)[0]!.kind).toBe('replay');
    const pasted = replaysFromLinks(`${shortLink}\n\n${oldLink}\n`, [kazakhstan]);
    expect(pasted.failures).toEqual([]);
    const collector = new ClassReviewCollector((id) => (id === kazakhstan.scenario.id ? kazakhstan : undefined));
    for (const item of pasted.items) collector.add(item);
    expect(collector.refused).toEqual([]);
    const runs = collector.replayGroups[0]!.runs;
    expect(runs.map((r) => r.player)).toEqual(['Ana María López-Fernández', 'Ben']);
    expect(runs[0]!.replay).toEqual(replay);
  });

  it('refuses a damaged short link in words', () => {
    const made = makePathLink(BASE, replay, kazakhstan)!;
    const cut = made.fragment.replace(/\.[0-9a-j]+\./, '.0x1.');
    expect(() => readPath(cut)).toThrow(/the link is damaged/);
    expect(() => readPath('#p=9.x')).toThrow(/newer Crisis Room/);
  });

  it('refuses a link over the step limit before playing it, and keeps a pre-release version and an odd name as written', () => {
    expect(() => readPath(`#p=1.kazakhstan-2022.${'0'.repeat(12)}.0.${'0'.repeat(2001)}&pv=1`)).toThrow(
      /the link is damaged: its list of choices/,
    );
    const text = read(join(ROOT, 'scenarios', 'examples', 'template.yaml')).replace(
      /^version: .*$/m,
      'version: 2.0.0-draft.1+co',
    );
    const template = compileText(text, 'template.yaml');
    const run = startRun(template, 3);
    run.player = 'Zoë & "the 9B" #1';
    while (!run.ended) run.choose(run.visibleChoices()[0]!.id);
    const made = makePathLink('https://example.org/#old', run.record(), template)!;
    expect(made.url.startsWith('https://example.org/#p=')).toBe(true);
    const path = readPath(made.fragment)!;
    expect(path.scenario.version).toBe('2.0.0-draft.1+co');
    expect(expandPath(path, template)).toEqual({ ok: true, replay: run.record() });
  });

  it('a replay that does not come from its scenario file stays a whole-replay link', () => {
    const foreign = { ...replay, scenario: { ...replay.scenario, sha256: 'f'.repeat(64) } };
    expect(makePathLink(BASE, foreign, kazakhstan)).toBeUndefined();
    const oneOff: CompiledScenario = kazakhstan;
    const edited: ReplayFile = { ...replay, steps: replay.steps.map((s, i) => (i === 3 ? { ...s, node: 'knb' } : s)) };
    expect(makePathLink(BASE, edited, oneOff)).toBeUndefined();
  });
});
