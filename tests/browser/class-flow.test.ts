/**
 * Issue 21's "Must show": the whole class flow a teacher met with the Armenia case, as one test on a
 * scenario the test makes (tests/browser/armenia-like.ts: ten decisions, two timers, a chance event,
 * a hidden choice). The teacher writes it in the editor (pasted into CodeMirror), saves it to the
 * library, test-plays it with the mouse on the canvas, and copies a link for the class (seed and
 * timer fixed). Thirty students open the link, each in a browser context of their own (nothing
 * shared; two at a time on a small machine). Six play every decision in the room, with the mouse on
 * the canvas or the keyboard, two of them letting the five-second timer run out; the other
 * twenty-four start a New game and take their path through the game's `playPath` test hook (a full
 * playthrough costs 15 to 25 seconds on a loaded two-core machine). All type their names at the
 * debrief and hand in a file (even students) or a replay link (odd ones). The teacher loads them all
 * into Class review (files and pasted links) and sees thirty students with the counts made here from
 * the handed-in files, "Time ran out" apart from the choice, the CSV with labels and ids, all thirty
 * again after a reload, and the printed students list with numbers on one line each. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { buttonNames, choicesGroup, continueButton, debriefHeading, norm } from '../../tools/bench/drive.ts';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { startRun } from '../../src/engine/run.ts';
import { armeniaLike, SHORT_TIMER } from './armenia-like.ts';
import { ROOT, button, clickOnCanvas, closeBrowser, dialog, gotoTitle, openSession } from './support.ts';

afterAll(closeBrowser);

const TEXT = armeniaLike();
const COMPILED = (() => {
  const r = checkScenarioText(TEXT, 'border-2022.yaml', { explore: false });
  if (!r.compiled) throw new Error('the generated scenario does not check');
  return r.compiled;
})();
interface RawNode {
  id: string;
  title: string;
  choices: { id: string; label: string }[];
  timeLimit?: number;
  history?: { choice?: string };
}
const RAW = parseYaml(TEXT) as { title: string; nodes: RawNode[]; endings: { id: string; title: string }[] };
const STUDENTS = 30;
/** Students who let the five-second timer run out at SHORT_TIMER. */
const WAITERS = new Set([1, 4]);
/**
 * Students who play every decision in the room, with the mouse on the canvas or the keyboard; the
 * others (to keep the test within minutes on a small machine) open the link, start a New game and
 * take their path through the game's test hook `playPath`, then hand in at the debrief the same way.
 */
const BY_HAND = 6;
const VIEW = { width: 1280, height: 720 };

interface Replay {
  seed: number;
  player?: string;
  ending?: string;
  steps: { node: string; choice: string; timeout?: boolean }[];
}
interface HandIn {
  student: number;
  file: string;
  text: string;
  replay: Replay;
  link?: string;
}

/** The room's decision title (the first level-2 heading while choices show). */
const decisionTitle = async (page: Page) => norm(await page.getByRole('heading', { level: 2 }).first().textContent());

/**
 * Play from the briefing to the debrief: at each decision the `pick`-th choice shown (a different
 * path per student), or no choice at all at SHORT_TIMER when `wait` (the timer runs out).
 */
async function play(
  page: Page,
  click: (b: Locator) => Promise<void>,
  pick: (shown: number, step: number) => number,
  wait: boolean,
): Promise<void> {
  await click(button(page, 'Begin'));
  for (let step = 0; step < 20; step++) {
    const choices = choicesGroup(page);
    await choices.waitFor();
    const outcome = page.getByRole('region', { name: 'Outcome', exact: true });
    if (wait && (await decisionTitle(page)) === SHORT_TIMER.title) {
      // Hands off: the five seconds run out and the game takes the node's onTimeout choice.
      await outcome.waitFor({ timeout: 60_000 });
    } else {
      const names = await buttonNames(choices);
      await click(choices.getByRole('button', { name: names[pick(names.length, step)]!, exact: true }));
      await outcome.waitFor();
    }
    await click(continueButton(page));
    await choicesGroup(page).or(debriefHeading(page)).first().waitFor();
    if (await debriefHeading(page).isVisible()) return;
  }
  throw new Error('no debrief after 20 decisions');
}

