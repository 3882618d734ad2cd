/**
 * What the scenario file says the player sees: the learning goals in the briefing and the debrief
 * ("shown on the card and in the debrief"), and each advisor's `note` (a composite character, a
 * fictional name) where the player meets the advisor: the briefing's list and the advice, in the
 * DOM layer and on the canvas, with nothing cut off at 1280×720, 1024×768 and 390×844 (text view).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeFragment } from '../../src/share/link.ts';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { BUILTIN_SCENARIOS } from '../../src/game/builtin-scenarios.ts';
import { startRun } from '../../src/engine/run.ts';
import type { CompiledScenario } from '../../src/engine/machine.ts';
import { ROOT, button, closeBrowser, openSession } from './support.ts';
import { choicesGroup, continueButton, debriefHeading, norm, scenarioCard } from '../../tools/bench/drive.ts';

afterAll(closeBrowser);

const FIXTURE = path.join(import.meta.dirname, 'fixtures/notes-and-goals.yaml');
const FIXTURE_TEXT = readFileSync(FIXTURE, 'utf8');
const builtin = BUILTIN_SCENARIOS[0]!;
const KZ = compile(readFileSync(builtin.file, 'utf8'), builtin.file);

function compile(text: string, file: string): CompiledScenario {
  const r = checkScenarioText(text, file);
  if (!r.compiled) throw new Error(`${file} does not check`);
  return r.compiled;
}

type Hooks = {
  texts(): { scene: string; text: string }[];
  truncations(): { scene: string; text: string }[];
  overflows(): { scene: string; text: string; why: string }[];
  scenes(): string[];
  playPath(id: string, seed: number, choices: string[]): boolean;
};

/** After two frames (the scene has drawn): the canvas's texts (whitespace-normalised) and what it cut or let overflow. */
async function canvasNow(page: Page, scene: string): Promise<{ texts: string[]; cut: string[] }> {
  await page.waitForFunction(
    (sc) => !!(window as unknown as { __crisisRoom?: Hooks }).__crisisRoom?.scenes().includes(sc),
    scene,
  );
  const got = await page.evaluate(
    () =>
      new Promise<{ texts: string[]; cut: string[] }>((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            const hooks = (window as unknown as { __crisisRoom: Hooks }).__crisisRoom;
            resolve({
              texts: hooks.texts().map((t) => t.text),
              cut: [
                ...hooks.truncations().map((t) => `${t.scene} cut: ${t.text.slice(0, 60)}`),
                ...hooks.overflows().map((o) => `${o.scene} overflow: ${o.text.slice(0, 40)} ${o.why}`),
              ],
            });
          }),
        ),
      ),
  );
  return { texts: got.texts.map(norm), cut: got.cut };
}

/**
 * Every text the canvas draws now, then the pages of a paged text read in order over the next
 * `turns` page turns (Shift+PageDown, picture view): what changed from page to page, page cues left
 * out, so a line that runs on to the next page reads on. One whitespace-normalised string.
 */
async function canvasPages(
  page: Page,
  scene: string,
  turns: number,
  cut: string[],
  key = 'Shift+PageDown',
): Promise<string> {
  const shots: string[][] = [];
  for (let i = 0; ; i++) {
    const now = await canvasNow(page, scene);
    cut.push(...now.cut);
    shots.push(now.texts);
    if (i >= turns) break;
    await page.keyboard.press(key);
  }
  const cue = /^(▼ more|▲ back to the start) \d+\/\d+$/;
  const paged = shots.flatMap((texts) => texts.filter((t) => !cue.test(t) && !shots.every((o) => o.includes(t))));
  return norm(`${shots[0]!.join(' ')} | ${paged.join(' ')}`);
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(path.join(ROOT, '.tmp/notes-and-goals'), { recursive: true });
  await page.screenshot({ path: path.join(ROOT, `.tmp/notes-and-goals/${name}.png`) });
}

const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
];

