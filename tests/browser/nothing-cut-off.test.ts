/**
 * The picture never cuts text a player needs: every decision of every built-in scenario, every
 * outcome of every choice there, each ending's debrief, the title and the briefing, at 1280×720 and
 * 1024×768. The scenes report each text they had to shorten with "…" (`window.__crisisRoom`,
 * src/game/test-hooks.ts); there must be none.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { stringify } from 'yaml';
import { makeFragment } from '../../src/share/link.ts';
import { longWordsScenario } from '../hostile/inputs.ts';
import { compileScenario, type CompiledScenario } from '../../src/engine/machine.ts';
import { BUILTIN_SCENARIOS } from '../../src/game/builtin-scenarios.ts';
import { startRun } from '../../src/engine/run.ts';
import { ROOT, button, clickOnCanvas, closeBrowser, openSession, screenDrawn } from './support.ts';
import { choicesGroup, continueButton, scenarioCard } from '../../tools/bench/drive.ts';

afterAll(closeBrowser);

const SCENARIOS: CompiledScenario[] = BUILTIN_SCENARIOS.map((f) => compileScenario(f.scenario, f.sha256));

/** A way to reach a decision: a seed and the choices taken from the start. */
interface Path {
  seed: number;
  choices: string[];
}

/** The first path (over a few seeds, breadth first) to every node reachable in the scenario. */
function pathsToEveryNode(c: CompiledScenario): Map<string, Path> {
  const found = new Map<string, Path>();
  for (let seed = 0; seed < 8; seed++) {
    const queue: string[][] = [[]];
    const seen = new Set<string>();
    while (queue.length) {
      const choices = queue.shift()!;
      const run = startRun(c, seed);
      for (const id of choices) run.choose(id);
      const node = run.node;
      if (!node || run.ended) continue;
      // The first way to each node per seed (other seeds take the chance branches this one missed).
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      if (!found.has(node.id)) found.set(node.id, { seed, choices });
      for (const ch of run.visibleChoices()) queue.push([...choices, ch.id]);
    }
  }
  // Nodes only some meter values lead to: random playthroughs (a fixed pseudo-random sequence).
  let r = 12345;
  const next = () => (r = (r * 1103515245 + 12345) % 2147483648);
  const all = c.scenario.nodes.length;
  for (let i = 0; i < 3000 && found.size < all; i++) {
    const seed = next() % 1000;
    const run = startRun(c, seed);
    const choices: string[] = [];
    while (!run.ended && run.node && choices.length < 60) {
      if (!found.has(run.node.id)) found.set(run.node.id, { seed, choices: [...choices] });
      const shown = run.visibleChoices();
      const pick = shown[next() % shown.length]!.id;
      choices.push(pick);
      run.choose(pick);
    }
  }
  return found;
}

/** Wait until `screen` shows and its scene has drawn, then return the texts it shortened. */
async function cutOn(page: Page, screen: string): Promise<string[]> {
  await screenDrawn(page, screen);
  return page.evaluate(() =>
    (window as unknown as { __crisisRoom: { truncations(): { scene: string; text: string }[] } }).__crisisRoom
      .truncations()
      .map((t) => `${t.scene}: ${t.text}`),
  );
}

async function playPath(page: Page, c: CompiledScenario, p: Path): Promise<void> {
  const ok = await page.evaluate(
    ([id, seed, choices]) =>
      (
        window as unknown as { __crisisRoom: { playPath(i: string, s: number, c: string[]): boolean } }
      ).__crisisRoom.playPath(id as string, seed as number, choices as string[]),
    [c.scenario.id, p.seed, p.choices] as const,
  );
  expect(ok, `path ${p.choices.join(',')} in ${c.scenario.id}`).toBe(true);
}