/** A path of visible choices from `seed`, the k-th student's (a small LCG picks among those shown). */
function pathFor(seed: number, k: number): string[] {
  const run = startRun(COMPILED, seed);
  let x = k + 1;
  while (!run.ended) {
    const shown = run.visibleChoices();
    x = (x * 1103515245 + 12345) >>> 0;
    run.choose(shown[(x >>> 8) % shown.length]!.id);
  }
  return run.trail.map((t) => t.choice);
}

/** One student: opens the class link in a browser of their own, plays, names the path and hands it in. */
async function student(i: number, link: string, seed: number): Promise<HandIn> {
  const s = await openSession({ viewport: VIEW, acceptDownloads: true, reducedMotion: 'reduce' });
  const { page } = s;
  await page.goto(link.replace('?', '?silent&'));
  await page.getByRole('article', { name: RAW.title, exact: true }).getByRole('button', { name: 'New game' }).click();
  if (i < BY_HAND) {
    // Half of them with the mouse on the picture, the others with the keyboard (Enter on each button).
    const click = i % 2 === 0 ? (b: Locator) => clickOnCanvas(page, b) : (b: Locator) => b.press('Enter');
    await play(page, click, (shown, step) => (i * 7 + step * (1 + (i % 4))) % shown, WAITERS.has(i));
  } else {
    await button(page, 'Begin').waitFor();
    const choices = pathFor(seed, i);
    expect(
      await page.evaluate(
        ([id, sd, ch]) =>
          (
            window as unknown as { __crisisRoom: { playPath(id: string, seed: number, c: string[]): boolean } }
          ).__crisisRoom.playPath(id as string, sd as number, ch as string[]),
        [COMPILED.scenario.id, seed, choices] as const,
      ),
    ).toBe(true);
  }
  await debriefHeading(page).waitFor();
  const name = `Student ${String(i + 1).padStart(2, '0')}`;
  await page.getByLabel('Your name', { exact: true }).fill(name);
  await page.getByLabel('Your name', { exact: true }).press('Enter');
  const [d] = await Promise.all([page.waitForEvent('download'), button(page, 'Export decision path').click()]);
  const text = readFileSync((await d.path())!, 'utf8');
  const out: HandIn = { student: i, file: d.suggestedFilename(), text, replay: JSON.parse(text) as Replay };
  if (i % 2) {
    // Odd students hand in a link instead of the file.
    await button(page, 'Copy replay link').click();
    const share = dialog(page, 'Share link');
    out.link = await share.getByRole('textbox', { name: 'Link', exact: true }).inputValue();
    await share.getByRole('button', { name: 'Close', exact: true }).click();
  }
  s.expectNoErrors();
  await s.context.close();
  return out;
}

/** The text of every cell of a table's body rows. */
async function cells(page: Page, name: string): Promise<string[][]> {
  const table = page.getByRole('dialog', { name: 'Class review' }).getByRole('table', { name, exact: true });
  await table.waitFor();
  return table.evaluate((t) =>
    Array.from((t as HTMLTableElement).tBodies[0]!.rows).map((r) =>
      Array.from(r.cells).map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim()),
    ),
  );
}

const share = (part: number, whole: number) => (Math.round((1000 * part) / whole) / 10).toFixed(1);

