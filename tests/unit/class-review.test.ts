/**
 * Class review (issue 10): a class's replays grouped, verified and tallied. Every expected number
 * is counted here straight from the replay files and the scenario's YAML, not through the engine.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  ClassReviewCollector,
  collectReplays,
  csvField,
  percent,
  studentsCsv,
  summarizeGroup,
  summaryCsv,
  TIME_RAN_OUT,
  type HandedIn,
} from '../../src/analysis/class-review.ts';
import { startRun } from '../../src/engine/run.ts';
import type { CompiledScenario } from '../../src/engine/machine.ts';
import { ROOT, compileText, read } from './helpers.ts';

const KZ_TEXT = read(`${ROOT}/scenarios/kazakhstan-2022.yaml`);
const KZ = compileText(KZ_TEXT, 'kazakhstan-2022.yaml');
const TEMPLATE = compileText(read(`${ROOT}/scenarios/examples/template.yaml`), 'template.yaml');
const find = (id: string) => [KZ, TEMPLATE].find((c) => c.scenario.id === id);

interface RawScenario {
  nodes: { id: string; title: string; choices: { id: string; label: string }[]; history?: { choice?: string } }[];
  endings: { id: string; title: string; tone: string }[];
}
const RAW = parseYaml(KZ_TEXT) as RawScenario;

/** A seeded walk through a scenario: the k-th run picks choices by a small LCG. */
function playRandom(compiled: CompiledScenario, seed: number, pick: number, player?: string): string {
  const run = startRun(compiled, seed);
  let x = pick;
  while (!run.ended) {
    const shown = run.visibleChoices();
    x = (x * 1103515245 + 12345) >>> 0;
    run.choose(shown[x % shown.length]!.id);
  }
  return JSON.stringify(run.record(player), null, 2);
}

function classOf(n: number): HandedIn[] {
  const names = ['Ana', 'Bo', '=HYPERLINK("http://x")', 'Chen, Li', 'Dee "D"'];
  return Array.from({ length: n }, (_, i) => ({
    name: `student-${String(i + 1).padStart(2, '0')}.replay.json`,
    text: playRandom(KZ, 1000 + i, i * 7 + 3, i % 3 === 0 ? names[(i / 3) % names.length] : undefined),
  }));
}

interface RawReplay {
  seed: number;
  steps: { node: string; choice: string }[];
  ending?: string;
  player?: string;
}

