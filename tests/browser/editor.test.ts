/**
 * Issue 11 in Debian's Chromium: a teacher writes a scenario in the browser. Typed with the
 * keyboard into "Scenario source", a mistake shows in "Problems" with its line:col, a click there
 * moves the cursor to it, the fix is typed, the scenario is played to an ending, and a reload in
 * the middle of an edit finds the draft intact. Driven by roles and names (docs/dom-contract.md).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { choicesGroup, continueButton, nextDecisionOrDebrief } from '../../tools/bench/drive.ts';
import {
  ROOT,
  button,
  closeBrowser,
  dialog,
  gotoTitle,
  keptDraft,
  openSession,
  pickFile,
  seriousAxeViolations,
} from './support.ts';

/** Checks explore the state space in a worker on a shared machine: give them time. */
const WAIT = { timeout: 60_000, interval: 200 };

afterAll(async () => {
  await closeBrowser();
});

/** A small scenario, one top-level key a line (flow style), with a typo in the ending id on line 11. */
const LINES = [
  'format: crisis-room/1',
  'id: quay',
  'title: The quay',
  'version: 1.0.0',
  'language: en',
  'role: You run the port.',
  'summary: A two-step test.',
  'meters: [{ id: calm, label: Calm, start: 50 }]',
  'advisors: [{ id: aide, name: Ana Aide, title: Aide }]',
  'start: talk',
  'nodes: [{ id: talk, title: Talk first, text: The dockers wait., advice: [{ advisor: aide, text: Talk. }], choices: [{ id: talk, label: Open talks, effects: { calm: 10 }, next: walk }, { id: wait, label: Wait it out, effects: { calm: -10 }, next: deel }] }, { id: walk, title: Walk the quay, text: You walk the quay., choices: [{ id: done, label: Shake hands, effects: { calm: 5 }, next: deal }] }]',
  'endings: [{ id: deal, title: A deal, tone: good, text: Work resumes. }]',
];

const editorRegion = (page: Page) => page.getByRole('region', { name: 'Scenario editor', exact: true });
/** A button of the editor's own (the game's buttons underneath are inert meanwhile). */
const inEditor = (page: Page, name: string) => editorRegion(page).getByRole('button', { name, exact: true });
const source = (page: Page) => page.getByRole('textbox', { name: 'Scenario source', exact: true });
const problems = (page: Page) => editorRegion(page).getByRole('list', { name: 'Problems', exact: true });

/** The editor's check summary ("No problems: ready to play.", "1 error, 0 warnings. …"). */
const summary = (page: Page) => editorRegion(page).getByRole('status').first().textContent();
/** What the editor last said in its alert (refusals, what "Save to library" did). */
const alertText = (page: Page) => editorRegion(page).locator('.cr-editor-message').textContent();

/** Click a line of the source (scrolling it into view with the wheel), select it all and type it anew. */
async function retypeLine(page: Page, line: string, replacement: string): Promise<void> {
  const target = source(page).getByText(line, { exact: true });
  await source(page).hover();
  for (let i = 0; i < 40 && !(await target.count()); i++) await page.mouse.wheel(0, 200);
  for (let i = 0; i < 40 && !(await target.count()); i++) await page.mouse.wheel(0, -200);
  await target.click();
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type(replacement);
  await page.keyboard.press('Escape');
}