describe('the class flow (issue 21)', () => {
  it('write, play, share, 30 hand-ins, review', { timeout: 600_000 }, async () => {
    // --- The teacher writes the scenario in the editor and saves it to the library.
    const t = await openSession({ viewport: VIEW, acceptDownloads: true });
    const { page } = t;
    await gotoTitle(t, '?silent');
    await button(page, 'Write a scenario').click();
    const editor = page.getByRole('region', { name: 'Scenario editor', exact: true });
    await page.getByRole('group', { name: 'Start from' }).getByRole('button', { name: 'Blank scenario' }).click();
    await page.getByRole('textbox', { name: 'Scenario source', exact: true }).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(TEXT);
    await expect
      .poll(() => editor.getByRole('status').first().textContent(), { timeout: 90_000, interval: 250 })
      .toBe('No problems: ready to play.');
    await editor.getByRole('button', { name: 'Save to library', exact: true }).click();
    await expect.poll(() => editor.locator('.cr-editor-message').textContent(), { timeout: 30_000 }).toMatch(/librar/i);

    // --- A test run with the mouse on the canvas, to the debrief.
    await editor.getByRole('button', { name: 'Play', exact: true }).click();
    await play(
      page,
      (b) => clickOnCanvas(page, b),
      () => 0,
      false,
    );

    // --- The link for the class: seed and timer fixed.
    await gotoTitle(t, '?silent');
    const card = page.getByRole('article', { name: RAW.title, exact: true });
    await card.getByRole('button', { name: 'Copy link', exact: true }).click();
    const shareDialog = dialog(page, 'Share link');
    await shareDialog.getByLabel('Timer for the class').selectOption('normal');
    await shareDialog.getByRole('button', { name: 'Copy link for the class', exact: true }).click();
    const field = shareDialog.getByLabel('Class link', { exact: true });
    await expect.poll(() => field.inputValue()).toMatch(/^http/);
    const link = await field.inputValue();
    const seed = Number(new URL(link).searchParams.get('seed'));
    await shareDialog.getByRole('button', { name: 'Close', exact: true }).click();

    // --- Thirty students, two at a time, each in a fresh browser context (nothing shared).
    const handIns: HandIn[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 2 }, async () => {
        while (next < STUDENTS) {
          const i = next++;
          handIns.push(await student(i, link, seed));
        }
      }),
    );
    handIns.sort((a, b) => a.student - b.student);
    const replays = handIns.map((h) => h.replay);
    // Everyone played the class's seed; the paths differ; the waiters' timers ran out there.
    expect(new Set(replays.map((r) => r.seed))).toEqual(new Set([seed]));
    expect(new Set(replays.map((r) => r.steps.map((st) => st.choice).join())).size).toBeGreaterThan((2 * STUDENTS) / 3);
    for (const i of WAITERS)
      expect(replays[i]!.steps.find((st) => st.node === SHORT_TIMER.node)).toMatchObject({ timeout: true });
    for (const r of replays) expect(r.steps.length).toBe(10);
    expect(handIns[0]!.file).toMatch(/^border-2022-Student-01-\d{4}-\d\d-\d\d\.json$/);

    // --- The teacher loads the files and pastes the links into Class review.
    await button(page, 'Class review').click();
    let review = dialog(page, 'Class review');
    const files = handIns.filter((h) => !h.link);
    await review
      .getByLabel('Add replay files', { exact: true })
      .setInputFiles(files.map((h) => ({ name: h.file, mimeType: 'application/json', buffer: Buffer.from(h.text) })));
    await review
      .getByRole('status')
      .filter({ hasText: `${files.length} replays counted.` })
      .waitFor();
    await review.getByLabel('Paste replay links', { exact: true }).fill(
      handIns
        .filter((h) => h.link)
        .map((h) => h.link)
        .join('\n'),
    );
    await review.getByRole('button', { name: 'Add links', exact: true }).click();
    await review
      .getByRole('status')
      .filter({ hasText: `${STUDENTS} replays counted.` })
      .waitFor();

    // Thirty students, by name, with their endings and their timeouts.
    const students = await cells(page, 'Students');
    expect(students.map((r) => [r[0], r[2], r[5]])).toEqual(
      replays.map((r, i) => [
        `Student ${String(i + 1).padStart(2, '0')}`,
        RAW.endings.find((e) => e.id === r.ending)!.title,
        String(r.steps.filter((st) => st.timeout).length),
      ]),
    );

    // Endings and choices: counted here from the handed-in files; "Time ran out" apart from the choice.
    const endings = await cells(page, 'Endings');
    for (const e of RAW.endings) {
      const n = replays.filter((r) => r.ending === e.id).length;
      expect(endings.find((row) => row[0] === e.title)!.slice(2)).toEqual([String(n), share(n, STUDENTS)]);
    }
    const choices = await cells(page, 'Choices by decision');
    const expected: string[][] = [];
    for (const node of RAW.nodes) {
      const reached = replays.filter((r) => r.steps.some((st) => st.node === node.id)).length;
      if (!reached) continue;
      const took = (id: string, timeout: boolean) =>
        replays.filter((r) => r.steps.some((st) => st.node === node.id && st.choice === id && !!st.timeout === timeout))
          .length;
      for (const c of node.choices) expected.push([node.title, c.label, String(took(c.id, false)), String(reached)]);
      if (node.timeLimit)
        expected.push([node.title, 'Time ran out', String(took(SHORT_TIMER.onTimeout, true)), String(reached)]);
    }
    expect(choices.map((r) => [r[0], r[1], r[2], r[6]])).toEqual(expected);
    const timedOut = choices.find((r) => r[0] === SHORT_TIMER.title && r[1] === 'Time ran out')!;
    expect(timedOut[2]).toBe(String(WAITERS.size));
    // The chance event: the class's seed gives everyone the same draw, whatever their path.
    expect(new Set(replays.map((r) => r.steps[5]!.node)).size).toBe(1);

    // The CSV: choice labels, their ids in a second column, the timeout written as such.
    const [d] = await Promise.all([
      page.waitForEvent('download'),
      review.getByRole('button', { name: 'Download CSV', exact: true }).click(),
    ]);
    const csv = readFileSync((await d.path())!, 'utf8').replace(/^\uFEFF/, '');
    const head = csv.split('\r\n')[0]!;
    expect(head).toContain(`${SHORT_TIMER.title},${SHORT_TIMER.node} id`);
    const waiter = csv
      .split('\r\n')
      .find((l) => l.startsWith(`Student ${String([...WAITERS][0]! + 1).padStart(2, '0')},`))!;
    expect(waiter).toContain('Time ran out,(time ran out)');

    // --- After a reload, Class review still has all thirty.
    await gotoTitle(t, '?silent');
    await button(page, 'Class review').click();
    review = dialog(page, 'Class review');
    await review
      .getByRole('status')
      .filter({ hasText: `${STUDENTS} replays counted.` })
      .waitFor();
    expect((await cells(page, 'Students')).length).toBe(STUDENTS);

    // --- Printed: the students list is on paper, and no number wraps.
    await page.emulateMedia({ media: 'print' });
    const sheet = page.locator('.cr-print-sheet');
    const list = sheet.getByRole('table', { name: 'Students', exact: true, includeHidden: true });
    expect(await list.isVisible()).toBe(true);
    expect(await list.locator('tbody tr').count()).toBe(STUDENTS);
    const wrapped = await sheet.evaluate((el) =>
      Array.from(el.querySelectorAll('td.cr-num'))
        .filter((td) => {
          const range = document.createRange();
          range.selectNodeContents(td);
          return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size > 1;
        })
        .map((td) => td.textContent),
    );
    expect(wrapped).toEqual([]);
    // For a person to look at: the printed pages as a PDF, and the sheet as the print media lays it out.
    const out = path.join(ROOT, '.tmp/class-flow');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'class-review.pdf'), await page.pdf({ preferCSSPageSize: true }));
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: path.join(out, 'class-review-print.png'), fullPage: true });
    await page.setViewportSize(VIEW);
    await page.emulateMedia({ media: 'screen' });
    t.expectNoErrors();
  });
});
