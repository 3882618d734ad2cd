/**
 * Issue 10 in Debian's Chromium: 30 replays made with the CLI (`play … --out --player`) go into
 * "Class review" through "Add replay files"; every number of the "Endings", "Choices by decision"
 * and "Students" tables and of both CSV downloads is checked against counts made here from the
 * files themselves; a tampered and a foreign replay are refused with their reasons; the print
 * layout is one page. Also: "Scenario map" on a built-in card, and the debrief hand-in (name in
 * the exported file, QR code). Driven by roles and names (docs/dom-contract.md).
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { runCli } from '../../src/cli/main.ts';
import { startRun } from '../../src/engine/run.ts';
import type { CompiledScenario } from '../../src/engine/machine.ts';
import { tempDir } from '../../tools/bench/harness.ts';
import { choicesGroup, continueButton, nextDecisionOrDebrief, norm } from '../../tools/bench/drive.ts';
import {
  ROOT,
  button,
  clickOnCanvas,
  closeBrowser,
  dialog,
  gotoTitle,
  openSession,
  seriousAxeViolations,
} from './support.ts';

afterAll(async () => {
  await closeBrowser();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// The class plays the template: the CLI runs the full check on every call, and the template's takes
// milliseconds where Kazakhstan's takes seconds (its tables are covered in tests/unit/class-review.test.ts).
const CLASS_FILE = path.join(ROOT, 'scenarios/examples/template.yaml');
const CLASS_TEXT = readFileSync(CLASS_FILE, 'utf8');
const KZ_TEXT = readFileSync(path.join(ROOT, 'scenarios/kazakhstan-2022.yaml'), 'utf8');
const DRILL_FILE = path.join(ROOT, 'tests/fixtures/teacher/drill.json');

function compile(file: string): CompiledScenario {
  const r = checkScenarioText(readFileSync(file, 'utf8'), file, { explore: false });
  if (!r.compiled) throw new Error(`${file} does not check`);
  return r.compiled;
}

interface RawReplay {
  scenario: { id: string };
  seed: number;
  steps: { node: string; choice: string }[];
  ending?: string;
  player?: string;
}
interface RawScenario {
  title: string;
  nodes: { id: string; title: string; choices: { id: string; label: string }[]; history?: { choice?: string } }[];
  endings: { id: string; title: string; tone: string }[];
}
const RAW = parseYaml(CLASS_TEXT) as RawScenario & { id: string };
const KZ_RAW = parseYaml(KZ_TEXT) as RawScenario;

/** A path through a scenario for a seed: the k-th visible choice by a small LCG (the CLI then plays it). */
function choicesFor(compiled: CompiledScenario, seed: number, pick: number): string[] {
  const run = startRun(compiled, seed);
  let x = pick;
  while (!run.ended) {
    const shown = run.visibleChoices();
    x = (x * 1103515245 + 12345) >>> 0;
    run.choose(shown[x % shown.length]!.id);
  }
  return run.trail.map((t) => t.choice);
}