/**
 * What is wrong with the editor's layout: a control or text overlapping another as drawn, or cut
 * off at the window's edge even after scrolling to it. Empty when all is well.
 */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.querySelector('.cr-editor')!;
    const name = (e: Element) =>
      `${e.tagName.toLowerCase()} "${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 40)}"`;
    const items = [
      ...root.querySelectorAll(
        'button, select, input:not([type=file]), h2, h3, .cr-editor-text, [role=status], [role=alert], summary, .cr-note, .cr-editor-help p',
      ),
    ].filter((e) => e.checkVisibility() && (e.textContent?.trim() || e.matches('input, select, .cr-editor-text')));
    const out: string[] = [];
    // As drawn now: each box cut to what its scrolling boxes show of it.
    const shown = items.map((e) => {
      let r = e.getBoundingClientRect();
      for (let p = e.parentElement; p && root.contains(p); p = p.parentElement) {
        if (getComputedStyle(p).overflowY === 'visible') continue;
        const c = p.getBoundingClientRect();
        const x = Math.max(r.left, c.left);
        const y = Math.max(r.top, c.top);
        r = new DOMRect(
          x,
          y,
          Math.max(0, Math.min(r.right, c.right) - x),
          Math.max(0, Math.min(r.bottom, c.bottom) - y),
        );
      }
      return { e, r };
    });
    for (const [i, a] of shown.entries())
      for (const b of shown.slice(i + 1)) {
        if (a.e.contains(b.e) || b.e.contains(a.e)) continue;
        const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (w > 1 && h > 1) out.push(`${name(a.e)} overlaps ${name(b.e)}`);
      }
    // Each one reachable: scrolled to, it lies inside the window.
    for (const e of items) {
      e.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = e.getBoundingClientRect();
      if (r.left < -0.5 || r.right > innerWidth + 0.5) out.push(`${name(e)} runs past the side (${r.left}–${r.right})`);
      if (r.height <= innerHeight && (r.top < -0.5 || r.bottom > innerHeight + 0.5))
        out.push(`${name(e)} cannot be scrolled into view (${r.top}–${r.bottom})`);
      if (e.matches('button') && e.scrollWidth > e.clientWidth + 1) out.push(`${name(e)}: its text is cut`);
    }
    root.scrollTop = 0;
    return out;
  });
}

/** Move the mouse onto the middle/** Move the mouse onto the middle of the first place `text` is drawn in the source. */
async function hoverOnText(page: Page, text: string): Promise<void> {
  const box = await page.evaluate((wanted) => {
    const content = document.querySelector('.cm-content')!;
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.textContent!.indexOf(wanted);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + wanted.length);
      const r = range.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }
    return undefined;
  }, text);
  expect(box, `"${text}" drawn in the source`).toBeDefined();
  await page.mouse.move(box!.x, box!.y);
}

/** A small scenario as a teacher's .json file; its one choice has no "next" yet. */
const QUAY_JSON = `{
  "format": "crisis-room/1",
  "id": "quay-json",
  "title": "The quay",
  "version": "1.0.0",
  "language": "en",
  "role": "You run the port.",
  "summary": "A one-step test.",
  "meters": [{ "id": "calm", "label": "Calm", "start": 50 }],
  "advisors": [{ "id": "aide", "name": "Ana Aide", "title": "Aide" }],
  "start": "talk",
  "nodes": [
    {
      "id": "talk",
      "title": "Talk first",
      "text": "The dockers wait.",
      "timeLimit": 60,
      "onTimeout": "open",
      "advice": [{ "advisor": "aide", "text": "Talk." }],
      "choices": [
        {
          "id": "open",
          "label": "Open talks",
          "effects": { "calm": 10 }
        }
      ]
    }
  ],
  "endings": [{ "id": "deal", "title": "A deal", "tone": "good", "text": "Work resumes." }]
}
`;

/** Type lines with the keyboard;/** Type lines with the keyboard; Escape closes any suggestion list so Enter makes a new line. */
async function typeLines(page: Page, lines: readonly string[]): Promise<void> {
  for (const [i, line] of lines.entries()) {
    await page.keyboard.type(line);
    await page.keyboard.press('Escape');
    if (i < lines.length - 1) await page.keyboard.press('Enter');
  }
}

