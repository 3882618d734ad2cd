/**
 * The game in Debian's Chromium, driven like a player: through the accessible DOM layer's roles and
 * names (docs/dom-contract.md) with the keyboard, and once with the mouse on the canvas. Every
 * expectation about the story comes from the scenario data, read with the core's checker.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { CompiledScenario } from '../../src/engine/machine.ts';
import type { ScenarioNode } from '../../src/scenario/schema.ts';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { BUILTIN_SCENARIOS } from '../../src/game/builtin-scenarios.ts';
import { startRun } from '../../src/engine/run.ts';
import { clickOnCanvas, closeBrowser, openSession, seriousAxeViolations, type Session } from './support.ts';
import {
  choiceLabel,
  choicesGroup,
  continueButton,
  currentNode,
  debriefHeading,
  historicalOrFirst,
  nextDecisionOrDebrief,
  norm,
  scenarioCard as card,
} from '../../tools/bench/drive.ts';

afterAll(closeBrowser);

function compile(text: string, file: string): CompiledScenario {
  const r = checkScenarioText(text, file);
  if (!r.compiled) throw new Error(`${file} does not check: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.compiled;
}

/** The featured built-in scenario (the first the title screen lists), exactly as the game ships it. */
const builtin = BUILTIN_SCENARIOS[0]!;
const BUILTIN = compile(readFileSync(builtin.file, 'utf8'), builtin.file);
const TIMED_FILE = path.join(import.meta.dirname, 'fixtures/timed.yaml');
const TIMED_TEXT = readFileSync(TIMED_FILE, 'utf8');
const TIMED = compile(TIMED_TEXT, TIMED_FILE);

async function isFocused(l: Locator): Promise<boolean> {
  return l.evaluate((el) => el === document.activeElement);
}

/** Press Tab until the element has focus (as a keyboard user would), then press `key` on it. */
async function tabToAndPress(page: Page, target: Locator, key = 'Enter', maxTabs = 80): Promise<void> {
  await target.waitFor({ state: 'visible' });
  for (let i = 0; !(await isFocused(target)); i++) {
    if (i >= maxTabs) throw new Error(`could not reach ${String(target)} with Tab in ${maxTabs} presses`);
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press(key);
}

async function meterValues(page: Page, c: CompiledScenario): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const m of c.scenario.meters.filter((m) => !m.hidden)) {
    out[m.id] = await page.getByRole('meter', { name: m.label, exact: true }).getAttribute('aria-valuenow');
  }
  return out;
}

/** Load a scenario file through the title screen's "Load scenario file…" button. */
async function loadScenarioFile(page: Page, name: string, text: string): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Load scenario file…', exact: true }).click(),
  ]);
  await chooser.setFiles({ name, mimeType: 'application/yaml', buffer: Buffer.from(text) });
}

async function gotoTitle(s: Session, query = ''): Promise<void> {
  await s.page.goto(s.baseUrl + query);
  await s.page.getByRole('heading', { level: 1, name: 'Crisis Room' }).waitFor();
  await card(s.page, BUILTIN).waitFor();
}