/** Run the CLI (`crisis-room play FILE --seed N --choices … --out R.json [--player NAME]`) in this process. */
function cliPlay(file: string, seed: number, choices: string[], out: string, player?: string): void {
  const lines: string[] = [];
  const argv = ['play', file, '--seed', String(seed), '--choices', choices.join(','), '--out', out];
  if (player) argv.push('--player', player);
  const code = runCli(argv, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  if (code !== 0) throw new Error(`crisis-room ${argv.join(' ')} exited ${code}:\n${lines.join('\n')}`);
}

const NAMES = ['Aigerim', 'Bolat', 'Chen, Li', '=cmd|calc', 'Dana "D" K.', 'Erlan', 'Zhanna', 'Ólafur'];

let dir = '';
let classFiles: { name: string; text: string; raw: RawReplay }[] = [];
let tamperedText = '';
let foreignText = '';

beforeAll(() => {
  dir = tempDir('class-review');
  mkdirSync(dir, { recursive: true });
  const compiled = compile(CLASS_FILE);
  for (let i = 0; i < 30; i++) {
    const name = `student-${String(i + 1).padStart(2, '0')}.replay.json`;
    const out = path.join(dir, name);
    // Every third student leaves the name empty; seeds and choices differ for everyone.
    const seed = 7000 + i * 13;
    cliPlay(CLASS_FILE, seed, choicesFor(compiled, seed, i * 5 + 1), out, i % 3 ? NAMES[i % NAMES.length] : undefined);
    const text = readFileSync(out, 'utf8');
    classFiles.push({ name, text, raw: JSON.parse(text) as RawReplay });
  }
  // Tampered: one student's file edited by hand after the game, claiming another decision at step 2.
  const t = JSON.parse(classFiles.find((f) => f.raw.steps.length >= 2)!.text) as RawReplay;
  t.steps[1]!.node = RAW.nodes.find((n) => n.id !== t.steps[1]!.node)!.id;
  tamperedText = JSON.stringify(t, null, 2);
  // Foreign: a replay of a scenario this browser does not have.
  const drill = compile(DRILL_FILE);
  const foreignOut = path.join(dir, 'foreign.replay.json');
  cliPlay(DRILL_FILE, 3, choicesFor(drill, 3, 1), foreignOut, 'Visitor');
  foreignText = readFileSync(foreignOut, 'utf8');
  classFiles = classFiles.sort((a, b) => a.name.localeCompare(b.name));
});

/** The text of every cell of a table's body rows. */
async function tableCells(page: Page, name: string): Promise<string[][]> {
  const table = page.getByRole('table', { name, exact: true });
  await table.waitFor();
  return table.evaluate((t) =>
    Array.from((t as HTMLTableElement).tBodies[0]!.rows).map((r) =>
      Array.from(r.cells).map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim()),
    ),
  );
}

const share = (part: number, whole: number) => (Math.round((1000 * part) / whole) / 10).toFixed(1);

/** A small RFC 4180 reader, written for the test (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const body = text.replace(/^\uFEFF/, '');
  expect(body.endsWith('\r\n')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && body[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

async function downloadOf(page: Page, name: string): Promise<{ file: string; text: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), button(page, name).click()]);
  return { file: d.suggestedFilename(), text: readFileSync((await d.path())!, 'utf8') };
}

/**
 * The class review as printed (Chromium's print media and its PDF): the students list's rows (name,
 * ending, choices), the number cells that take more than one line, whether the map shows, and the
 * pages of the PDF (how many, how many landscape).
 */
async function printedSheet(page: Page): Promise<{
  students: string[][];
  numberCells: number;
  wrappedNumbers: string[];
  mapVisible: boolean;
  pages: number;
  landscapePages: number;
}> {
  await page.emulateMedia({ media: 'print' });
  try {
    // The sheet repeats the dialog for paper (aria-hidden: screen readers read the dialog).
    const sheet = page.locator('.cr-print-sheet');
    const list = sheet.getByRole('table', { name: 'Students', exact: true, includeHidden: true });
    expect(await list.isVisible(), 'the students list is printed').toBe(true);
    const students = await list.evaluate((t) =>
      Array.from((t as HTMLTableElement).tBodies[0]!.rows).map((r) =>
        Array.from(r.cells).map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim()),
      ),
    );
    // The choices list is numbered by CSS counters: read it as printed.
    const paths = await list.evaluate((t) =>
      Array.from(t.querySelectorAll('ol')).map((ol) =>
        Array.from(ol.children)
          .map((li, i) => `${i + 1}. ${(li.textContent ?? '').trim()}`)
          .join(' · '),
      ),
    );
    paths.forEach((p, i) => (students[i]![2] = p));
    // A number cell is one line: its text makes one line box (no "43." over "3").
    const cells = await sheet.evaluate((el) =>
      Array.from(el.querySelectorAll('td.cr-num')).map((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
        return { text: td.textContent ?? '', lines: lines.size, visible: (td as HTMLElement).offsetParent !== null };
      }),
    );
    const mapVisible = await sheet
      .getByRole('img', { name: 'Scenario map', exact: true, includeHidden: true })
      .isVisible();
    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    return {
      students,
      numberCells: cells.filter((c) => c.visible).length,
      wrappedNumbers: cells.filter((c) => c.visible && c.lines > 1).map((c) => c.text),
      mapVisible,
      pages: pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0,
      landscapePages: boxes.filter(([w, h]) => w! > h!).length,
    };
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
}