describe('the scenario editor', () => {
  it('types a scenario, sees a problem at line:col, fixes it, plays it to an ending, and keeps the draft over a reload', async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const { page } = s;
    await gotoTitle(s);
    await button(page, 'Write a scenario').click();
    await editorRegion(page).waitFor();
    // A first visit: the ways to start are offered; start blank and clear it.
    const start = page.getByRole('group', { name: 'Start from', exact: true });
    await start.waitFor();
    await start.getByRole('button', { name: 'Blank scenario', exact: true }).click();
    await source(page).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await typeLines(page, LINES);

    // The checker's message for the typo, with its position, in "Problems".
    const typo = { line: 11, col: LINES[10]!.indexOf('deel') + 1 };
    const problem = problems(page).getByRole('button', {
      name: `${typo.line}:${typo.col} error [unknown-ref] next "deel" is not a node or ending id (did you mean "deal"?)`,
      exact: true,
    });
    await problem.waitFor();
    expect(await problems(page).getByRole('listitem').count()).toBe(1);
    // Play refuses a draft with errors, and says why.
    await inEditor(page, 'Play').click();
    await expect
      .poll(() => editorRegion(page).getByRole('alert').textContent(), WAIT)
      .toMatch(/1 error: it is kept as a draft, but cannot be played/);

    // Clicking the problem puts the cursor on "deel": four Deletes and the fix, by keyboard.
    await problem.click();
    for (let i = 0; i < 4; i++) await page.keyboard.press('Delete');
    await page.keyboard.type('deal');
    await expect
      .poll(() => editorRegion(page).getByRole('status').first().textContent(), WAIT)
      .toMatch(/^No problems: ready to play\.$/);
    expect(await problems(page).getByRole('listitem').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Play from the start: a test run, clearly labelled, to an ending.
    await inEditor(page, 'Play').click();
    await page.getByRole('region', { name: 'Test run', exact: true }).waitFor();
    await button(page, 'Begin').click();
    await choicesGroup(page).getByRole('button', { name: 'Open talks', exact: true }).click();
    await continueButton(page).click();
    expect(await nextDecisionOrDebrief(page)).toBe(false);
    await choicesGroup(page).getByRole('button', { name: 'Shake hands', exact: true }).click();
    await continueButton(page).click();
    expect(await nextDecisionOrDebrief(page)).toBe(true);
    await expect.poll(() => page.getByRole('main').textContent(), WAIT).toContain('A deal');

    // Back to the editor, the cursor where it was (after the fix); then an edit and a reload.
    await button(page, 'Back to the editor').click();
    await editorRegion(page).waitFor();
    await page.keyboard.type('-x');
    const edited = LINES.join('\n').replace('next: deel', 'next: deal-x');
    await expect.poll(() => page.getByText('Draft saved in this browser').count(), WAIT).toBe(1);
    // The note was there before the edit too: wait until the draft kept in the browser has it.
    await expect.poll(() => keptDraft(page), WAIT).toContain('next: deal-x');
    await page.reload();
    await gotoTitle(s);
    await button(page, 'Write a scenario').click();
    await editorRegion(page).waitFor();
    await expect.poll(() => source(page).textContent(), WAIT).toBe(edited.replace(/\n/g, ''));
    expect(await page.evaluate(() => document.querySelector('.cm-content')?.textContent)).toBe(
      edited.replace(/\n/g, ''),
    );
    s.expectNoErrors();
  }, 360_000); // typing ~900 characters key by key on a shared machine takes a while

  it('shows the map with the node under the cursor marked, downloads, makes a #s= link, and plays from that node', async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const { page } = s;
    await gotoTitle(s);
    await button(page, 'Write a scenario').click();
    await page.getByRole('group', { name: 'Start from', exact: true }).waitFor();
    await inEditor(page, 'Harbour Strike template').click();
    await expect
      .poll(() => editorRegion(page).getByRole('status').first().textContent(), WAIT)
      .toMatch(/^No problems: ready to play\.$/);
    // The cursor into node "deadline" (its title line), with the mouse: CodeMirror draws only the
    // lines in view, so scroll with the wheel until that line is drawn.
    const titleLine = source(page).getByText('title: The ships cannot wait', { exact: true });
    await source(page).hover();
    for (let i = 0; i < 40 && !(await titleLine.count()); i++) await page.mouse.wheel(0, 200);
    await titleLine.click();
    await inEditor(page, 'Scenario map').click();
    const map = dialog(page, 'Scenario map');
    await map.waitFor();
    await expect.poll(() => map.textContent(), WAIT).toContain('"deadline", is marked');
    await map.getByRole('img', { name: 'Scenario map' }).waitFor();
    await map.getByRole('button', { name: 'Back to the editor', exact: true }).click();
    // Back in the text, the cursor where it was (the end of that line): a letter typed lands there (and goes again).
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')), WAIT)
      .toBe('Scenario source');
    await page.keyboard.type('Q');
    await source(page).getByText('title: The ships cannot waitQ', { exact: true }).waitFor();
    await page.keyboard.press('Backspace');
    await titleLine.waitFor();
    // "Download" gives the text as it is; "Copy link" makes a #s= link of it.
    const [download] = await Promise.all([page.waitForEvent('download'), inEditor(page, 'Download').click()]);
    expect(download.suggestedFilename()).toBe('template.yaml');
    const chunks: Buffer[] = [];
    for await (const c of (await download.createReadStream())!) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(
      readFileSync(path.join(ROOT, 'scenarios/examples/template.yaml'), 'utf8'),
    );
    await inEditor(page, 'Copy link').click();
    const share = dialog(page, 'Share link');
    await share.waitFor();
    expect(await share.getByRole('textbox', { name: 'Link' }).inputValue()).toMatch(/#s=/);
    await share.getByRole('button', { name: 'Close', exact: true }).click();
    await inEditor(page, 'Play from here').click();
    await page.getByRole('region', { name: 'Test run', exact: true }).waitFor();
    expect(await page.getByRole('region', { name: 'Test run' }).textContent()).toContain('from node "deadline"');
    await choicesGroup(page).waitFor();
    await expect.poll(() => page.getByRole('main').textContent(), WAIT).toContain('The ships cannot wait');
    await button(page, 'Back to the editor').click();
    await editorRegion(page).waitFor();
    s.expectNoErrors();
  });

  it('saves to the library, goes through "Replace?" for a new version, and keeps a draft with errors without saving or playing it', async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const { page } = s;
    await gotoTitle(s);
    await button(page, 'Write a scenario').click();
    await page.getByRole('group', { name: 'Start from', exact: true }).waitFor();
    await inEditor(page, 'Harbour Strike template').click();
    // Make it the teacher's own: a new id and title, typed over the template's lines.
    await retypeLine(page, 'id: template-harbour-strike', 'id: my-harbour');
    await retypeLine(page, 'title: "Harbour Strike (template)"', 'title: My harbour');
    await expect.poll(() => summary(page), WAIT).toBe('No problems: ready to play.');
    await inEditor(page, 'Save to library').click();
    await expect
      .poll(() => alertText(page), WAIT)
      .toBe('Saved "My harbour" (version 1.0.0) to your library: it is on the title screen.');
    // On the title, beside the built-in ones: its card, with the library's buttons.
    await inEditor(page, 'Back to the game').click();
    const card = page.getByRole('article', { name: 'My harbour', exact: true });
    await card.getByRole('button', { name: 'Remove', exact: true }).waitFor();

    // A copy of it, from "New…": the library's scenarios are offered beside the built-in ones.
    await button(page, 'Write a scenario').click();
    await editorRegion(page).waitFor();
    await inEditor(page, 'New…').click();
    const copyOf = editorRegion(page).getByRole('combobox', { name: 'Scenario to copy', exact: true });
    // The library's first, then the built-in ones (more may be built in than these two).
    const offered = await copyOf.locator('option').allTextContents();
    expect(offered[0]).toBe('My harbour (template.yaml)');
    expect(offered).toEqual(
      expect.arrayContaining([
        'Kazakhstan, January 2022 (built-in) (kazakhstan-2022.yaml)',
        'Harbour Strike (built-in template) (template.yaml)',
      ]),
    );
    await copyOf.selectOption({ label: 'My harbour (template.yaml)' });
    await inEditor(page, 'Copy this scenario').click();
    // The draft open is set aside only when the teacher agrees (it stays in "Recent drafts").
    await page
      .getByRole('dialog', { name: 'Replace this draft?' })
      .getByRole('button', { name: 'Replace', exact: true })
      .click();
    expect(await editorRegion(page).getByRole('textbox', { name: 'File name' }).inputValue()).toBe(
      'template-copy.yaml',
    );
    await expect.poll(() => source(page).textContent(), WAIT).toContain('id: my-harbour');

    // A new version: the library asks before replacing; "Keep the one I have" keeps it.
    await retypeLine(page, 'version: 1.0.0', 'version: 1.1.0');
    await expect.poll(() => summary(page), WAIT).toBe('No problems: ready to play.');
    await inEditor(page, 'Save to library').click();
    const replace = dialog(page, 'Replace scenario?');
    await replace.waitFor();
    expect(await replace.textContent()).toContain('Your library has version 1.0.0 of "My harbour"');
    await replace.getByRole('button', { name: 'Keep the one I have', exact: true }).click();
    await expect
      .poll(() => alertText(page), WAIT)
      .toBe('Not saved: your library keeps the one it had. The draft is kept in this browser.');
    await inEditor(page, 'Save to library').click();
    await replace.getByRole('button', { name: 'Replace', exact: true }).click();
    await expect
      .poll(() => alertText(page), WAIT)
      .toBe('Saved "My harbour" (version 1.1.0) to your library, replacing the one it had.');

    // A mistake: the draft is kept (over a reload too), but neither saved to the library nor played.
    await retypeLine(page, 'start: walkout', 'start: walkoutx');
    await problems(page)
      .getByRole('button', { name: /^49:8 error \[unknown-ref\]/ })
      .waitFor();
    await inEditor(page, 'Save to library').click();
    await expect
      .poll(() => alertText(page), WAIT)
      .toBe(
        'This draft has 1 error: it is kept as a draft in this browser, but it cannot be saved to the library or played until it is fixed (see Problems).',
      );
    expect(await dialog(page, 'Scenario problems').count()).toBe(0);
    expect(await dialog(page, 'Replace scenario?').count()).toBe(0);
    await inEditor(page, 'Play').click();
    await expect
      .poll(() => alertText(page), WAIT)
      .toBe('This draft has 1 error: it is kept as a draft, but cannot be played until it is fixed (see Problems).');
    expect(await page.getByRole('region', { name: 'Test run' }).count()).toBe(0);
    await expect.poll(() => page.getByText('Draft saved in this browser').count(), WAIT).toBe(1);
    // The note was there before the edit too: wait until the draft kept in the browser has it.
    await expect.poll(() => keptDraft(page), WAIT).toContain('start: walkoutx');
    await page.reload();
    await gotoTitle(s);
    // The library still has its scenario (one card, once re-checked), and the draft with its mistake is back.
    await card.getByRole('button', { name: 'Remove', exact: true }).waitFor();
    expect(await card.count()).toBe(1);
    await button(page, 'Write a scenario').click();
    await problems(page)
      .getByRole('button', { name: /^49:8 error \[unknown-ref\] start "walkoutx"/ })
      .waitFor();
    s.expectNoErrors();
  });

  it('saves a scenario with a warning: "Play anyway" in the library\'s problems dialog starts it in view, not behind the editor', async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const { page } = s;
    await gotoTitle(s);
    await button(page, 'Write a scenario').click();
    await page.getByRole('group', { name: 'Start from', exact: true }).waitFor();
    await inEditor(page, 'Harbour Strike template').click();
    await retypeLine(page, 'id: template-harbour-strike', 'id: warned-harbour');
    await retypeLine(page, 'if: { has: [talks-open] }', 'if: { has: [talks-opened] }');
    await expect.poll(() => summary(page), WAIT).toBe('0 errors, 1 warning.');
    await inEditor(page, 'Save to library').click();
    const warned = dialog(page, 'Scenario problems');
    await warned.waitFor();
    expect(await warned.textContent()).toContain('flag-never-set');
    await warned.getByRole('button', { name: 'Play anyway', exact: true }).click();
    // The briefing shows, and the editor has stepped aside (its draft kept for "Write a scenario").
    await button(page, 'Begin').waitFor();
    await expect.poll(() => editorRegion(page).count(), WAIT).toBe(0);
    s.expectNoErrors();
  });

  it('helps in a .json file too: completion of keys and of its own ids, and hover help on a key', async () => {
    const s = await openSession({ viewport: { width: 1280, height: 800 } });
    const { page } = s;
    await gotoTitle(s);
    await button(page, 'Write a scenario').click();
    await page.getByRole('group', { name: 'Start from', exact: true }).waitFor();
    await pickFile(page, 'Open a file…', 'quay.json', QUAY_JSON);
    await expect.poll(() => source(page).textContent(), WAIT).toContain('"Open talks"');
    expect(await editorRegion(page).getByRole('textbox', { name: 'File name' }).inputValue()).toBe('quay.json');
    // The choice has no "next" yet: the checker says so.
    await expect.poll(() => summary(page), WAIT).toMatch(/^1 error/);

    // A new key after "effects": the opening quote brings the keys of a choice.
    await source(page).getByText('"effects": { "calm": 10 }', { exact: true }).click();
    await page.keyboard.press('End');
    await page.keyboard.type(',');
    await page.keyboard.press('Enter');
    await page.keyboard.type('"');
    const list = page.getByRole('listbox', { name: 'Completions' });
    await list.waitFor();
    const labels = () => list.locator('.cm-completionLabel').allTextContents();
    expect(await labels()).toEqual(expect.arrayContaining(['label', 'next', 'outcome', 'effects', 'set']));
    expect(await labels()).not.toContain('title');
    await page.keyboard.type('nex');
    await expect.poll(labels, WAIT).toEqual(['next']);
    // Tab takes the suggestion (Enter would start a new line: none was picked with the arrows).
    await page.keyboard.press('Tab');
    // Its value: the file's own node and ending ids.
    await page.keyboard.type('"');
    await list.waitFor();
    expect(await labels()).toEqual(expect.arrayContaining(['talk', 'deal']));
    await page.keyboard.type('de');
    await expect.poll(labels, WAIT).toEqual(['deal']);
    await page.keyboard.press('Tab');
    expect(await source(page).textContent()).toContain('"effects": { "calm": 10 },          "next": "deal"');
    await expect.poll(() => summary(page), WAIT).toBe('No problems: ready to play.');

    // Hover on a key says what it is, from the schema.
    await hoverOnText(page, '"timeLimit"');
    await page.getByText(/^timeLimit \(optional\): a whole number\./).waitFor();
    s.expectNoErrors();
  });

  it('fits 1280×720, 1024×768 and 390×844: nothing cut off or overlapped, and the test run bar covers nothing of the game', async () => {
    for (const viewport of [
      { width: 1280, height: 720 },
      { width: 1024, height: 768 },
      { width: 390, height: 844 },
    ]) {
      const s = await openSession({ viewport });
      const { page } = s;
      const at = `${viewport.width}×${viewport.height}`;
      await gotoTitle(s);
      await button(page, 'Write a scenario').click();
      // A first visit: the ways to start, above an empty text.
      await page.getByRole('group', { name: 'Start from', exact: true }).waitFor();
      expect(await layoutProblems(page), `${at}, start`).toEqual([]);
      await inEditor(page, 'Harbour Strike template').click();
      await retypeLine(page, 'start: walkout', 'start: walkoutx');
      await problems(page).getByRole('listitem').first().waitFor();
      await inEditor(page, 'Play').click();
      await expect.poll(() => alertText(page), WAIT).toMatch(/cannot be played/);
      // Problems, the refusal and the help, all open.
      await editorRegion(page).getByText('Help', { exact: true }).click();
      expect(await layoutProblems(page), `${at}, problems`).toEqual([]);
      await retypeLine(page, 'start: walkoutx', 'start: walkout');
      await expect.poll(() => summary(page), WAIT).toBe('No problems: ready to play.');
      await inEditor(page, 'Play').click();
      await button(page, 'Begin').click();
      await choicesGroup(page).waitFor();
      const bar = await page.getByRole('region', { name: 'Test run', exact: true }).boundingBox();
      const canvas = await page.locator('#game canvas').boundingBox();
      // The picture sits below the bar (it fits itself again), and so do "Text view" and "Settings".
      await expect
        .poll(async () => (await page.locator('#game canvas').boundingBox())!.y, WAIT)
        .toBeGreaterThanOrEqual(bar!.y + bar!.height - 0.5);
      expect(canvas!.height).toBeGreaterThan(100);
      for (const name of ['Text view', 'Settings']) {
        const b = (await button(page, name).boundingBox())!;
        expect(b.y, `${at}: "${name}" below the bar`).toBeGreaterThanOrEqual(bar!.y + bar!.height - 0.5);
      }
      s.expectNoErrors();
      await s.context.close();
    }
  });

  it('opens the format reference (docs/scenario-format.md) from the help; its contents jump to a section and leave the address alone', async () => {
    const s = await openSession({ viewport: { width: 1280, height: 720 } });
    const { page } = s;
    await gotoTitle(s);
    await button(page, 'Write a scenario').click();
    await editorRegion(page).getByText('Help', { exact: true }).click();
    expect(await editorRegion(page).locator('.cr-editor-help').textContent()).toContain('docs/scenario-format.md');
    await inEditor(page, 'Scenario format reference').click();
    const ref = dialog(page, 'Scenario format reference');
    await ref.waitFor();
    const conditions = ref.getByRole('heading', { name: 'Conditions', exact: true });
    // The whole reference, every section of it, from the repository's own file.
    const file = readFileSync(path.join(ROOT, 'docs/scenario-format.md'), 'utf8');
    const sections = [...file.matchAll(/^## (.*)$/gm)].map((m) => m[1]!.replace(/`/g, ''));
    expect(sections.length).toBeGreaterThan(8);
    for (const name of sections) await ref.getByRole('heading', { name, exact: true }).waitFor();
    const url = page.url();
    const before = await conditions.boundingBox();
    await ref.getByRole('link', { name: 'Conditions', exact: true }).first().click();
    await expect.poll(async () => (await conditions.boundingBox())!.y, WAIT).toBeLessThan(before!.y - 100);
    expect(page.url()).toBe(url);
    await ref.getByRole('button', { name: 'Close', exact: true }).click();
    await expect.poll(() => ref.count(), WAIT).toBe(0);
    s.expectNoErrors();
  });

  it('?scenario= that answers with a web page says so, instead of listing HTML as YAML errors', async () => {
    const s = await openSession();
    const { page } = s;
    // The preview server answers an unknown path with the game's own index.html (status 200).
    await page.goto(`${s.baseUrl}?scenario=no-such-file.yaml`);
    const d = dialog(page, 'Could not load the scenario');
    await d.waitFor();
    expect(await d.textContent()).toContain('this address returned a web page, not a scenario file');
    expect(await dialog(page, 'Scenario problems').count()).toBe(0);
    await d.getByRole('button', { name: 'Close', exact: true }).click();
    s.expectNoErrors();
  });
});