/** Play a scenario (timers off) from its first decision to its debrief by keyboard; returns the labels chosen per node. */
async function playByKeyboard(
  page: Page,
  c: CompiledScenario,
  onFirstOutcome: () => Promise<void>,
  pick = historicalOrFirst,
): Promise<Array<{ node: ScenarioNode; label: string; historyShown: boolean }>> {
  const path: Array<{ node: ScenarioNode; label: string; historyShown: boolean }> = [];
  const _debrief = debriefHeading(page);
  for (let step = 0; step < 200; step++) {
    const { node, shown } = await currentNode(page, c);
    // Timers are off: even a node with a timeLimit shows no countdown.
    if (node.timeLimit)
      expect(await page.getByRole('timer').count(), `no countdown at ${node.id} with timers off`).toBe(0);
    const label = pick(node, shown);
    const target = choicesGroup(page).getByRole('button', { name: label, exact: true });
    const index = shown.indexOf(label);
    if (step % 2 === 0 && index < 9) {
      // The number key of the choice (1–9 in the order shown).
      await page.keyboard.press(String(index + 1));
    } else {
      await tabToAndPress(page, target, 'Enter');
    }
    const h = node.history?.choice;
    path.push({ node, label, historyShown: !!h && shown.includes(choiceLabel(node, h)) });
    const outcome = page.getByRole('region', { name: 'Outcome', exact: true });
    await outcome.waitFor();
    const chosen = c.scenario.nodes.find((n) => n.id === node.id)!.choices.find((ch) => ch.label === label)!;
    if (chosen.outcome) expect(norm(await outcome.textContent())).toContain(norm(chosen.outcome));
    if (step === 0) await onFirstOutcome();
    await tabToAndPress(page, continueButton(page), 'Enter');
    if (await nextDecisionOrDebrief(page)) return path;
  }
  throw new Error('no ending after 200 steps');
}

/**
 * The first seed whose chance draws follow history when every decision takes its `history.choice`
 * (found with the core, so the browser game started with `?seed=` must walk the same path).
 */
function historicalSeed(c: CompiledScenario): { seed: number; ending: string; steps: number } {
  for (let seed = 0; seed < 1000; seed++) {
    const run = startRun(c, seed);
    while (!run.ended) {
      const h = run.node?.history?.choice;
      if (!h || !run.visibleChoices().some((x) => x.id === h)) break;
      run.choose(h);
    }
    if (run.ended) return { seed, ending: run.ending!.id, steps: run.trail.length };
  }
  throw new Error('no seed follows the historical path');
}