describe('class review tables', () => {
  const items = classOf(30);
  const { groups, refused } = collectReplays(items, find);
  const raws = items.map((i) => JSON.parse(i.text) as RawReplay);

  it('counts every run of one scenario file in one group and refuses none', () => {
    expect(refused).toEqual([]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.runs).toHaveLength(30);
    expect(groups[0]!.scenario).toEqual({ id: 'kazakhstan-2022', version: RAW_VERSION(), sha256: KZ.sha256 });
  });

  const summary = summarizeGroup(groups[0]!);

  it('Endings: runs and share of each ending match the files', () => {
    for (const e of RAW.endings) {
      const n = raws.filter((r) => r.ending === e.id).length;
      const row = summary.endings.find((x) => x.id === e.id)!;
      expect(row, e.id).toMatchObject({
        title: e.title,
        tone: e.tone,
        runs: n,
        share: Math.round((n / 30) * 1000) / 10,
      });
    }
    expect(summary.endings.reduce((a, r) => a + r.runs, 0)).toBe(30);
    // The class did not all end the same way (otherwise this test proves little).
    expect(summary.endings.filter((r) => r.runs > 0).length).toBeGreaterThan(1);
  });

  it('Choices by decision: reached, runs per choice, share, historical and matched history', () => {
    const reachedNodes = RAW.nodes.filter((n) => raws.some((r) => r.steps.some((s) => s.node === n.id)));
    expect(summary.decisions.map((d) => d.node)).toEqual(reachedNodes.map((n) => n.id));
    for (const node of reachedNodes) {
      const d = summary.decisions.find((x) => x.node === node.id)!;
      const reached = raws.filter((r) => r.steps.some((s) => s.node === node.id)).length;
      expect(d.reached).toBe(reached);
      const timed = RAW_TIMED.has(node.id);
      expect(d.choices.map((c) => c.choice)).toEqual([
        ...node.choices.map((c) => c.id),
        ...(timed ? [TIME_RAN_OUT] : []),
      ]);
      for (const c of node.choices) {
        const took = raws.filter((r) => r.steps.some((s) => s.node === node.id && s.choice === c.id)).length;
        const row = d.choices.find((x) => x.choice === c.id)!;
        expect(row, `${node.id}/${c.id}`).toMatchObject({
          label: c.label,
          runs: took,
          share: Math.round((took / reached) * 1000) / 10,
          historical: node.history?.choice === c.id,
        });
      }
      const hist = node.history?.choice;
      if (hist) {
        const matched = raws.filter((r) => r.steps.some((s) => s.node === node.id && s.choice === hist)).length;
        expect(d.matchedHistory).toBe(Math.round((matched / reached) * 1000) / 10);
      } else expect(d.matchedHistory).toBeUndefined();
    }
  });

  it('Students: player, ending, decisions and matches with history per file', () => {
    expect(summary.students).toHaveLength(30);
    for (const [i, item] of items.entries()) {
      const raw = raws[i]!;
      const row = summary.students.find((s) => s.file === item.name)!;
      const matches = raw.steps.filter(
        (s) => RAW.nodes.find((n) => n.id === s.node)?.history?.choice === s.choice,
      ).length;
      expect(row).toMatchObject({
        player: raw.player ?? '',
        ending: RAW.endings.find((e) => e.id === raw.ending)!.title,
        decisions: raw.steps.length,
        matches,
      });
    }
    // Named players first, alphabetically; unnamed ones after, by file.
    const named = summary.students.filter((s) => s.player).map((s) => s.player);
    expect(named).toEqual([...named].sort((a, b) => a.localeCompare(b, 'en')));
    expect(summary.students.slice(named.length).every((s) => !s.player)).toBe(true);
  });

  it('Download CSV: one row per student with the choice label and, in a second column, its id at each decision; names cannot run as formulas', () => {
    const lines = parseCsv(studentsCsv(summary));
    const nodes = summary.decisions.map((d) => d.node);
    expect(lines[0]).toEqual([
      'player',
      'ending',
      'ending id',
      ...nodes.flatMap((n) => [RAW.nodes.find((x) => x.id === n)!.title, `${n} id`]),
      'time ran out',
      'file',
    ]);
    expect(lines).toHaveLength(31);
    for (const line of lines.slice(1)) {
      const file = line[line.length - 1]!;
      const raw = raws[items.findIndex((i) => i.name === file)]!;
      const player = raw.player ?? '';
      expect(line[0]).toBe(/^[=+\-@]/.test(player) ? `'${player}` : player);
      expect(line[1]).toBe(RAW.endings.find((e) => e.id === raw.ending)!.title);
      expect(line[2]).toBe(raw.ending);
      nodes.forEach((n, k) => {
        const node = RAW.nodes.find((x) => x.id === n)!;
        const ids = raw.steps.filter((s) => s.node === n).map((s) => s.choice);
        expect(line[3 + 2 * k]).toBe(ids.map((id) => node.choices.find((c) => c.id === id)!.label).join(' then '));
        expect(line[4 + 2 * k]).toBe(ids.join(' then '));
      });
      expect(line[line.length - 2]).toBe('0');
    }
    expect(lines.some((l) => l[0] === `'=HYPERLINK("http://x")`)).toBe(true);
    expect(lines.some((l) => l[0] === 'Chen, Li')).toBe(true);
  });

  it('Download summary CSV: the choices table row by row', () => {
    const lines = parseCsv(summaryCsv(summary));
    expect(lines[0]).toEqual([
      'decision',
      'decision title',
      'choice',
      'choice label',
      'runs',
      'reached',
      'share (%)',
      'historical',
      'class matched history (%)',
    ]);
    const expected = summary.decisions.flatMap((d) => d.choices.length);
    expect(lines).toHaveLength(1 + expected.reduce((a, b) => a + b, 0));
    for (const line of lines.slice(1)) {
      const [node, title, choice, label, runs, reached, share, hist] = line;
      const raw = RAW.nodes.find((n) => n.id === node)!;
      if (choice === TIME_RAN_OUT) {
        // Nobody in this class let a timer run out (the walk always chooses).
        expect([title, label, runs, hist]).toEqual([raw.title, 'Time ran out', '0', '']);
        continue;
      }
      const r = raws.filter((x) => x.steps.some((s) => s.node === node)).length;
      const took = raws.filter((x) => x.steps.some((s) => s.node === node && s.choice === choice)).length;
      expect([title, label, Number(runs), Number(reached), Number(share), hist]).toEqual([
        raw.title,
        raw.choices.find((c) => c.id === choice)!.label,
        took,
        r,
        Math.round((took / r) * 1000) / 10,
        raw.history?.choice === choice ? 'yes' : '',
      ]);
    }
  });
});