describe('learning goals and advisor notes are shown', () => {
  for (const viewport of VIEWPORTS)
    it(`a loaded scenario: goals in the briefing and the debrief, the note in the briefing, the advice and the replay viewer, at ${viewport.width}×${viewport.height}`, {
      timeout: 120_000,
    }, async () => {
      const made = makeFragment('scenario', FIXTURE_TEXT, 'notes-and-goals.yaml');
      if (!made.ok) throw new Error(made.message);
      const s = await openSession({ viewport });
      const { page } = s;
      const phone = viewport.width < 700;
      const size = `${viewport.width}x${viewport.height}`;
      await page.goto(`${s.baseUrl}?silent&timer=off${made.fragment}`);
      const card = page.getByRole('article', { name: 'Notes and goals', exact: true });
      await card.getByRole('button', { name: 'New game', exact: true }).click();
      const cut: string[] = [];

      // Briefing: the goals as a list named by its heading, and the note under the advisor's name.
      const goals = page.getByRole('list', { name: 'Learning goals', exact: true });
      await goals.waitFor({ state: 'attached' });
      expect(await goals.getByRole('listitem').allTextContents()).toEqual([
        'Goal one is visible in the debrief.',
        'Goal two is in the briefing too.',
      ]);
      const gus = page.getByRole('listitem').filter({ hasText: 'Gus' });
      expect(norm(await gus.textContent())).toBe('Gus, Guide A composite character.');
      if (phone) expect(await gus.getByText('A composite character.', { exact: true }).isVisible()).toBe(true);
      cut.push(...(await canvasNow(page, 'briefing')).cut);
      // The canvas briefing's second page says who the advisors are (PageDown; PageUp back).
      if (!phone) {
        expect(await canvasPages(page, 'briefing', 0, cut)).not.toContain('A composite character.');
        await shot(page, `briefing-${size}`);
        await page.keyboard.press('PageDown');
        const who = await canvasPages(page, 'briefing', 0, cut);
        expect(who).toContain('Gus — Guide A composite character.');
        expect(who).toContain('Real Person — Minister');
        await page.keyboard.press('PageUp');
        expect(await canvasPages(page, 'briefing', 0, cut)).toContain('Two advisors, one a composite character');
      }

      // Room: the advice of the composite advisor carries the note, in the panel and on the canvas.
      await button(page, 'Begin').click();
      await choicesGroup(page).waitFor();
      await page.keyboard.press('a');
      const advice = page.getByRole('region', { name: 'Advice', exact: true });
      await advice.getByText('Any choice ends it.').waitFor({ state: 'attached' });
      const note = advice.getByText('A composite character.', { exact: true });
      expect(await note.count()).toBe(1);
      if (phone) expect(await note.isVisible()).toBe(true);
      expect(await canvasPages(page, 'room', 0, cut), 'the note on the canvas').toContain('A composite character.');
      await shot(page, `room-advice-${size}`);
      // An advisor without a note shows none.
      await page.keyboard.press('b');
      await advice.getByText('Finish it.').waitFor({ state: 'attached' });
      expect(await advice.getByText('A composite character.').count()).toBe(0);
      expect(await canvasPages(page, 'room', 0, cut)).not.toContain('A composite character.');

      // Debrief: the goals again, in the panel and on the canvas.
      await choicesGroup(page).getByRole('button', { name: 'Finish', exact: true }).click();
      await continueButton(page).click();
      await debriefHeading(page).waitFor();
      const debriefGoals = page.getByRole('list', { name: 'Learning goals', exact: true });
      expect(await debriefGoals.getByRole('listitem').allTextContents()).toEqual([
        'Goal one is visible in the debrief.',
        'Goal two is in the briefing too.',
      ]);
      if (phone) expect(await debriefGoals.isVisible()).toBe(true);
      const story = await canvasPages(page, 'debrief', 0, cut);
      expect(story).toContain('Goal one is visible in the debrief.');
      expect(story).toContain('Goal two is in the briefing too.');
      await shot(page, `debrief-${size}`);
      expect(cut, 'texts the canvas cut or drew outside their room').toEqual([]);

      // The replay viewer lists who said what at each step: the note goes with the composite advisor's words.
      await button(page, 'Open replay viewer').click();
      const said = page
        .getByRole('region', { name: 'Replay viewer', exact: true })
        .getByRole('list', { name: 'What the advisors said', exact: true });
      await said.waitFor();
      expect((await said.getByRole('listitem').allTextContents()).map(norm)).toEqual([
        'Gus, Guide: Any choice ends it. (Backs: Finish) A composite character.',
        'Real Person, Minister: Finish it.',
      ]);
      await page.keyboard.press('Escape');
      s.expectNoErrors();
    });

  for (const viewport of VIEWPORTS.slice(0, 2))
    it(`the built-in scenario: every advisor's note in the briefing and their advice, the goals in the debrief, at ${viewport.width}×${viewport.height}`, {
      timeout: 180_000,
    }, async () => {
      const s = await openSession({ viewport });
      const { page } = s;
      const size = `${viewport.width}x${viewport.height}`;
      await page.goto(`${s.baseUrl}?silent&timer=off`);
      await scenarioCard(page, KZ).getByRole('button', { name: 'New game', exact: true }).click();
      const cut: string[] = [];
      const advisors = KZ.scenario.advisors;
      expect(advisors.every((a) => a.note)).toBe(true);
      const list = page.getByRole('list').filter({ hasText: advisors[0]!.name });
      await list.waitFor({ state: 'attached' });
      for (const a of advisors)
        expect(norm(await list.getByRole('listitem').filter({ hasText: a.name }).textContent())).toContain(
          norm(a.note),
        );
      cut.push(...(await canvasNow(page, 'briefing')).cut);
      // The canvas briefing's second page (PageDown), paging its own list when long (PageDown again).
      const who = await canvasPages(page, 'briefing', 5, cut, 'PageDown');
      for (const a of advisors) expect(who, `${a.id}'s note on the briefing's canvas`).toContain(norm(a.note));
      await shot(page, `kz-briefing-advisors-${size}`);
      await button(page, 'Begin').click();
      await choicesGroup(page).waitFor();
      const advice = page.getByRole('region', { name: 'Advice', exact: true });
      for (const [i, a] of advisors.entries()) {
        await page.keyboard.press('abcdefghijkl'[i]!);
        await advice.getByText(`${a.name}, ${a.title}`, { exact: true }).waitFor({ state: 'attached' });
        expect(norm(await advice.textContent()), `${a.id}'s note in the advice panel`).toContain(norm(a.note));
        // On the canvas under the advice, or (long advice and note) on a later page of it (Shift+PageDown).
        expect(await canvasPages(page, 'room', 12, cut), `${a.id}'s note on the canvas`).toContain(norm(a.note));
        if (i === 2) await shot(page, `kz-room-advice-${size}`);
      }

      // The historical path's ending (any seed that follows it), then the goals on the debrief.
      const run = startRun(KZ, 0);
      while (!run.ended) {
        const h = run.node?.history?.choice;
        run.choose(h && run.visibleChoices().some((c) => c.id === h) ? h : run.visibleChoices()[0]!.id);
      }
      const choices = run.trail.map((t) => t.choice);
      await page.evaluate(
        ([id, ch]) => (window as unknown as { __crisisRoom: Hooks }).__crisisRoom.playPath(id!, 0, ch as string[]),
        [KZ.scenario.id, choices] as const,
      );
      await debriefHeading(page).waitFor();
      expect(
        await page.getByRole('list', { name: 'Learning goals', exact: true }).getByRole('listitem').allTextContents(),
      ).toEqual(KZ.scenario.learningGoals);
      const story = await canvasPages(page, 'debrief', 10, cut);
      for (const goal of KZ.scenario.learningGoals!) expect(story, 'each goal on the canvas').toContain(norm(goal));
      await shot(page, `kz-debrief-goals-${size}`);
      // The advice panel's "name · title" line is cut at 960 wide before this change too (the
      // long-labels work fixes it); everything this test is about must be whole.
      const headers = advisors.map((a) => `room cut: ${`${a.name} · ${a.title}`.slice(0, 60)}`);
      expect(
        cut.filter((c) => !headers.includes(c)),
        'texts the canvas cut or drew outside their room',
      ).toEqual([]);
      s.expectNoErrors();
    });
});