describe('Crisis Room in Chromium', () => {
  // One playthrough serves two must-shows (the machines are shared and software WebGL is slow):
  // the historical path by keyboard, and axe-core on each screen it passes (reported per screen).
  it('plays the built-in scenario’s historical path to its ending by keyboard only, the debrief shows each historical choice, and axe-core finds no serious or critical violation on title, room, outcome or debrief', {
    timeout: 900_000,
  }, async () => {
    const s = await openSession();
    const { page } = s;
    const axe: Record<string, unknown> = {};
    // ?seed= makes the game's chance draws those of the core's historical run.
    const history = historicalSeed(BUILTIN);
    await gotoTitle(s, `?seed=${history.seed}`);
    axe.title = await seriousAxeViolations(page);
    // Timers off (Settings, by keyboard): a slow machine must not let a countdown pick for us.
    // The countdown itself is covered by the mouse test.
    await tabToAndPress(page, page.getByRole('button', { name: 'Settings', exact: true }).first());
    const dialog = page.getByRole('dialog', { name: 'Settings', exact: true });
    await dialog.waitFor();
    const timersOff = dialog.getByRole('checkbox', { name: 'Timers off', exact: true });
    await tabToAndPress(page, timersOff, 'Space');
    expect(await timersOff.isChecked()).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await tabToAndPress(page, card(page, BUILTIN).getByRole('button', { name: 'New game', exact: true }));
    await page.getByRole('heading', { level: 2, name: BUILTIN.scenario.title, exact: true }).waitFor();
    await tabToAndPress(page, page.getByRole('button', { name: 'Begin', exact: true }));

    // In the room: an advisor by letter key shows their advice and the choice they back.
    const first = await currentNode(page, BUILTIN);
    const advice = first.node.advice?.find((a) => a.advisor === BUILTIN.scenario.advisors[0]!.id);
    if (advice) {
      await page.keyboard.press('a');
      const region = page.getByRole('region', { name: 'Advice', exact: true });
      await region.filter({ hasText: advice.text.slice(0, 40) }).waitFor();
      if (advice.recommends)
        expect(norm(await region.textContent())).toContain(`Backs: ${choiceLabel(first.node, advice.recommends)}`);
    }
    axe.room = await seriousAxeViolations(page);

    const played = await playByKeyboard(page, BUILTIN, async () => {
      axe.outcome = await seriousAxeViolations(page);
    });
    axe.debrief = await seriousAxeViolations(page);
    expect(played.length).toBe(history.steps);
    // Every decision offered its historical choice and the keyboard took it.
    expect(played.filter((p) => !p.historyShown).map((p) => p.node.id)).toEqual([]);

    // The debrief: the ending, then per decision the player's choice beside the historical one.
    const endingHeading = norm(await page.getByRole('heading', { level: 3 }).first().textContent());
    const ending = BUILTIN.scenario.endings.find((e) => endingHeading.includes(e.title));
    expect(ending?.id, `ending heading "${endingHeading}"`).toBe(history.ending);
    const decisions = page
      .getByRole('list', { name: 'Your decisions', exact: true })
      .getByRole('listitem')
      .filter({ hasText: 'Your choice:' });
    expect(await decisions.count()).toBe(played.length);
    for (const [i, p] of played.entries()) {
      const text = norm(await decisions.nth(i).textContent());
      expect(text).toContain(`Your choice: ${p.label}`);
      const h = p.node.history;
      // The historical choice is named beside ours at every decision that has one. (Where a chance
      // branch took the run off the historical path, the historical choice may not have been on offer.)
      if (h?.choice) {
        expect(text).toContain(`Historical choice: ${choiceLabel(p.node, h.choice)}`);
        if (p.historyShown) expect(text, `the same choice as history at ${p.node.id}`).toContain('(the same as yours)');
      }
      if (h?.text) expect(text).toContain(norm(h.text).slice(0, 60));
      for (const src of h?.sources ?? []) {
        const source = BUILTIN.scenario.sources?.find((x) => x.id === src);
        if (source) expect(text).toContain(norm(source.title));
      }
    }
    await page.getByRole('img', { name: 'Meters over the run', exact: true }).waitFor();
    for (const name of ['Play again', 'Main menu', 'Export decision path']) {
      await page.getByRole('button', { name, exact: true }).waitFor();
    }
    s.expectNoErrors();
    expect(axe, 'serious or critical axe-core violations per screen').toEqual({
      title: [],
      room: [],
      outcome: [],
      debrief: [],
    });
  });

  it('plays a path with the mouse on the canvas and lets a timer run out', { timeout: 300_000 }, async () => {
    const s = await openSession({ viewport: { width: 1024, height: 768 } });
    const { page } = s;
    await gotoTitle(s);
    await loadScenarioFile(page, 'timed.yaml', TIMED_TEXT);
    const myCard = card(page, TIMED);
    await myCard.waitFor();
    await clickOnCanvas(page, myCard.getByRole('button', { name: 'New game', exact: true }));
    await clickOnCanvas(page, page.getByRole('button', { name: 'Begin', exact: true }));

    // First decision: hear an advisor, then take the right door, all by mouse on the canvas.
    const gate = TIMED.scenario.nodes[0]!;
    await page.getByRole('heading', { level: 2, name: gate.title, exact: true }).waitFor();
    const bo = TIMED.scenario.advisors[1]!;
    await clickOnCanvas(
      page,
      page
        .getByRole('group', { name: 'Advisors', exact: true })
        .getByRole('button', { name: `${bo.name}, ${bo.title}`, exact: true }),
    );
    await page
      .getByRole('region', { name: 'Advice', exact: true })
      .filter({ hasText: gate.advice![1]!.text })
      .waitFor();
    await clickOnCanvas(page, page.getByRole('button', { name: choiceLabel(gate, 'right'), exact: true }));
    const outcome = page.getByRole('region', { name: 'Outcome', exact: true });
    await outcome.filter({ hasText: gate.choices[1]!.outcome! }).waitFor();
    await clickOnCanvas(page, page.getByRole('button', { name: 'Continue', exact: true }));

    // Second decision: a 5-second countdown; touch nothing and let it run out.
    const clock = TIMED.scenario.nodes[1]!;
    await page.getByRole('heading', { level: 2, name: clock.title, exact: true }).waitFor();
    const timer = page.getByRole('timer', { name: 'Time left', exact: true });
    await timer.filter({ hasText: /\d+ seconds? left/ }).waitFor();
    const firstLeft = Number(/(\d+)/.exec(norm(await timer.textContent()))![1]);
    expect(firstLeft).toBeGreaterThan(0);
    expect(firstLeft).toBeLessThanOrEqual(clock.timeLimit!);
    // The countdown moves (wait on the text, never a fixed sleep).
    await timer
      .filter({
        hasText: new RegExp(`^\\s*(${Array.from({ length: firstLeft }, (_, i) => i).join('|')}) seconds? left`),
      })
      .waitFor({ timeout: 10_000 });
    const freeze = clock.choices.find((ch) => ch.id === clock.onTimeout)!;
    await outcome.filter({ hasText: freeze.outcome! }).waitFor({ timeout: (clock.timeLimit! + 10) * 1000 });
    expect(await page.getByRole('timer').count()).toBe(0);
    await clickOnCanvas(page, page.getByRole('button', { name: 'Continue', exact: true }));

    const ending = TIMED.scenario.endings.find((e) => e.id === 'slow-end')!;
    await page.getByRole('heading', { level: 2, name: 'Debrief', exact: true }).waitFor();
    await page.getByRole('heading', { level: 3 }).filter({ hasText: ending.title }).waitFor();
    const decisions = page
      .getByRole('list', { name: 'Your decisions', exact: true })
      .getByRole('listitem')
      .filter({ hasText: 'Your choice:' });
    expect(await decisions.count()).toBe(2);
    expect(norm(await decisions.nth(0).textContent())).toContain(`Your choice: ${choiceLabel(gate, 'right')}`);
    expect(norm(await decisions.nth(0).textContent())).toContain(`Historical choice: ${choiceLabel(gate, 'left')}`);
    expect(norm(await decisions.nth(1).textContent())).toContain(`Your choice: ${freeze.label}`);
    s.expectNoErrors();
  });

  it('reloads mid-game and continues at the same decision with the same meters', { timeout: 300_000 }, async () => {
    const s = await openSession();
    const { page } = s;
    await gotoTitle(s);
    await card(page, BUILTIN).getByRole('button', { name: 'New game', exact: true }).click();
    await page.getByRole('button', { name: 'Begin', exact: true }).click();
    const first = await currentNode(page, BUILTIN);
    await choicesGroup(page)
      .getByRole('button', { name: historicalOrFirst(first.node, first.shown), exact: true })
      .click();
    await continueButton(page).click();
    expect(await nextDecisionOrDebrief(page), 'the built-in scenario needs at least two decisions for this test').toBe(
      false,
    );

    const before = await currentNode(page, BUILTIN);
    const metersBefore = await meterValues(page, BUILTIN);
    const timelineBefore = await page
      .getByRole('list', { name: 'Timeline', exact: true })
      .getByRole('listitem')
      .count();
    expect(Object.values(metersBefore).every((v) => v !== null)).toBe(true);

    await page.reload();
    // The game may return straight to the decision, or offer "Continue" on the scenario's card.
    const cont = card(page, BUILTIN).getByRole('button', { name: 'Continue', exact: true });
    await cont.or(choicesGroup(page)).first().waitFor();
    if (await cont.isVisible()) await cont.click();

    const after = await currentNode(page, BUILTIN);
    expect(after.node.id).toBe(before.node.id);
    expect(after.shown).toEqual(before.shown);
    expect(await meterValues(page, BUILTIN)).toEqual(metersBefore);
    expect(await page.getByRole('list', { name: 'Timeline', exact: true }).getByRole('listitem').count()).toBe(
      timelineBefore,
    );
    s.expectNoErrors();
  });
});