describe('class review', () => {
  it('reviews 30 CLI replays: every number of the three tables and both CSVs matches the files; tampered and foreign are refused', async () => {
    const s = await openSession({ acceptDownloads: true, bypassCSP: true });
    const { page } = s;
    await gotoTitle(s);
    await button(page, 'Class review').click();
    const review = dialog(page, 'Class review');
    await review.waitFor();
    const mime = 'application/json';
    await review
      .getByLabel('Add replay files', { exact: true })
      .setInputFiles([
        ...classFiles.map((f) => ({ name: f.name, mimeType: mime, buffer: Buffer.from(f.text) })),
        { name: 'edited.replay.json', mimeType: mime, buffer: Buffer.from(tamperedText) },
        { name: 'foreign.replay.json', mimeType: mime, buffer: Buffer.from(foreignText) },
      ]);
    await review.getByRole('status').filter({ hasText: '30 replays counted, 2 refused.' }).waitFor();

    // Refused, with their reasons.
    const refused = (
      await review.getByRole('list', { name: 'Refused files' }).getByRole('listitem').allTextContents()
    ).map(norm);
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatch(/^edited\.replay\.json: tampered at step 2: step 2 differs/);
    expect(refused[1]).toMatch(/^foreign\.replay\.json: unknown scenario: it is a replay of "fire-drill"/);

    const raws = classFiles.map((f) => f.raw);
    const total = raws.length;

    // Endings: every ending of the scenario, runs and share counted from the files.
    const endings = await tableCells(page, 'Endings');
    expect(endings).toEqual(
      RAW.endings.map((e) => {
        const n = raws.filter((r) => r.ending === e.id).length;
        return [e.title, e.tone, String(n), share(n, total)];
      }),
    );
    expect(endings.filter((r) => r[2] !== '0').length).toBeGreaterThan(1);

    // Choices by decision: one row per choice of every decision the class reached.
    const choices = await tableCells(page, 'Choices by decision');
    const expectedChoices: string[][] = [];
    for (const node of RAW.nodes) {
      const reached = raws.filter((r) => r.steps.some((st) => st.node === node.id)).length;
      if (!reached) continue;
      const hist = node.history?.choice;
      const matched = raws.filter((r) => r.steps.some((st) => st.node === node.id && st.choice === hist)).length;
      for (const c of node.choices) {
        const took = raws.filter((r) => r.steps.some((st) => st.node === node.id && st.choice === c.id)).length;
        expectedChoices.push([
          node.title,
          c.label,
          String(took),
          share(took, reached),
          hist === c.id ? 'yes' : '',
          hist ? share(matched, reached) : 'not recorded',
          String(reached),
        ]);
      }
      if ((node as { timeLimit?: number }).timeLimit)
        expectedChoices.push([
          node.title,
          'Time ran out',
          '0',
          '0.0',
          '',
          hist ? share(matched, reached) : 'not recorded',
          String(reached),
        ]);
    }
    expect(choices).toEqual(expectedChoices);

    // Students: one row per file; named players first (alphabetically), then the unnamed by file.
    const students = await tableCells(page, 'Students');
    const byName = [...classFiles].sort(
      (a, b) =>
        Number(!a.raw.player) - Number(!b.raw.player) ||
        (a.raw.player ?? '').localeCompare(b.raw.player ?? '', 'en') ||
        a.name.localeCompare(b.name, 'en'),
    );
    expect(students).toEqual(
      byName.map((f) => [
        f.raw.player ?? '(no name)',
        f.name,
        RAW.endings.find((e) => e.id === f.raw.ending)!.title,
        String(f.raw.steps.length),
        String(
          f.raw.steps.filter((st) => RAW.nodes.find((n) => n.id === st.node)!.history?.choice === st.choice).length,
        ),
        '0',
        'Open replay',
      ]),
    );

    // Download CSV: per student the player, the ending (title, id) and at each decision reached the
    // choice's label with its id in a second column.
    const csv = await downloadOf(page, 'Download CSV');
    expect(csv.file).toBe(`${RAW.id}-class-paths.csv`);
    const rows = parseCsv(csv.text);
    const reachedNodes = RAW.nodes.filter((n) => raws.some((r) => r.steps.some((st) => st.node === n.id)));
    expect(rows[0]).toEqual([
      'player',
      'ending',
      'ending id',
      ...reachedNodes.flatMap((n) => [n.title, `${n.id} id`]),
      'time ran out',
      'file',
    ]);
    expect(rows.slice(1)).toEqual(
      byName.map((f) => {
        const player = f.raw.player ?? '';
        return [
          /^[=+\-@]/.test(player) ? `'${player}` : player,
          RAW.endings.find((e) => e.id === f.raw.ending)!.title,
          f.raw.ending!,
          ...reachedNodes.flatMap((n) => {
            const ids = f.raw.steps.filter((st) => st.node === n.id).map((st) => st.choice);
            return [ids.map((id) => n.choices.find((c) => c.id === id)!.label).join(' then '), ids.join(' then ')];
          }),
          '0',
          f.name,
        ];
      }),
    );
    expect(rows.some((r) => r[0] === "'=cmd|calc")).toBe(true);

    // Download summary CSV: the choices table, with ids and raw numbers.
    const sum = await downloadOf(page, 'Download summary CSV');
    expect(sum.file).toBe(`${RAW.id}-class-summary.csv`);
    const srows = parseCsv(sum.text);
    expect(srows[0]).toEqual([
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
    const expectedSummary: string[][] = [];
    for (const node of RAW.nodes) {
      const reached = raws.filter((r) => r.steps.some((st) => st.node === node.id)).length;
      if (!reached) continue;
      const hist = node.history?.choice;
      const matched = raws.filter((r) => r.steps.some((st) => st.node === node.id && st.choice === hist)).length;
      for (const c of node.choices) {
        const took = raws.filter((r) => r.steps.some((st) => st.node === node.id && st.choice === c.id)).length;
        expectedSummary.push([
          node.id,
          node.title,
          c.id,
          c.label,
          String(took),
          String(reached),
          String(Math.round((1000 * took) / reached) / 10),
          hist === c.id ? 'yes' : '',
          hist ? String(Math.round((1000 * matched) / reached) / 10) : '',
        ]);
      }
      // A decision with a timer has a "Time ran out" row (no one here let it run out).
      if ((node as { timeLimit?: number }).timeLimit)
        expectedSummary.push([
          node.id,
          node.title,
          '(time ran out)',
          'Time ran out',
          '0',
          String(reached),
          '0',
          '',
          hist ? String(Math.round((1000 * matched) / reached) / 10) : '',
        ]);
    }
    expect(srows.slice(1)).toEqual(expectedSummary);

    // The map: an image named "Scenario map"; each arrow between two decisions says how many runs
    // took it (counted here from consecutive steps of the files), and the busiest one is the thickest.
    const map = review.getByRole('img', { name: 'Scenario map', exact: true });
    await map.waitFor();
    const arrows = await map.evaluate((svg) =>
      Array.from(svg.querySelectorAll('path.cr-map-edge')).map((p) => ({
        key: p.getAttribute('data-edge') ?? '',
        width: Number(p.getAttribute('stroke-width')),
        title: p.querySelector('title')?.textContent ?? '',
      })),
    );
    const traffic = new Map<string, number>();
    for (const r of raws) {
      const took = new Set(
        r.steps.slice(0, -1).map((st, i) => `${st.node}\u0000${st.choice}\u0000${r.steps[i + 1]!.node}`),
      );
      for (const k of took) traffic.set(k, (traffic.get(k) ?? 0) + 1);
    }
    expect(traffic.size).toBeGreaterThan(0);
    for (const [key, n] of traffic) {
      const arrow = arrows.find((x) => x.key === key);
      expect(arrow?.title, key).toMatch(new RegExp(`— ${n} runs?$`));
    }
    const busiest = arrows.reduce((a, b) => (b.width > a.width ? b : a));
    expect(busiest.width).toBe(10);
    expect(Number(/— (\d+) runs?$/.exec(busiest.title)?.[1])).toBe(
      Math.max(...arrows.map((x) => Number(/— (\d+) runs?$/.exec(x.title)?.[1] ?? 0))),
    );

    // One student's replay opens in the replay viewer, over the class review.
    const first = byName[0]!;
    await review.getByRole('button', { name: `Open replay: ${first.raw.player}, ${first.name}`, exact: true }).click();
    const viewer = dialog(page, `Replay: ${RAW.title}`);
    await viewer.getByText(`player: ${first.raw.player}`, { exact: false }).waitFor();
    await viewer.getByRole('button', { name: 'Close', exact: true }).click();
    await viewer.waitFor({ state: 'detached' });

    expect(await seriousAxeViolations(page)).toEqual([]);

    // The printed pages: the tables (numbers on one line each), every student with their ending and
    // choices, and the map on a landscape page of its own.
    const printed = await printedSheet(page);
    expect(printed.students).toEqual(
      byName.map((f) => [
        f.raw.player ?? f.name,
        RAW.endings.find((e) => e.id === f.raw.ending)!.title,
        f.raw.steps
          .map(
            (st, i) =>
              `${i + 1}. ${RAW.nodes.find((n) => n.id === st.node)!.choices.find((c) => c.id === st.choice)!.label}`,
          )
          .join(' · '),
      ]),
    );
    expect(printed.numberCells).toBeGreaterThanOrEqual(20);
    expect(printed.wrappedNumbers).toEqual([]);
    expect(printed.mapVisible).toBe(true);
    expect(printed.pages).toBeGreaterThanOrEqual(3);
    expect(printed.landscapePages).toBe(1);
    s.expectNoErrors();
  });

  it('pasted #r= links are added; a damaged link and a duplicate are refused', async () => {
    const s = await openSession();
    const { page } = s;
    await gotoTitle(s);
    await button(page, 'Class review').click();
    const review = dialog(page, 'Class review');
    const { makeLink } = await import('../../src/share/link.ts');
    const link = (text: string) => makeLink('http://localhost/', 'replay', text, 'x.replay.json').url!;
    const lines = [
      link(classFiles[0]!.text),
      '',
      link(classFiles[1]!.text),
      link(classFiles[0]!.text),
      'http://localhost/#r=@@@',
    ];
    await review.getByLabel('Paste replay links', { exact: true }).fill(lines.join('\n'));
    await review.getByRole('button', { name: 'Add links', exact: true }).click();
    await review.getByRole('status').filter({ hasText: '2 replays counted, 2 refused.' }).waitFor();
    const refused = (
      await review.getByRole('list', { name: 'Refused files' }).getByRole('listitem').allTextContents()
    ).map(norm);
    expect(refused[0]).toMatch(/^link on line 5: the link is damaged/);
    expect(refused[1]).toMatch(/^link on line 4: duplicate: the same replay as link on line 1/);
    expect((await tableCells(page, 'Students')).map((r) => r[1])).toEqual(
      expect.arrayContaining(['link on line 1', 'link on line 3']),
    );
    s.expectNoErrors();
  });
});

describe('class review keeps what was loaded', () => {
  const addFiles = async (page: Page, files: typeof classFiles) =>
    dialog(page, 'Class review')
      .getByLabel('Add replay files', { exact: true })
      .setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text) })));
  const openReview = async (page: Page) => {
    await button(page, 'Class review').click();
    const review = dialog(page, 'Class review');
    await review.waitFor();
    return review;
  };
  const statusOf = (page: Page, text: string) =>
    dialog(page, 'Class review').getByRole('status').filter({ hasText: text }).waitFor();

  it('closing Class review and reloading the page lose nothing; "Clear replays…" asks, then forgets them', async () => {
    const s = await openSession();
    const { page } = s;
    await gotoTitle(s);
    let review = await openReview(page);
    await addFiles(page, classFiles.slice(0, 4));
    await statusOf(page, '4 replays counted.');
    await review
      .getByText('Kept in this browser until you clear them: 4 replays of this scenario', { exact: false })
      .waitFor();
    await review.getByRole('button', { name: 'Close', exact: true }).click();
    await review.waitFor({ state: 'detached' });

    // Opened again: the same four students, read back from this browser.
    review = await openReview(page);
    await statusOf(page, '4 replays counted.');
    const names = async () => (await tableCells(page, 'Students')).map((r) => r[1]).sort();
    expect(await names()).toEqual(
      classFiles
        .slice(0, 4)
        .map((f) => f.name)
        .sort(),
    );

    // After a reload too; one more file joins them, and one handed in again is a duplicate.
    await gotoTitle(s);
    review = await openReview(page);
    await statusOf(page, '4 replays counted.');
    await addFiles(page, [classFiles[4]!, classFiles[0]!]);
    await statusOf(page, '5 replays counted, 1 refused.');
    await gotoTitle(s);
    review = await openReview(page);
    await statusOf(page, '5 replays counted.');

    // Clear asks first; "Keep them" keeps them.
    await review.getByRole('button', { name: 'Clear replays…', exact: true }).click();
    let ask = dialog(page, 'Clear replays?');
    await expect(ask.textContent()).resolves.toContain(`Remove the 5 replays of "${RAW.title}"`);
    await ask.getByRole('button', { name: 'Keep them', exact: true }).click();
    await ask.waitFor({ state: 'detached' });
    await statusOf(page, '5 replays counted.');
    await review.getByRole('button', { name: 'Clear replays…', exact: true }).click();
    ask = dialog(page, 'Clear replays?');
    await ask.getByRole('button', { name: 'Clear', exact: true }).click();
    await statusOf(page, 'No replays added yet.');
    await review
      .getByRole('alert')
      .filter({ hasText: `Cleared: the 5 replays of "${RAW.title}"` })
      .waitFor();
    await gotoTitle(s);
    await openReview(page);
    await statusOf(page, 'No replays added yet.');
    s.expectNoErrors();
  });

  it('a damaged record in the browser is skipped with a message; the rest are read back', async () => {
    const s = await openSession();
    const { page } = s;
    await gotoTitle(s);
    await openReview(page);
    await addFiles(page, classFiles.slice(0, 2));
    await statusOf(page, '2 replays counted.');
    // Something else wrote into the class review's storage (an older build, a tampered profile).
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open('crisis-room-class-review');
          req.onsuccess = () => {
            const tx = req.result.transaction('replays', 'readwrite');
            tx.objectStore('replays').add({ scenario: 'x', name: 42, text: null });
            tx.objectStore('replays').add('not a record');
            tx.oncomplete = () => {
              req.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await gotoTitle(s);
    const review = await openReview(page);
    await statusOf(page, '2 replays counted.');
    await review
      .getByRole('alert')
      .filter({ hasText: '2 records kept in this browser could not be read as a replay and were skipped and removed.' })
      .waitFor();
    // Removed: the next opening has nothing to skip.
    await gotoTitle(s);
    await openReview(page);
    await statusOf(page, '2 replays counted.');
    await expect(dialog(page, 'Class review').getByRole('alert').textContent()).resolves.toBe('');
    s.expectNoErrors();
  });

  it('when the browser refuses to store them, the replays are still counted and the review says they are not kept', async () => {
    const s = await openSession();
    const { page } = s;
    // A full disk: every write into the class review's storage fails.
    await page.addInitScript(() => {
      const add = IDBObjectStore.prototype.add;
      IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
        if (this.transaction.db.name === 'crisis-room-class-review')
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return add.apply(this, args);
      };
    });
    await gotoTitle(s);
    const review = await openReview(page);
    await addFiles(page, classFiles.slice(0, 3));
    await statusOf(page, '3 replays counted.');
    await review
      .getByRole('alert')
      .filter({ hasText: 'Not kept in this browser: it refused to store 3 replays (The quota has been exceeded.)' })
      .waitFor();
    expect((await tableCells(page, 'Students')).length).toBe(3);
    s.expectNoErrors();
  });
});

