/**
 * The engine: the Run API the game uses, the XState machine under it, replay files
 * (`crisis-room-replay/1`) and the scenario hash. Expected values are worked out from the contract.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ChoiceError, Run, startRun } from '../../src/engine/run.ts';
import { verifyReplay } from '../../src/engine/replay.ts';
import { parseReplayText } from '../../src/engine/replay-file.ts';
import { initialSnapshot, nextSnapshot, stateId } from '../../src/engine/machine.ts';
import type { ReplayFile } from '../../src/scenario/schema.ts';
import { FIXTURES, TEMPLATE, compileFile, compileText, read, scenarioYaml } from './helpers.ts';

const template = () => compileFile(TEMPLATE);
const BRANCHES = join(FIXTURES, 'plans', 'scenarios', 'branches.yaml');

function expectChoiceError(f: () => unknown, code: string): ChoiceError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ChoiceError);
    expect((e as ChoiceError).code).toBe(code);
    return e as ChoiceError;
  }
  throw new Error(`expected a ChoiceError ${code}`);
}

describe('Run API', () => {
  it('starts at start with the meters at their start values and no flags', () => {
    const run = startRun(template(), 5);
    expect(run.at).toBe('walkout');
    expect(run.node?.title).toBe('The dockers walk out');
    expect({ ...run.meters }).toEqual({ order: 50, trust: 50, budget: 60 });
    expect(run.flags).toEqual([]);
    expect(run.ended).toBe(false);
    expect(run.ending).toBeUndefined();
    expect(run.trail).toEqual([]);
  });

  it('shows only the choices whose if holds, in file order', () => {
    const run = startRun(template(), 5);
    expect(run.visibleChoices().map((c) => c.id)).toEqual(['talk', 'clear']);
    run.choose('talk');
    expect(run.visibleChoices().map((c) => c.id)).toEqual(['offer', 'wait']); // talks-open is set
    const other = startRun(compileFile(BRANCHES), 1);
    other.choose('push');
    expect(other.visibleChoices().map((c) => c.id)).toEqual(['end-other']); // end-good needs held
  });

  it('refuses a hidden choice, and leaves the run as it was', () => {
    const run = startRun(compileFile(BRANCHES), 1);
    run.choose('push');
    const before = run.snapshot;
    const e = expectChoiceError(() => run.choose('end-good'), 'hidden-choice');
    expect(e.message).toContain('end-good');
    expect(run.snapshot).toBe(before);
    expect(run.at).toBe('b2');
    expect(run.trail.length).toBe(1);
    run.choose('end-other');
    expect(run.ending?.id).toBe('other');
  });

  it('refuses an unknown choice, a timeout where there is no time limit, and anything after the end', () => {
    const run = startRun(compileFile(BRANCHES), 1);
    expectChoiceError(() => run.choose('nope'), 'unknown-choice');
    run.choose('push');
    expectChoiceError(() => run.timeout(), 'no-timeout'); // b2 has no timeLimit
    run.choose('end-other');
    expect(run.ended).toBe(true);
    expect(run.visibleChoices()).toEqual([]);
    expectChoiceError(() => run.choose('end-other'), 'ended');
    expectChoiceError(() => run.timeout(), 'ended');
  });

  it('an onTimeout without a timeLimit never fires: time cannot run out there', () => {
    const text = scenarioYaml({
      nodes: [
        '  - id: n1',
        '    title: One',
        '    text: No clock here.',
        '    advice: [ { advisor: adv, text: Wait. } ]',
        '    onTimeout: wait',
        '    choices:',
        '      - { id: wait, label: Wait, effects: { m: 1 }, next: end }',
      ].join('\n'),
    });
    const run = startRun(compileText(text), 1);
    expectChoiceError(() => run.timeout(), 'no-timeout');
    expect(run.at).toBe('n1');
  });

  it('a timeout takes the onTimeout choice and records it as timed out, with the time taken', () => {
    const run = startRun(template(), 9);
    run.choose('talk', 1500);
    const step = run.timeout(30_000);
    expect(step).toMatchObject({ node: 'deadline', choice: 'wait', timeout: true, ms: 30_000, target: 'deal' });
    expect(step.deltas).toEqual({ order: -10 });
    expect(run.ending?.id).toBe('deal');
    expect(run.ending?.tone).toBe('good');
  });

  it('a step records the real change after clamping, not the written effect', () => {
    const run = startRun(compileFile(join(FIXTURES, 'plans', 'scenarios', 'clamp.yaml')), 1);
    const step = run.choose('up');
    expect(step.deltas).toEqual({ a: 5, b: -3, c: 3 });
    expect(step.meters).toEqual({ a: 10, b: -3, c: 98 });
  });

  it('record() writes a crisis-room-replay/1 file', () => {
    const compiled = template();
    const run = startRun(compiled, 1234567);
    run.choose('talk', 14250);
    const partial = run.record();
    expect(partial.ending).toBeUndefined();
    run.timeout(30000);
    const rec = run.record('class 3b');
    expect(rec).toEqual({
      format: 'crisis-room-replay/1',
      scenario: { id: 'template-harbour-strike', version: '1.0.0', sha256: compiled.sha256 },
      seed: 1234567,
      steps: [
        { node: 'walkout', choice: 'talk', ms: 14250 },
        { node: 'deadline', choice: 'wait', timeout: true, ms: 30000 },
      ],
      ending: 'deal',
      player: 'class 3b',
    });
    expect(rec.scenario.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the XState machine', () => {
  it('has one state per node and ending; endings are final', () => {
    const c = template();
    const states = c.machine.config.states as Record<string, { type?: string }>;
    expect(Object.keys(states).sort()).toEqual(['crackdown', 'deadline', 'deal', 'riot', 'strike-broken', 'walkout']);
    for (const e of ['deal', 'riot', 'strike-broken']) expect(states[e]!.type).toBe('final');
    for (const n of ['walkout', 'deadline', 'crackdown']) expect(states[n]!.type).not.toBe('final');
  });

  it('transition is pure: the same snapshot and event give the same next snapshot, the old one unchanged', () => {
    const c = template();
    const s0 = initialSnapshot(c, 42);
    const a = nextSnapshot(c, s0, { type: 'CHOOSE', choice: 'talk' });
    const b = nextSnapshot(c, s0, { type: 'CHOOSE', choice: 'talk' });
    expect(stateId(a)).toBe('deadline');
    expect([a.context.meters, a.context.flags, a.context.rng]).toEqual([
      b.context.meters,
      b.context.flags,
      b.context.rng,
    ]);
    expect(a.context.meters).toEqual({ order: 50, trust: 60, budget: 55 });
    expect(stateId(s0)).toBe('walkout');
    expect(new Run(c, 42, s0).trail).toEqual([]);
    expect(s0.context.meters).toEqual({ order: 50, trust: 50, budget: 60 });
  });

  it('an event the node cannot take leaves the snapshot where it was', () => {
    const c = template();
    const s0 = initialSnapshot(c, 42);
    expect(stateId(nextSnapshot(c, s0, { type: 'CHOOSE', choice: 'offer' }))).toBe('walkout'); // not at this node
    expect(stateId(nextSnapshot(c, s0, { type: 'TIMEOUT' }))).toBe('walkout'); // walkout has no time limit
  });
});

function played(seed: number): Run {
  const run = startRun(template(), seed);
  run.choose('clear', 100);
  while (!run.ended) run.choose(run.visibleChoices()[run.visibleChoices().length - 1]!.id, 200);
  return run;
}

describe('replays', () => {
  it('round trip: a recorded run, written as JSON and read back, replays to the same state', () => {
    const compiled = template();
    for (const seed of [0, 1, 2, 3, 4294967295]) {
      const run = played(seed);
      const text = JSON.stringify(run.record('p'), null, 2);
      const parsed = parseReplayText(text, 'r.json');
      expect(parsed.diagnostics).toEqual([]);
      const v = verifyReplay(compiled, parsed.replay!);
      expect(v.ok).toBe(true);
      if (!v.ok) continue;
      expect(v.warnings).toEqual([]);
      expect(v.run.at).toBe(run.at);
      expect(v.run.meters).toEqual(run.meters);
      expect(v.run.trail.map((t) => t.target)).toEqual(run.trail.map((t) => t.target));
    }
  });

  it('a replay reaches the very snapshot the machine reaches event by event, ended or not', () => {
    const compiled = compileFile(BRANCHES);
    const seen = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const run = startRun(compiled, seed);
      // Stop at a different point of each run: ended runs and runs still at a node both come back.
      for (let k = 0; !run.ended && k < seed % 4; k++) {
        const shown = run.visibleChoices();
        const timed = run.node?.timeLimit !== undefined && seed % 3 === 0;
        if (timed) run.timeout(10 * k);
        else run.choose(shown[(seed + k) % shown.length]!.id, k % 2 ? 100 : undefined);
      }
      const v = verifyReplay(compiled, run.record());
      expect(v.ok).toBe(true);
      if (!v.ok) continue;
      const a = v.run.snapshot;
      const b = run.snapshot;
      expect([a.value, a.status, a.output]).toEqual([b.value, b.status, b.output]);
      expect(a.context).toEqual(b.context);
      expect(v.run.trail).toEqual(run.trail);
      seen.add(a.status);
    }
    expect([...seen].sort()).toEqual(['active', 'done']);
  });

  it('an unfinished run replays, and the run it gives can go on', () => {
    const compiled = template();
    const run = startRun(compiled, 3);
    run.choose('talk');
    const v = verifyReplay(compiled, run.record());
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect(v.run.at).toBe('deadline');
      v.run.choose('offer');
      expect(v.run.ending?.id).toBe('deal');
    }
  });

  const base = (): ReplayFile => ({
    format: 'crisis-room-replay/1',
    scenario: { id: 'template-harbour-strike', version: '1.0.0', sha256: template().sha256 },
    seed: 1,
    steps: [
      { node: 'walkout', choice: 'talk' },
      { node: 'deadline', choice: 'wait', timeout: true },
    ],
    ending: 'deal',
  });
  const refused = (r: ReplayFile) => {
    const v = verifyReplay(template(), r);
    expect(v.ok).toBe(false);
    return v as { ok: false; message: string; step?: number };
  };

  it('the hand-written replay fits', () => {
    expect(verifyReplay(template(), base()).ok).toBe(true);
  });

  it('tampering is refused, naming the first step that differs', () => {
    let r = base();
    r.steps[1]!.node = 'crackdown';
    let v = refused(r);
    expect(v.step).toBe(1);
    expect(v.message).toMatch(/step 2\b/);
    expect(v.message).toContain('crackdown');

    r = base();
    r.steps[0]!.choice = 'clear'; // from seed 1 this may or may not reach deadline: either step 2 differs or the ending does
    v = refused(r);
    expect(v.step === 1 || v.step === 2).toBe(true);

    r = base();
    r.steps[1] = { node: 'deadline', choice: 'offer', timeout: true }; // a timeout must record the onTimeout choice
    v = refused(r);
    expect(v.step).toBe(1);
    expect(v.message).toMatch(/step 2\b/);

    r = base();
    r.steps[0]!.choice = 'bribe';
    v = refused(r);
    expect(v.step).toBe(0);
    expect(v.message).toMatch(/step 1\b/);

    r = base();
    r.steps.push({ node: 'deal', choice: 'again' });
    v = refused(r);
    expect(v.step).toBe(2);
    expect(v.message).toMatch(/step 3\b/);

    r = base();
    r.ending = 'riot';
    v = refused(r);
    expect(v.message).toContain('riot');

    r = base();
    r.steps.pop();
    v = refused(r); // claims an ending after only one step
    expect(v.message).toContain('deal');
  });

  it('a hidden choice in a replay is refused at its step', () => {
    const r = base();
    r.steps = [
      { node: 'walkout', choice: 'clear' },
      { node: 'deadline', choice: 'offer' },
    ];
    delete r.ending;
    // walkout.clear from seed s reaches deadline (chance 0.5) or crackdown; find a seed that reaches deadline.
    let seed = 0;
    for (; seed < 100; seed++) {
      const run = startRun(template(), seed);
      run.choose('clear');
      if (run.at === 'deadline') break;
    }
    r.seed = seed;
    const v = refused(r);
    expect(v.step).toBe(1);
    expect(v.message).toContain('offer');
  });

  it('a different seed replays a different path for some runs, and is refused at the first differing step', () => {
    let differing = 0;
    for (let seed = 0; seed < 40; seed++) {
      const rec = played(seed).record();
      const other = { ...rec, seed: seed + 1000 };
      const v = verifyReplay(template(), other);
      if (!v.ok) {
        differing++;
        expect(v.message).toMatch(/^step \d+ differs|ending/);
      }
    }
    expect(differing).toBeGreaterThan(0);
  });

  it('another scenario id is refused; the same id with a different sha256 plays with a warning', () => {
    const r = base();
    r.scenario.id = 'suez-1956';
    expect(refused(r).message).toContain('suez-1956');

    const edited = compileText(
      read(TEMPLATE).replace('title: The ships cannot wait', 'title: The ships will not wait'),
      'edited.yaml',
    );
    expect(edited.sha256).not.toBe(template().sha256);
    const v = verifyReplay(edited, base());
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect(v.warnings.length).toBe(1);
      expect(v.run.ending?.id).toBe('deal');
    }
    // ... but still refused when it no longer fits.
    const changed = compileText(
      read(TEMPLATE)
        .replace('{ trust: ">= 55" }', '{ trust: ">= 95" }')
        .replace('{ not: { lacks: [talks-open] } }', '{ not: { has: [talks-open] } }'),
      'changed.yaml',
    );
    const w = verifyReplay(changed, base());
    expect(w.ok).toBe(false);
  });

  it('replay files are checked for shape, with positions', () => {
    const good = JSON.stringify(base(), null, 2);
    expect(parseReplayText(good, 'r.json').diagnostics).toEqual([]);
    const bad = good.replace('"seed": 1', '"seed": 4294967296').replace('"ending"', '"endung"');
    const d = parseReplayText(bad, 'r.json').diagnostics;
    expect(d.map((x) => x.rule).sort()).toEqual(['replay', 'unknown-key']);
    const lines = bad.split('\n');
    expect(d.find((x) => x.rule === 'unknown-key')!.line).toBe(lines.findIndex((l) => l.includes('"endung"')) + 1);
    expect(d.find((x) => x.rule === 'replay')!.line).toBe(lines.findIndex((l) => l.includes('"seed"')) + 1);
    const missing = parseReplayText(good.replace('"format": "crisis-room-replay/1",', ''), 'r.json').diagnostics;
    expect(missing.map((x) => x.rule)).toEqual(['required']);
    expect(parseReplayText('{ "format": ', 'r.json').diagnostics.map((x) => x.rule)).toEqual(['syntax']);
    expect(parseReplayText(good.replace('"seed": 1', '"seed": -1'), 'r.json').diagnostics.map((x) => x.rule)).toEqual([
      'replay',
    ]);
  });
});

/** The contract's canonical JSON, written here from its words: parsed data, keys sorted, no whitespace. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

describe('the scenario sha256', () => {
  it('is the sha256 of the canonical JSON of the parsed data', () => {
    const text = read(TEMPLATE);
    const expected = createHash('sha256')
      .update(canonical(parseYaml(text)), 'utf8')
      .digest('hex');
    expect(template().sha256).toBe(expected);
  });

  it('is the same for the YAML and JSON forms of one scenario (the JSON twin has its keys in another order)', () => {
    const jsonPath = join(FIXTURES, 'valid', 'template.json');
    // The twin is the same data ...
    expect(JSON.parse(read(jsonPath))).toEqual(parseYaml(read(TEMPLATE)));
    // ... written differently.
    expect(read(jsonPath).indexOf('"endings"')).toBeLessThan(read(jsonPath).indexOf('"format"'));
    expect(compileFile(jsonPath).sha256).toBe(template().sha256);
    // A replay recorded on one form fits the other with no warning.
    const run = startRun(compileFile(jsonPath), 77);
    run.choose('talk');
    const v = verifyReplay(template(), run.record());
    expect(v.ok && v.warnings).toEqual([]);
  });

  it('changes when any value changes, even inside an x- key', () => {
    const h = template().sha256;
    expect(compileText(read(TEMPLATE).replace('start: 60', 'start: 61')).sha256).not.toBe(h);
    expect(
      compileText(read(TEMPLATE).replace('Keys that start with x- are kept', 'Keys that begin with x- are kept'))
        .sha256,
    ).not.toBe(h);
  });

  it('does not change with comments, quoting or layout', () => {
    const h = template().sha256;
    const relaid = read(TEMPLATE)
      .replace(/^#.*\n/gm, '')
      .replace('title: "Harbour Strike (template)"', "title: 'Harbour Strike (template)'")
      .replace('start: 60', 'start:    60   # sixty');
    expect(compileText(relaid).sha256).toBe(h);
  });
});

describe('a test run from a node (the editor\'s "Play from here")', () => {
  const compiled = compileFile(join(FIXTURES, 'valid', 'base.yaml'));
  it('starts at that node, with the meters at their start values and no flags', () => {
    const run = startRun(compiled, 5, { startAt: 'second' });
    expect(run.at).toBe('second');
    expect(run.meters).toEqual({ order: 50, trust: 50 });
    expect(run.flags).toEqual([]);
    // "reform" needs the flag "acted", which a run from here has not set: only "give-up" shows.
    expect(run.visibleChoices().map((c) => c.id)).toEqual(['give-up']);
    run.choose('give-up');
    expect(run.ended).toBe(true);
    expect(run.at).toBe('collapse');
  });
  it('at the start node it is an ordinary run', () => {
    expect(startRun(compiled, 5, { startAt: 'first' }).snapshot).toEqual(startRun(compiled, 5).snapshot);
  });
  it('refuses an id that is not a node', () => {
    expect(() => startRun(compiled, 5, { startAt: 'good' })).toThrow(/"good" is not a node/);
  });
});