describe('time ran out', () => {
  // A class of six at Kazakhstan's first timed decision: two let the timer run out, one chose the
  // node's onTimeout choice on purpose, three chose something else.
  const timed = KZ.scenario.nodes.find((n) => n.timeLimit !== undefined && n.onTimeout)!;
  function runTo(seed: number, last: 'timeout' | string, player: string): HandedIn {
    const run = startRun(KZ, seed);
    for (let i = 0; i < 200 && run.node?.id !== timed.id; i++) {
      if (run.ended) throw new Error(`seed ${seed} ended before ${timed.id}`);
      const shown = run.visibleChoices();
      run.choose((shown.find((c) => c.id === run.node?.history?.choice) ?? shown[0]!).id);
    }
    expect(run.node?.id).toBe(timed.id);
    if (last === 'timeout') run.timeout();
    else run.choose(last);
    return { name: `${player}.json`, text: JSON.stringify(run.record(player)) };
  }
  const other = timed.choices.find((c) => c.id !== timed.onTimeout)!.id;
  const items = [
    runTo(1, 'timeout', 'Ana'),
    runTo(2, 'timeout', 'Bo'),
    runTo(3, timed.onTimeout!, 'Cy'),
    runTo(4, other, 'Di'),
    runTo(5, other, 'Ed'),
    runTo(6, other, 'Fa'),
  ];
  const { groups, refused } = collectReplays(items, find);
  const summary = summarizeGroup(groups[0]!);
  const d = summary.decisions.find((x) => x.node === timed.id)!;

  it('a decision whose timer ran out is its own row, not counted as the choice the game then took', () => {
    expect(refused).toEqual([]);
    expect(d.reached).toBe(6);
    const row = (id: string) => d.choices.find((c) => c.choice === id)!;
    expect(row(TIME_RAN_OUT)).toMatchObject({ label: 'Time ran out', runs: 2, share: 33.3, historical: false });
    expect(row(timed.onTimeout!).runs).toBe(1);
    expect(row(other).runs).toBe(3);
    expect(d.choices.at(-1)!.choice).toBe(TIME_RAN_OUT);
  });

  it('the students table counts timeouts, and a timed-out step never matches history', () => {
    const by = (p: string) => summary.students.find((s) => s.player === p)!;
    expect(by('Ana').timeouts).toBe(1);
    expect(by('Cy').timeouts).toBe(0);
    // Same path up to the timed decision: Ana timed out there, Cy chose the onTimeout choice.
    const histHere = timed.history?.choice === timed.onTimeout ? 1 : 0;
    expect(by('Cy').matches - by('Ana').matches).toBe(histHere);
  });

  it('both CSVs write "Time ran out" apart from the choice', () => {
    const rows = parseCsv(studentsCsv(summary));
    const col = rows[0]!.indexOf(`${timed.id} id`);
    const ana = rows.find((r) => r[0] === 'Ana')!;
    expect([ana[col - 1], ana[col], ana[rows[0]!.indexOf('time ran out')]]).toEqual([
      'Time ran out',
      TIME_RAN_OUT,
      '1',
    ]);
    const cy = rows.find((r) => r[0] === 'Cy')!;
    expect(cy[col]).toBe(timed.onTimeout);
    expect(cy[col - 1]).toBe(timed.choices.find((c) => c.id === timed.onTimeout)!.label);
    const sum = parseCsv(summaryCsv(summary)).filter((r) => r[0] === timed.id);
    expect(sum.map((r) => [r[2], r[3], r[4]])).toContainEqual([TIME_RAN_OUT, 'Time ran out', '2']);
    expect(sum.map((r) => [r[2], r[4]])).toContainEqual([timed.onTimeout, '1']);
  });
});