describe('class review by drop', () => {
  it('files dropped on the dialog are counted there, not opened by the page', async () => {
    const s = await openSession();
    const { page } = s;
    await gotoTitle(s);
    await button(page, 'Class review').click();
    const review = dialog(page, 'Class review');
    await review.waitFor();
    const dropped = classFiles.slice(0, 3).map((f) => [f.name, f.text]);
    const dt = await page.evaluateHandle((files) => {
      const d = new DataTransfer();
      for (const [n, t] of files) d.items.add(new File([t!], n!, { type: 'application/json' }));
      return d;
    }, dropped);
    for (const type of ['dragenter', 'dragover', 'drop']) await review.dispatchEvent(type, { dataTransfer: dt });
    await review.getByRole('status').filter({ hasText: '3 replays counted.' }).waitFor();
    expect((await tableCells(page, 'Students')).map((r) => r[1]).sort()).toEqual(dropped.map((f) => f[0]).sort());
    // The page's own drop target (which would open a replay viewer per file) never saw the drop.
    await expect(page.getByRole('dialog').count()).resolves.toBe(1);
    s.expectNoErrors();
  });
});

describe('class review at scale', () => {
  it('1,000 replays (a school year) show a progress bar while they are read, then all are counted', async () => {
    const s = await openSession();
    const { page } = s;
    const compiled = compile(CLASS_FILE);
    const files = Array.from({ length: 1000 }, (_, i) => {
      const run = startRun(compiled, 50_000 + i);
      for (const c of choicesFor(compiled, 50_000 + i, i)) run.choose(c);
      return {
        name: `y${i}.replay.json`,
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(run.record())),
      };
    });
    await gotoTitle(s);
    await button(page, 'Class review').click();
    const review = dialog(page, 'Class review');
    await review.waitFor();
    // Record every state of the progress bar as it changes (no timing involved).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[role="progressbar"][aria-label="Reading replays"]');
        const now = bar?.getAttribute('aria-valuenow');
        if (now && seen[seen.length - 1] !== now) seen.push(`${now}/${bar!.getAttribute('aria-valuemax')}`);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await review.getByLabel('Add replay files', { exact: true }).setInputFiles(files);
    await review.getByRole('status').filter({ hasText: '1000 replays counted.' }).waitFor({ timeout: 120_000 });
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(seen.length).toBeGreaterThanOrEqual(10);
    expect(seen).toContain('500/1000');
    expect(seen[seen.length - 1]).toBe('1000/1000');
    await expect(review.getByRole('progressbar').count()).resolves.toBe(0);
    const endings = await tableCells(page, 'Endings');
    expect(endings.reduce((n, r) => n + Number(r[2]), 0)).toBe(1000);
    expect(await review.getByRole('table', { name: 'Students', exact: true }).locator('tbody tr').count()).toBe(1000);
    s.expectNoErrors();
  });
});

