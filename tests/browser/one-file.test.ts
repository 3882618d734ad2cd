/**
 * Issue 20, a game as one file: a teacher loads a scenario, "Download as one file" on its card writes
 * one HTML file, and that file, opened from file:// with the network off, plays the scenario with the
 * mouse on the picture to the debrief and exports the decision path. The scenario is data: markup in
 * it shows as text and never runs, and a file whose scenario was edited by hand is checked again and
 * refused with the checker's line and column. The same file plays in Chromium and in Firefox ESR
 * (WebDriver BiDi) with the keyboard and the mouse, with sound heard after the first gesture, the text
 * view and the replay export; its screens and the download dialog are shot at four window sizes
 * (`.tmp/one-file-shots/`) with nothing cut off.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { BUILTIN_SCENARIOS } from '../../src/game/builtin-scenarios.ts';
import { choicesGroup, continueButton, debriefHeading, playToDebrief } from '../../tools/bench/drive.ts';
import { ROOT, tempDir } from '../../tools/bench/harness.ts';
import {
  button,
  clickOnCanvas,
  closeBrowser,
  dialog,
  type Engine,
  gotoTitle,
  heard,
  openSession,
  pickFile,
  SOUND_PROBE,
  screenDrawn,
  soundsStarted,
} from './support.ts';

afterAll(closeBrowser);

const MARKUP = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2"> <!--';
const FERRY = readFileSync(path.join(ROOT, 'tests/fixtures/teacher/outside-ferry.yaml'), 'utf8').replace(
  /^summary: .*$/m,
  `summary: ${JSON.stringify(`The ferry may stop. ${MARKUP}`)}`,
);
const TITLE = 'The Last Ferry';

/** Make the one-file game of the ferry scenario through the site's UI; returns the saved file's path. */
async function makeOneFile(): Promise<string> {
  const s = await openSession();
  const { page } = s;
  await gotoTitle(s);
  await pickFile(page, 'Load scenario file…', 'ferry.yaml', FERRY);
  const card = page.getByRole('article', { name: TITLE, exact: true });
  await card.getByRole('button', { name: 'Download as one file', exact: true }).click();
  const d = dialog(page, 'Download as one file');
  await d.waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    d.getByRole('button', { name: 'Download HTML file', exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('island-ferry-2019.html');
  await d
    .getByRole('status')
    .getByText(/^Downloaded island-ferry-2019\.html \(\d\.\d\d MB\)\.$/)
    .waitFor();
  const file = path.join(tempDir('one-file'), 'island-ferry-2019.html');
  await download.saveAs(file);
  s.expectNoErrors();
  return file;
}

/** A page with the network off, showing `file` from file:// (in `engine`; `probe`: record the sounds started). */
async function openOffline(
  file: string,
  opts: {
    engine?: Engine;
    probe?: boolean;
    viewport?: { width: number; height: number };
    reducedMotion?: boolean;
  } = {},
): Promise<{ page: Page; expectNoErrors(): void }> {
  const s = await openSession(
    {
      offline: true,
      ...(opts.viewport ? { viewport: opts.viewport } : {}),
      ...(opts.reducedMotion ? { reducedMotion: 'reduce' as const } : {}),
    },
    opts.engine,
  );
  if (opts.probe) await s.context.addInitScript({ content: SOUND_PROBE });
  await s.page.goto(`file://${file}`);
  await s.page.getByRole('heading', { level: 1, name: 'Crisis Room' }).waitFor();
  return s;
}

/** The window sizes the screens are shot at: full HD, the usual laptop, an old projector, a phone. */
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
];
const SHOTS = path.join(ROOT, '.tmp/one-file-shots');

/** A screenshot into `.tmp/one-file-shots/` (looked at by whoever changes these screens). */
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Once `screen` shows and its scene has drawn: the texts the canvas shortened or drew outside their room. */
async function cutOff(page: Page, screen: string): Promise<string[]> {
  type Hooks = {
    truncations(): { scene: string; text: string }[];
    overflows(): { scene: string; text: string; why: string }[];
  };
  await screenDrawn(page, screen);
  return page.evaluate(() => {
    const hooks = (window as unknown as { __crisisRoom: Hooks }).__crisisRoom;
    return [
      ...hooks.truncations().map((t) => `${t.scene}: shortened: ${t.text}`),
      ...hooks.overflows().map((o) => `${o.scene}: ${o.text.slice(0, 30)}… ${o.why}`),
    ];
  });
}

/** Whether the element's box lies inside the window. */
async function insideWindow(page: Page, l: Locator): Promise<boolean> {
  const box = await l.boundingBox();
  const v = page.viewportSize();
  return (
    !!box &&
    !!v &&
    box.x >= 0 &&
    box.y >= 0 &&
    box.x + box.width <= v.width + 0.5 &&
    box.y + box.height <= v.height + 0.5
  );
}

describe('a game as one file', () => {
  let file = '';

  it('is made from a library card and plays from file:// with the network off, with the mouse, to the debrief', async () => {
    file = await makeOneFile();
    const html = readFileSync(file, 'utf8');
    expect(statSync(file).size, 'at most 2.5 MB').toBeLessThanOrEqual(2_500_000);
    // The sounds are inside; the scenario's markup is data (no `</script` of its own in the file).
    expect(html.includes('data:audio/mpeg;base64,'), 'the sounds are inlined').toBe(true);
    expect(html.includes('\\u003c/script>\\u003cscript>window.pwned=1'), 'the markup is escaped data').toBe(true);
    expect(html.includes('<script>window.pwned'), 'no script of the scenario').toBe(false);
    expect(html.match(/<\/script/gi)?.length, 'the game and its data block only').toBe(2);
    // Only the chosen scenario: the site's built-in scenarios are not baked into the shell.
    for (const b of BUILTIN_SCENARIOS) expect(html.includes(b.sha256), `${b.file} is not in the file`).toBe(false);

    const { page, expectNoErrors } = await openOffline(file);
    expect(await page.title()).toBe(`${TITLE} · Crisis Room`);
    const card = page.getByRole('article', { name: TITLE, exact: true });
    await card.waitFor();
    // Only the file's own scenario, nothing to load files into.
    expect(await page.getByRole('article').count()).toBe(1);
    expect(await button(page, 'Load scenario file…').count()).toBe(0);
    // The markup is shown as text and never ran.
    await card.getByText(MARKUP, { exact: false }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

    await page.locator('#game canvas[data-scene="title"]').waitFor();
    const mouse = (b: Parameters<typeof clickOnCanvas>[1]) => clickOnCanvas(page, b);
    await mouse(card.getByRole('button', { name: 'New game', exact: true }));
    await playToDebrief(page, { click: mouse });
    await debriefHeading(page).waitFor();
    const [exported] = await Promise.all([page.waitForEvent('download'), mouse(button(page, 'Export decision path'))]);
    const replayPath = path.join(path.dirname(file), 'path.json');
    await exported.saveAs(replayPath);
    const replay = JSON.parse(readFileSync(replayPath, 'utf8')) as { format: string; scenario: { id: string } };
    expect(replay.format).toBe('crisis-room-replay/1');
    expect(replay.scenario.id).toBe('island-ferry-2019');

    // The text view works in the file too.
    await button(page, 'Text view').click();
    await expect.poll(() => button(page, 'Text view').getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('heading', { level: 2, name: 'Debrief' }).waitFor({ state: 'visible' });
    expectNoErrors();
  });

  it('checks the scenario again when the file opens: one edited by hand is refused with line and column', async () => {
    expect(file, 'the first test made the file').not.toBe('');
    const edited = path.join(path.dirname(file), 'edited.html');
    writeFileSync(edited, readFileSync(file, 'utf8').replace('start: warning', 'start: nowhere'));
    const { page } = await openOffline(edited);
    const alert = page.getByRole('alert').filter({ hasText: 'This file cannot be played as it is' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/ferry\.yaml:21:\d+: error: .*nowhere/);
    expect(await page.getByRole('article').count()).toBe(0);
  });

  it('is made from the editor too, with the other scenarios of the library when asked', async () => {
    const s = await openSession();
    const { page } = s;
    await gotoTitle(s);
    await pickFile(page, 'Load scenario file…', 'ferry.yaml', FERRY);
    await page.getByRole('article', { name: TITLE, exact: true }).waitFor();
    await button(page, 'Write a scenario').click();
    const editor = page.getByRole('region', { name: 'Scenario editor', exact: true });
    await editor.getByRole('button', { name: 'Harbour Strike template', exact: true }).click();
    await editor.getByRole('button', { name: 'Download as one file', exact: true }).click();
    const d = dialog(page, 'Download as one file');
    await d.getByRole('checkbox', { name: 'Also include the other 1 scenario of my library' }).check();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      d.getByRole('button', { name: 'Download HTML file', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('template-harbour-strike.html');
    const both = path.join(tempDir('one-file'), 'both.html');
    await download.saveAs(both);
    s.expectNoErrors();
    const offline = await openOffline(both);
    await offline.page.getByRole('article', { name: TITLE, exact: true }).waitFor();
    await offline.page.getByRole('article', { name: 'Harbour Strike (template)', exact: true }).waitFor();
    expect(await offline.page.getByRole('article').count()).toBe(2);
    offline.expectNoErrors();
  });
  for (const engine of ['chromium', 'firefox'] as const)
    it(`plays from file:// in ${engine} with the keyboard and the mouse: sound heard, the text view, the path exported`, async () => {
      expect(file, 'the first test made the file').not.toBe('');
      const { page, expectNoErrors } = await openOffline(file, { engine, probe: true });
      const card = page.getByRole('article', { name: TITLE, exact: true });
      await page.locator('#game canvas[data-scene="title"]').waitFor();
      await shot(page, `${engine}-title-1280x720`);
      // Nothing plays before the first gesture.
      expect(heard(await soundsStarted(page)), 'sounds heard before any gesture').toEqual([]);

      // The keyboard: "New game", "Begin", the first choice by its number, "Continue".
      const enter = async (b: Locator) => {
        await b.focus();
        await page.keyboard.press('Enter');
      };
      await enter(card.getByRole('button', { name: 'New game', exact: true }));
      await button(page, 'Begin').waitFor();
      await shot(page, `${engine}-briefing-1280x720`);
      await enter(button(page, 'Begin'));
      await choicesGroup(page).waitFor();
      await shot(page, `${engine}-room-1280x720`);
      await page.keyboard.press('1');
      await page.getByRole('region', { name: 'Outcome', exact: true }).waitFor();
      await shot(page, `${engine}-outcome-1280x720`);
      await enter(continueButton(page));
      // The mouse on the picture for the rest, to the debrief.
      const mouse = (b: Parameters<typeof clickOnCanvas>[1]) => clickOnCanvas(page, b);
      await playToDebrief(page, { click: mouse });
      await debriefHeading(page).waitFor();
      await shot(page, `${engine}-debrief-1280x720`);

      // Sound: the inlined sounds were decoded and started, not silent, on a running audio context.
      await expect
        .poll(async () => heard(await soundsStarted(page)).length, { message: 'sounds heard' })
        .toBeGreaterThan(0);
      expect(
        heard(await soundsStarted(page)).some((h) => h.seconds > 1),
        'the room tone or an ending sting',
      ).toBe(true);

      // "Export decision path": a download of the replay.
      const [exported] = await Promise.all([
        page.waitForEvent('download'),
        mouse(button(page, 'Export decision path')),
      ]);
      const replayPath = path.join(path.dirname(file), `path-${engine}.json`);
      await exported.saveAs(replayPath);
      const replay = JSON.parse(readFileSync(replayPath, 'utf8')) as { format: string; scenario: { id: string } };
      expect(replay.format).toBe('crisis-room-replay/1');
      expect(replay.scenario.id).toBe('island-ferry-2019');

      // The text view: with the mouse, then back to the picture with the keyboard.
      const textView = button(page, 'Text view');
      await textView.click();
      await expect.poll(() => textView.getAttribute('aria-pressed')).toBe('true');
      await page.getByRole('heading', { level: 2, name: 'Debrief' }).waitFor({ state: 'visible' });
      await shot(page, `${engine}-debrief-text-view-1280x720`);
      await enter(textView);
      await expect.poll(() => textView.getAttribute('aria-pressed')).toBe('false');
      await page.locator('#game canvas[data-scene="debrief"]').waitFor();
      expectNoErrors();
    });

  for (const viewport of SIZES)
    it(`shows every screen whole at ${viewport.width}×${viewport.height}: title, briefing, room, outcome, debrief, text view`, async () => {
      expect(file, 'the first test made the file').not.toBe('');
      // Reduced motion: the shots show each screen as it settles (no fade half done).
      const { page, expectNoErrors } = await openOffline(file, { viewport, reducedMotion: true });
      const size = `${viewport.width}x${viewport.height}`;
      const cut: string[] = [];
      const look = async (screen: string, name = screen) => {
        cut.push(...(await cutOff(page, screen)));
        await shot(page, `chromium-${name}-${size}`);
      };
      const card = page.getByRole('article', { name: TITLE, exact: true });
      await card.waitFor();
      await look('title');
      await card.getByRole('button', { name: 'New game', exact: true }).click();
      await look('briefing');
      await button(page, 'Begin').click();
      await look('room');
      await choicesGroup(page).getByRole('button').first().click();
      await look('outcome');
      await continueButton(page).click();
      await playToDebrief(page);
      await look('debrief');
      const textView = button(page, 'Text view');
      const wasOn = (await textView.getAttribute('aria-pressed')) === 'true';
      await textView.click();
      await expect.poll(() => textView.getAttribute('aria-pressed')).toBe(wasOn ? 'false' : 'true');
      await look('debrief', wasOn ? 'debrief-picture-view' : 'debrief-text-view');
      expect(cut, 'texts the picture shortened or drew outside their room').toEqual([]);
      expectNoErrors();
    });

  it('shows the download dialog whole at every window size', async () => {
    const s = await openSession();
    const { page } = s;
    await gotoTitle(s);
    await pickFile(page, 'Load scenario file…', 'ferry.yaml', FERRY);
    // The card's small buttons on the picture: "Download" on one line like "One file" (it was split "Downloa / d").
    type B = { h: number };
    const box = async (t: string) =>
      (
        (await (
          await page.waitForFunction(
            (x) => (window as unknown as { __crisisRoom: { textBoxes(t: string): B[] } }).__crisisRoom.textBoxes(x)[0],
            t,
          )
        ).jsonValue()) as B
      ).h;
    expect(await box('Download'), '"Download" drawn on one line').toBeLessThanOrEqual(await box('One file'));
    await page
      .getByRole('article', { name: TITLE, exact: true })
      .getByRole('button', { name: 'Download as one file', exact: true })
      .click();
    const d = dialog(page, 'Download as one file');
    await d.waitFor();
    for (const viewport of SIZES) {
      await page.setViewportSize(viewport);
      for (const name of ['Download HTML file', 'Download for an LMS (SCORM)', 'Close']) {
        const b = d.getByRole('button', { name, exact: true });
        await b.scrollIntoViewIfNeeded();
        expect(await insideWindow(page, b), `"${name}" inside the ${viewport.width}×${viewport.height} window`).toBe(
          true,
        );
      }
      await d.evaluate((el) => el.scrollTo(0, 0));
      await shot(page, `download-dialog-${viewport.width}x${viewport.height}`);
      const box = await d.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= viewport.width + 0.5, 'the dialog fits the window’s width').toBe(
        true,
      );
    }
    s.expectNoErrors();
  });
});