describe('nothing is cut off in the picture', () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1024, height: 768 },
  ])
    it(`walks every node, outcome and ending of every built-in scenario at ${viewport.width}×${viewport.height}`, {
      timeout: 900_000,
    }, async () => {
      const s = await openSession({ viewport });
      const { page } = s;
      // Timers off: a countdown must not decide while the walk looks at a node.
      await page.goto(`${s.baseUrl}?silent&timer=off`);
      const cut: string[] = [];
      const note = (where: string, texts: string[]) => cut.push(...texts.map((t) => `${where} → ${t}`));
      await scenarioCard(page, SCENARIOS[0]!).waitFor();
      note('title', await cutOn(page, 'title'));
      let visited = 0;
      for (const c of SCENARIOS) {
        await scenarioCard(page, c).getByRole('button', { name: 'New game', exact: true }).click();
        note(`${c.scenario.id} briefing`, await cutOn(page, 'briefing'));
        const endings = new Set<string>();
        for (const [nodeId, path] of pathsToEveryNode(c)) {
          await playPath(page, c, path);
          note(`${c.scenario.id} ${nodeId}`, await cutOn(page, 'room'));
          visited++;
          const run = startRun(c, path.seed);
          for (const id of path.choices) run.choose(id);
          for (const choice of run.visibleChoices()) {
            await playPath(page, c, path);
            await cutOn(page, 'room');
            await choicesGroup(page).getByRole('button', { name: choice.label, exact: true }).click();
            note(`${c.scenario.id} ${nodeId} → ${choice.id}`, await cutOn(page, 'outcome'));
            const after = startRun(c, path.seed);
            for (const id of [...path.choices, choice.id]) after.choose(id);
            if (after.ended && !endings.has(after.ending!.id)) {
              endings.add(after.ending!.id);
              await continueButton(page).click();
              note(`${c.scenario.id} ending ${after.ending!.id}`, await cutOn(page, 'debrief'));
            }
          }
        }
        expect(endings.size, `endings of ${c.scenario.id} seen`).toBeGreaterThan(0);
        // Back to the title for the next scenario.
        await page.goto(`${s.baseUrl}?silent&timer=off`);
        await scenarioCard(page, SCENARIOS[0]!).waitFor();
      }
      expect(visited).toBeGreaterThan(10);
      expect(cut, 'texts the picture shortened').toEqual([]);
      s.expectNoErrors();
    });
});

/** Wait until `screen` shows and its scene has drawn, then return the texts drawn outside their room. */
async function overflowsOn(page: Page, screen: string): Promise<string[]> {
  await cutOn(page, screen);
  return page.evaluate(() =>
    (
      window as unknown as { __crisisRoom: { overflows(): { scene: string; text: string; why: string }[] } }
    ).__crisisRoom
      .overflows()
      .map((o) => `${o.scene}: ${o.text.slice(0, 20)}… ${o.why}`),
  );
}

describe('hostile: long unbroken words stay inside their panels on the canvas (issue 13)', () => {
  // Every text the canvas draws is one unbroken word: 20,000 characters (the text limit) or 336.
  const made = makeFragment('scenario', stringify(longWordsScenario(336), { lineWidth: 0 }), 'long-words.yaml');
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 390, height: 844 },
  ])
    it(`title card, briefing, room, advice, outcome and debrief at ${viewport.width}×${viewport.height}`, {
      timeout: 180_000,
    }, async () => {
      if (!made.ok) throw new Error(made.message);
      const s = await openSession({ viewport });
      const { page } = s;
      await page.goto(`${s.baseUrl}?silent&timer=off${made.fragment}`);
      const outside: string[] = [];
      const shot = async (name: string) => {
        mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
        await page.screenshot({
          path: path.join(ROOT, `.tmp/long-words-${name}-${viewport.width}x${viewport.height}.png`),
        });
      };
      const card = page.getByRole('article', { name: 'T'.repeat(20_000), exact: true });
      await card.waitFor();
      outside.push(...(await overflowsOn(page, 'title')));
      await shot('title');
      await card.getByRole('button', { name: 'New game', exact: true }).click();
      outside.push(...(await overflowsOn(page, 'briefing')));
      await button(page, 'Begin').click();
      outside.push(...(await overflowsOn(page, 'room')));
      // Keys reach the page at once (advisor A's 20,000-character advice, paged).
      await page.keyboard.press('a');
      await page.getByRole('region', { name: 'Advice', exact: true }).getByText('O'.repeat(20_000)).waitFor();
      outside.push(...(await overflowsOn(page, 'room')));
      await shot('room');
      // The 20,000-character choice, taken with the mouse on its picture where the picture has the mouse.
      const choice = choicesGroup(page).getByRole('button', { name: 'U'.repeat(20_000), exact: true });
      if (viewport.width >= 700) await clickOnCanvas(page, choice);
      else await choice.click();
      outside.push(...(await overflowsOn(page, 'outcome')));
      await shot('outcome');
      await continueButton(page).click();
      outside.push(...(await overflowsOn(page, 'debrief')));
      await shot('debrief');
      expect(outside, 'texts drawn outside their panel').toEqual([]);
      s.expectNoErrors();
    });
});