describe('scenario map and hand-in', () => {
  it('"Scenario map" on a built-in card shows the map and the same content as a list', async () => {
    const s = await openSession();
    const { page } = s;
    // elkjs (1.4 MB) is not part of the title screen's start-up: it loads when a map is first drawn,
    // in the map's layout worker (every request the page and its workers make is seen here).
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(r.url().split('/').pop() ?? ''));
    const elk = () => fetched.filter((n) => /^(vendor-elkjs|layout-worker)/.test(n));
    await gotoTitle(s);
    expect(elk()).toEqual([]);
    await page
      .getByRole('article', { name: KZ_RAW.title, exact: true })
      .getByRole('button', { name: 'Scenario map', exact: true })
      .click();
    const d = dialog(page, `Scenario map: ${KZ_RAW.title}`);
    const img = d.getByRole('img', { name: 'Scenario map', exact: true });
    await img.waitFor();
    expect(elk().length).toBeGreaterThanOrEqual(1);
    const boxes = await img.evaluate((svg) => svg.querySelectorAll('g.cr-map-node').length);
    expect(boxes).toBeGreaterThanOrEqual(KZ_RAW.nodes.length + KZ_RAW.endings.length);
    const historical = await img.evaluate((svg) =>
      Array.from(svg.querySelectorAll('g.cr-map-node.cr-map-historical')).map((g) => g.getAttribute('data-node')),
    );
    expect(historical).toContain(KZ_RAW.nodes[0]!.id);
    const list = d.getByRole('list', { name: 'Scenario map as a list' });
    for (const n of KZ_RAW.nodes)
      await expect(list.getByText(n.title, { exact: true }).count()).resolves.toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await d.waitFor({ state: 'detached' });
    s.expectNoErrors();
  });

  it('a name typed at the debrief goes into the exported replay; "Show QR code" shows the link as a QR code', async () => {
    const s = await openSession({ acceptDownloads: true });
    const { page } = s;
    await gotoTitle(s);
    await page
      .getByRole('article', { name: 'Harbour Strike (template)', exact: true })
      .getByRole('button', { name: 'New game', exact: true })
      .click();
    await button(page, 'Begin').click();
    for (let i = 0; i < 50; i++) {
      await choicesGroup(page).getByRole('button').first().click();
      await continueButton(page).click();
      if (await nextDecisionOrDebrief(page)) break;
    }
    await page.getByLabel('Your name', { exact: true }).fill('Aigerim 9B');
    const [d] = await Promise.all([page.waitForEvent('download'), button(page, 'Export decision path').click()]);
    const replay = JSON.parse(readFileSync((await d.path())!, 'utf8')) as RawReplay;
    expect(replay.player).toBe('Aigerim 9B');
    await button(page, 'Show QR code').click();
    const qr = dialog(page, 'Replay QR code');
    await qr.getByRole('img', { name: 'QR code of the replay link', exact: true }).waitFor();
    await expect(qr.getByText('played by Aigerim 9B', { exact: false }).count()).resolves.toBe(1);
    await qr.getByRole('button', { name: 'Close', exact: true }).click();
    // In the picture view only buttons are drawn: the name can be changed by a mouse click on the canvas too.
    // Its label shows the name kept.
    await clickOnCanvas(page, button(page, 'Name on your path: Aigerim 9B ✓'));
    const ask = dialog(page, 'Name on your path');
    await ask.getByLabel('Name', { exact: true }).fill('Aigerim 9C');
    await ask.getByRole('button', { name: 'Done', exact: true }).click();
    await ask.waitFor({ state: 'detached' });
    await expect(page.getByLabel('Your name', { exact: true }).inputValue()).resolves.toBe('Aigerim 9C');
    const [d2] = await Promise.all([page.waitForEvent('download'), button(page, 'Export decision path').click()]);
    expect((JSON.parse(readFileSync((await d2.path())!, 'utf8')) as RawReplay).player).toBe('Aigerim 9C');
    s.expectNoErrors();
  });
});