describe('refused replays', () => {
  it('lists a tampered, a foreign, a duplicate and an unreadable file with their reasons, and counts the rest', () => {
    const items = classOf(5);
    const tampered = JSON.parse(items[1]!.text) as RawReplay;
    const other = tampered.steps[2]!.choice === 'appeal' ? 'dialogue' : 'appeal';
    tampered.steps[2]!.choice = other;
    const foreign = JSON.parse(items[0]!.text) as { scenario: { id: string } };
    foreign.scenario.id = 'some-other-crisis';
    const batch: HandedIn[] = [
      ...items,
      { name: 'edited.replay.json', text: JSON.stringify(tampered) },
      { name: 'foreign.replay.json', text: JSON.stringify(foreign) },
      { name: 'copy-of-student-03.replay.json', text: items[2]!.text },
      { name: 'notes.txt', text: 'not a replay' },
      // The template's replays form their own group.
      { name: 'template.replay.json', text: playRandom(TEMPLATE, 5, 1) },
    ];
    const { groups, refused } = collectReplays(batch, find);
    expect(refused.map((r) => [r.name, r.kind, r.step])).toEqual([
      ['edited.replay.json', 'tampered', 3],
      ['foreign.replay.json', 'unknown-scenario', undefined],
      ['copy-of-student-03.replay.json', 'duplicate', undefined],
      ['notes.txt', 'unreadable', undefined],
    ]);
    expect(refused[0]!.reason).toMatch(/^tampered at step 3: step 3 differs/);
    expect(refused[1]!.reason).toContain('"some-other-crisis"');
    expect(refused[2]!.reason).toContain('student-03.replay.json');
    expect(groups.map((g) => [g.scenario.id, g.runs.length])).toEqual([
      ['kazakhstan-2022', 5],
      [TEMPLATE.scenario.id, 1],
    ]);
  });

  it('a replay whose ending was changed is tampered at its ending, naming no step it does not have', () => {
    const r = JSON.parse(classOf(1)[0]!.text) as RawReplay;
    r.ending = RAW.endings.find((e) => e.id !== r.ending)!.id;
    const c = new ClassReviewCollector(find);
    expect(c.add({ name: 'x.json', text: JSON.stringify(r) })).toBeUndefined();
    expect(c.refused[0]).toMatchObject({ kind: 'tampered' });
    expect(c.refused[0]!.step).toBeUndefined();
    expect(c.refused[0]!.reason).toMatch(/^tampered: the ending differs/);
  });

  it('groups the same scenario id by sha256: another file of it is counted apart, with a warning', () => {
    const r = JSON.parse(classOf(1)[0]!.text) as { scenario: { sha256: string } };
    r.scenario.sha256 = '0'.repeat(64);
    const { groups } = collectReplays([...classOf(2), { name: 'old.json', text: JSON.stringify(r) }], find);
    expect(groups.map((g) => g.runs.length)).toEqual([2, 1]);
    expect(groups[1]!.warning).toContain('another file');
  });
});

describe('CSV fields', () => {
  it('quotes by RFC 4180 and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+cmd')).toBe("'+cmd");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('=A1,"x"')).toBe(`"'=A1,""x"""`);
    expect(csvField(-2)).toBe('-2');
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(0, 0)).toBe(0);
  });
});

/** The decisions of Kazakhstan with a timer (a "Time ran out" row each). */
const RAW_TIMED = new Set(
  (parseYaml(KZ_TEXT) as { nodes: { id: string; timeLimit?: number; onTimeout?: string }[] }).nodes
    .filter((n) => n.timeLimit !== undefined && n.onTimeout)
    .map((n) => n.id),
);

function RAW_VERSION(): string {
  return (parseYaml(KZ_TEXT) as { version: string }).version;
}

/** A small RFC 4180 reader (quoted fields, doubled quotes, CRLF), written for the test. */
function parseCsv(text: string): string[][] {
  expect(text.endsWith('\r\n')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('hand-in', () => {
  it("a run's player goes into its replay; a link too long for a QR code says so", async () => {
    const { qrCodeOf, QR_MAX_BYTES } = await import('../../src/class-review/qr.ts');
    const run = startRun(KZ, 1);
    expect(run.record().player).toBeUndefined();
    run.player = 'Aigerim';
    expect(run.record().player).toBe('Aigerim');
    const ok = await qrCodeOf('https://example.org/crisis-room/#r=abc');
    expect(ok.ok && ok.size).toBeGreaterThanOrEqual(21);
    const long = await qrCodeOf(`https://example.org/#r=${'a'.repeat(QR_MAX_BYTES)}`);
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.message).toMatch(/too long for a QR code .* Hand in the file instead\./);
  });
});