/**
 * A scenario at the format's limits as a teacher might write it (SCENARIO-FORMAT.md): 10 choices with
 * long labels and details, 12 advisors with long names, 12 meters with long labels, long card texts.
 * `n` makes each copy's id and title its own (several copies fill the title screen's library).
 */
function worstCaseScenario(n: number): Record<string, unknown> {
  const meters = Array.from({ length: 12 }, (_, i) => ({
    id: `m${i + 1}`,
    label: `Confidence of the regional council ${i + 1}`,
    start: 5 + i * 7,
    min: 0,
    max: 100,
    ...(i % 3 === 0 ? { higherIsBetter: true } : {}),
  }));
  const advisors = Array.from({ length: 12 }, (_, i) => ({
    id: `a${i + 1}`,
    name: `Alexandra Konstantinova-Petrova ${i + 1}`,
    title: `Deputy Minister for Regional Development and Infrastructure ${i + 1}`,
    stance: i % 2 ? 'cautious reformer' : 'hardliner',
  }));
  const choices = Array.from({ length: 10 }, (_, i) => ({
    id: `c${i + 1}`,
    label: `Option ${i + 1}: send a negotiating team to the regional capital and promise a price review`,
    detail: `The team leaves tonight; the governors are told before the press, and the army stays in barracks (${i + 1}).`,
    effects: Object.fromEntries(meters.map((m, k) => [m.id, ((i + k) % 5) - 2])),
    outcome: 'The team arrives in the morning. Talks begin at noon and go on late into the night. '.repeat(6),
    news: [{ source: 'Regional wire service', text: `Negotiators reach the regional capital (${i + 1})` }],
    next: i % 2 ? 'good' : 'bad',
  }));
  return {
    format: 'crisis-room/1',
    id: `worst-case-${n}`,
    title: `Winter crisis in the northern provinces ${n}`,
    version: '1.0.0',
    language: 'en',
    role: 'You are the newly appointed acting governor of a large northern province.',
    summary: 'Fuel prices double overnight and crowds gather in the squares of three towns. '.repeat(8),
    learningGoals: ['Weigh order against consent under time pressure.', 'Compare your path with history.'],
    meters,
    advisors,
    start: 'n1',
    nodes: [
      {
        id: 'n1',
        place: 'The governor’s office, regional administration building',
        title: 'Crowds in the squares of three northern towns after the fuel price rise',
        text: 'Fuel prices doubled overnight. '.repeat(30),
        news: [{ source: 'Regional wire service', text: 'Crowds gather in three towns' }],
        advice: advisors.map((a, i) => ({
          advisor: a.id,
          text: 'Talk first, and keep the army out of the towns until we know who leads the crowds. '.repeat(3),
          recommends: `c${(i % 10) + 1}`,
        })),
        choices,
        history: { choice: 'c1', text: 'The government first negotiated, then called in troops.' },
      },
    ],
    endings: [
      { id: 'good', title: 'The talks hold and the crowds go home', tone: 'good', text: 'Calm returns. '.repeat(40) },
      { id: 'bad', title: 'The crowds grow and the talks collapse', tone: 'bad', text: 'Unrest spreads. '.repeat(40) },
    ],
  };
}

