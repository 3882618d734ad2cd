/**
 * Driving the game through its accessible DOM layer (docs/dom-contract.md), shared by the browser
 * tests, the screenshot tool and the bench. Nodes are recognised by their heading and the choices
 * shown, so expectations come from the scenario data.
 */
import type { Frame, Locator, Page } from 'playwright-core';
import type { CompiledScenario } from '../../src/engine/machine.ts';
import type { ScenarioNode } from '../../src/scenario/schema.ts';

/** Whitespace-normalised text. */
export const norm = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** The label of a node's choice. */
export const choiceLabel = (node: ScenarioNode, id: string): string => node.choices.find((c) => c.id === id)!.label;

/** The choice to take at a node: the historical one when it is shown, or else the first one shown. */
export function historicalOrFirst(node: ScenarioNode, shown: string[]): string {
  const h = node.history?.choice;
  if (h && shown.includes(choiceLabel(node, h))) return choiceLabel(node, h);
  return shown[0]!;
}

/** The group of choice buttons. */
export const choicesGroup = (page: Page | Frame): Locator => page.getByRole('group', { name: 'Choices', exact: true });

/** The debrief's heading. */
export const debriefHeading = (page: Page | Frame): Locator =>
  page.getByRole('heading', { level: 2, name: 'Debrief', exact: true });

/** The outcome screen's Continue button (the only "Continue" on that screen). */
export const continueButton = (page: Page | Frame): Locator =>
  page.getByRole('button', { name: 'Continue', exact: true });

/** The card (article) of a scenario on the title screen. */
export const scenarioCard = (page: Page, c: CompiledScenario): Locator =>
  page.getByRole('article', { name: c.scenario.title, exact: true });

/** The accessible names of the buttons in a locator (aria-label, else their text without aria-hidden parts). */
export async function buttonNames(l: Locator): Promise<string[]> {
  // From the elements themselves: an ARIA snapshot quotes a name with ": " differently (YAML), and
  // a pattern over it missed those labels.
  return l.getByRole('button').evaluateAll((els) =>
    els.map((e) => {
      const label = e.getAttribute('aria-label');
      if (label !== null) return label.trim();
      // The name is the visible text without the aria-hidden parts (the key badge, the detail).
      const copy = e.cloneNode(true) as HTMLElement;
      for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
      return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
    }),
  );
}

/** The node shown in the room (by its heading and the choices on offer) and the labels shown, in file order. */
export async function currentNode(page: Page, c: CompiledScenario): Promise<{ node: ScenarioNode; shown: string[] }> {
  const choices = choicesGroup(page);
  await choices.waitFor();
  const title = norm(await page.getByRole('heading', { level: 2 }).first().textContent());
  const names = await buttonNames(choices);
  const candidates = c.scenario.nodes.filter((n) => n.title === title);
  for (const node of candidates) {
    const labels = node.choices.map((ch) => ch.label);
    if (names.length > 0 && names.every((n) => labels.includes(n)))
      return { node, shown: labels.filter((l) => names.includes(l)) };
  }
  // Fallback (names the snapshot could not give): ask for each label by role and exact name.
  const total = await choices.getByRole('button').count();
  for (const node of candidates) {
    const shown: string[] = [];
    for (const ch of node.choices)
      if (await choices.getByRole('button', { name: ch.label, exact: true }).count()) shown.push(ch.label);
    if (shown.length === total) return { node, shown };
  }
  throw new Error(`no node titled "${title}" with the choices ${JSON.stringify(names)} in ${c.scenario.id}`);
}

/** Wait for the next decision or the debrief after leaving an outcome; true at the debrief. */
export async function nextDecisionOrDebrief(page: Page | Frame): Promise<boolean> {
  await choicesGroup(page).or(debriefHeading(page)).first().waitFor();
  return debriefHeading(page).isVisible();
}

/**
 * The featured built-in scenario for tools run under plain Node (which cannot import the game's
 * `?raw` list): the first `file: '…'` entry of src/game/builtin-scenarios.ts, read and checked.
 */
export async function featuredBuiltin(root: string): Promise<CompiledScenario> {
  const { readFileSync } = await import('node:fs');
  const path = await import('node:path');
  const { checkScenarioText } = await import('../../src/analysis/check.ts');
  const list = readFileSync(path.join(root, 'src/game/builtin-scenarios.ts'), 'utf8');
  const body = list.slice(list.indexOf('BUILTIN_SCENARIOS'));
  const file = /file:\s*['"]([^'"]+)['"]/.exec(body)?.[1];
  if (!file) throw new Error('cannot find the first built-in scenario in src/game/builtin-scenarios.ts');
  const r = checkScenarioText(readFileSync(path.join(root, file), 'utf8'), file);
  if (!r.compiled) throw new Error(`${file} does not check`);
  return r.compiled;
}

/**
 * From the briefing (or the room), take a choice at every node until the debrief: `pick` chooses
 * among the labels shown (the first by default); `click` presses a button (a DOM click by default;
 * `clickOnCanvas` for the mouse on the picture); `steps` stops after that many decisions instead.
 */
export async function playToDebrief(
  page: Page | Frame,
  opts: { pick?: (labels: string[]) => string; click?: (button: Locator) => Promise<void>; steps?: number } = {},
): Promise<void> {
  const pick = opts.pick ?? ((l: string[]) => l[0]!);
  const click = opts.click ?? ((b: Locator) => b.click());
  const begin = page.getByRole('button', { name: 'Begin', exact: true });
  await begin.or(choicesGroup(page)).first().waitFor();
  if (await begin.isVisible()) await click(begin);
  for (let step = 0; step < (opts.steps ?? 100); step++) {
    const choices = choicesGroup(page);
    await choices.waitFor();
    const label = pick(await buttonNames(choices));
    await click(choices.getByRole('button', { name: label, exact: true }));
    await page.getByRole('region', { name: 'Outcome', exact: true }).waitFor();
    await click(continueButton(page));
    if (await nextDecisionOrDebrief(page)) return;
  }
  if (opts.steps === undefined) throw new Error('no debrief after 100 steps');
}