describe('a teacher’s file at the format’s limits is shown whole', () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1024, height: 768 },
  ])
    it(`title with several library scenarios, briefing, room, advice, outcome and debrief at ${viewport.width}×${viewport.height}`, {
      timeout: 240_000,
    }, async () => {
      const s = await openSession({ viewport });
      const { page } = s;
      await page.goto(`${s.baseUrl}?silent&timer=off`);
      await scenarioCard(page, SCENARIOS[0]!).waitFor();
      const problems: string[] = [];
      const check = async (where: string, screen: string) => {
        problems.push(...(await cutOn(page, screen)).map((t) => `${where}: cut ${t}`));
        problems.push(...(await overflowsOn(page, screen)).map((t) => `${where}: ${t}`));
        mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
        await page.screenshot({
          path: path.join(ROOT, `.tmp/worst-${where}-${viewport.width}x${viewport.height}.png`),
        });
      };
      // The built-in room with no advisor chosen (its hint once ran off a 1024-wide canvas, unreported).
      await scenarioCard(page, SCENARIOS[0]!).getByRole('button', { name: 'New game', exact: true }).click();
      await button(page, 'Begin').click();
      await check('builtin-room', 'room');
      await page.goto(`${s.baseUrl}?silent&timer=off`);
      await scenarioCard(page, SCENARIOS[0]!).waitFor();
      for (let n = 1; n <= 6; n++) {
        const text = stringify(worstCaseScenario(n), { lineWidth: 0 });
        const [chooser] = await Promise.all([
          page.waitForEvent('filechooser'),
          button(page, 'Load scenario file…').click(),
        ]);
        await chooser.setFiles({ name: `worst-${n}.yaml`, mimeType: 'application/yaml', buffer: Buffer.from(text) });
        await page
          .getByRole('article', { name: `Winter crisis in the northern provinces ${n}`, exact: true })
          .waitFor();
      }
      await check('title', 'title');
      const card = page.getByRole('article', { name: 'Winter crisis in the northern provinces 1', exact: true });
      await card.getByRole('button', { name: 'New game', exact: true }).click();
      await check('briefing', 'briefing');
      await button(page, 'Begin').click();
      await check('room', 'room');
      await page.keyboard.press('l');
      await page.getByRole('region', { name: 'Advice', exact: true }).waitFor();
      await check('advice', 'room');
      // Ten long choices take more than one page. Keyboard focus on a choice shows its page.
      const seventh = choicesGroup(page).getByRole('button', { name: /^Option 7:/ });
      expect(await seventh.getAttribute('data-canvas-x'), 'choice 7 on the first page').toBeNull();
      await seventh.focus();
      await expect.poll(() => seventh.getAttribute('data-canvas-x')).not.toBeNull();
      await check('choice-7-focused', 'room');
      // The mouse turns to the last page with the cue beside the cards.
      const last = choicesGroup(page).getByRole('button', { name: /^Option 10:/ });
      const canvas = page.locator('canvas').first();
      for (let turn = 1; (await last.getAttribute('data-canvas-x')) === null; turn++) {
        expect(turn, 'pages of choices').toBeLessThan(10);
        const firstShown = () =>
          page.evaluate(() => document.querySelector('[data-choice][data-canvas-x]')?.getAttribute('data-choice'));
        const before = await firstShown();
        const box = (await canvas.boundingBox())!;
        const logicalWidth = Number(await canvas.getAttribute('data-logical-width'));
        await page.mouse.click(
          box.x + ((logicalWidth - 64) / logicalWidth) * box.width,
          box.y + (600 / 720) * box.height,
        );
        await expect.poll(firstShown).not.toBe(before);
        await check(`choices-page-${turn + 1}`, 'room');
      }
      await clickOnCanvas(page, last);
      await check('outcome', 'outcome');
      await continueButton(page).click();
      await check('debrief', 'debrief');
      expect(problems, 'texts cut or drawn outside their room').toEqual([]);
      s.expectNoErrors();
    });
});
