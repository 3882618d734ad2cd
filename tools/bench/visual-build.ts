/**
 * A teacher builds a scenario in the editor's Map view with the mouse, typing only into form
 * fields (issue 22): "New scenario" (3 meters, 2 advisors), five more decisions drawn from card
 * handles onto empty places, two choices drawn onto endings, a timer (whose missing "when time
 * runs out" shows as a problem beside its field and is fixed there), a chance branch, a condition;
 * then the draft is checked and played to the debrief. Every click, drag and filled field is
 * counted. Shared by tests/browser/visual-editor.test.ts and the browser bench.
 */
import type { Locator, Page } from 'playwright-core';
import { choicesGroup, continueButton, nextDecisionOrDebrief } from './drive.ts';

/** The choices a test run takes: the new path through the built decisions. */
const PATH = ['Go to the dam', 'Ask the army', 'Stay the night', 'Go to: It ends well'];

/** What the teacher did. */
export interface Effort {
  clicks: number;
  drags: number;
  fields: number;
}

/** What the run saw on its way, for the test to assert. */
export interface BuildReport {
  effort: Effort;
  /** The timer's problem, as shown beside "Seconds to decide". */
  timerProblem: string;
  /** The card's name while it had the problem. */
  cardWithProblem: string;
  /** The check's summary before playing. */
  summaryBeforePlay: string;
  /** The ending's title seen at the debrief. */
  debrief: string;
}

const WAIT = 60_000;
const region = (page: Page) => page.getByRole('region', { name: 'Scenario editor', exact: true });
const inEditor = (page: Page, name: string) => region(page).getByRole('button', { name, exact: true });
/** The story map. */
export const storyMap = (page: Page): Locator => page.getByRole('group', { name: 'Story map', exact: true });
/** A card by the start of its name ("Decision: Title", "Ending: Title"). */
export const card = (page: Page, name: string): Locator =>
  storyMap(page).getByRole('button', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\.|$)`) });
/** An arrow by its choice's label. */
export const arrow = (page: Page, label: string): Locator =>
  storyMap(page).getByRole('button', { name: new RegExp(`^Choice "${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`) });
/** The open form ("Node form", "Choice form", "Ending form", "Scenario details form"). */
export const form = (page: Page, name: string): Locator => page.getByRole('region', { name, exact: true });

async function poll<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const until = Date.now() + WAIT;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`waited for ${what}; last seen: ${String(v)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The check's summary ("No problems: ready to play.", "1 error, 0 warnings. …"). */
export function summary(page: Page): Promise<string> {
  return region(page)
    .locator('.cr-editor-summary')
    .textContent()
    .then((t) => t ?? '');
}

/** The teacher's hands: every click, drag and filled field counted. */
export function hands(page: Page, effort: Effort) {
  return {
    async click(l: Locator): Promise<void> {
      effort.clicks++;
      await l.click();
    },
    async fill(l: Locator, text: string): Promise<void> {
      effort.fields++;
      await l.fill(text);
    },
    async select(l: Locator, label: string): Promise<void> {
      effort.fields++;
      await l.selectOption({ label });
    },
    async drag(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
      effort.drags++;
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++)
        await page.mouse.move(from.x + ((to.x - from.x) * i) / 10, from.y + ((to.y - from.y) * i) / 10);
      await page.mouse.up();
    },
  };
}

async function middle(l: Locator): Promise<{ x: number; y: number }> {
  // The map is drawn anew after each change: ask again until the element is on screen.
  const b = await poll(
    () => l.boundingBox(),
    (x) => x !== null,
    'an element on the map',
  );
  return { x: b!.x + b!.width / 2, y: b!.y + b!.height / 2 };
}

/** The round handle on a card's bottom edge. */
export function handleOf(l: Locator): Promise<{ x: number; y: number }> {
  return middle(l.locator('.cr-story-handle'));
}

/**
 * A free place on the map, as near as can be below `near`: where a card dropped there (its
 * top-left corner at the point) overlaps no card and stays inside the map.
 */
export async function emptySpot(page: Page, near: { x: number; y: number }): Promise<{ x: number; y: number }> {
  const box = (await storyMap(page).boundingBox())!;
  const cards = await storyMap(page)
    .locator('.cr-story-card')
    .evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { x: r.left, y: r.top, w: r.width, h: r.height };
      }),
    );
  const w = cards[0]?.w ?? 180;
  const hgt = cards[0]?.h ?? 70;
  const others = cards.filter((c) => !(near.x > c.x && near.x < c.x + c.w && near.y > c.y && near.y < c.y + c.h + 2));
  let best: { x: number; y: number } | undefined;
  let bestD = Infinity;
  for (let y = box.y + 10; y + hgt + 10 < box.y + box.height - 40; y += 16)
    for (let x = box.x + 10; x + w + 10 < box.x + box.width; x += 16) {
      const free = cards.every(
        (c) => x + w + 24 < c.x || x > c.x + c.w + 24 || y + hgt + 30 < c.y || y > c.y + c.h + 30,
      );
      if (!free) continue;
      // The new arrow (from the handle to the card's centre) must not run under another card.
      const to = { x: x + w / 2, y: y + hgt / 2 };
      const steps = Math.ceil(Math.hypot(to.x - near.x, to.y - near.y) / 8);
      let crosses = false;
      for (let i = 2; i < steps && !crosses; i++) {
        const px = near.x + ((to.x - near.x) * i) / steps;
        const py = near.y + ((to.y - near.y) * i) / steps;
        crosses = others.some((c) => px > c.x - 8 && px < c.x + c.w + 8 && py > c.y - 8 && py < c.y + c.h + 8);
      }
      // Below the card it comes from, not far to the side, and clear of other cards when it can be.
      const d =
        Math.abs(x + w / 2 - near.x) +
        2 * Math.abs(y - near.y - hgt * 0.8) +
        (y < near.y ? 2000 : 0) +
        (crosses ? 600 : 0);
      if (d < bestD) {
        bestD = d;
        best = { x, y };
      }
    }
  if (!best) throw new Error('no free place left on the map');
  return best;
}

/** Build the scenario on the map and play it to the debrief. `shoot` is called where screenshots are worth taking. */
export async function buildOnMap(
  page: Page,
  baseUrl: string,
  shoot?: (what: 'map' | 'node-form' | 'choice-form') => Promise<void>,
): Promise<BuildReport> {
  const effort: Effort = { clicks: 0, drags: 0, fields: 0 };
  const t = hands(page, effort);
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Write a scenario', exact: true }).click();
  effort.clicks++;
  await t.click(inEditor(page, 'New scenario'));
  const quick = page.getByRole('dialog', { name: 'New scenario', exact: true });
  const box = (name: string) => quick.getByRole('textbox', { name, exact: true });
  await t.fill(box('The crisis'), 'Flood in the valley');
  await t.fill(box("The player's role"), 'You are the mayor of Riverton.');
  await t.fill(box('Meter 1'), 'Public order');
  await t.fill(box('Meter 2'), 'Budget');
  await t.fill(box('Meter 3'), 'Trust');
  await t.fill(box('Advisor 1: name'), 'Ana Diaz');
  await t.fill(box('Advisor 1: office'), 'Police chief');
  await t.fill(box('Advisor 2: name'), 'Ben Ode');
  await t.fill(box('Advisor 2: office'), 'Treasurer');
  await t.click(quick.getByRole('button', { name: 'Create the scenario', exact: true }));
  await card(page, 'Decision: The first decision').waitFor();
  // Room on the map for five more decisions.
  await t.click(inEditor(page, 'Zoom out'));

  /** Open a choice's form from its decision's card. */
  const openChoice = async (decision: string, label: string) => {
    await t.click(card(page, decision));
    await t.click(form(page, 'Node form').getByRole('button', { name: `Edit choice: ${label}`, exact: true }));
    await form(page, 'Choice form').waitFor();
  };

  /** Draw a new decision from a card's handle onto empty space, title it and name the choice that leads there. */
  const newDecisionFrom = async (from: string, title: string, label: string) => {
    const source = card(page, from);
    const h = await handleOf(source);
    const spot = await emptySpot(page, h);
    await t.drag(h, spot);
    await t.click(
      page
        .getByRole('group', { name: 'Add to the map', exact: true })
        .getByRole('button', { name: 'New decision here', exact: true }),
    );
    const f = form(page, 'Node form');
    await t.fill(f.getByRole('textbox', { name: 'Title', exact: true }), title);
    await card(page, `Decision: ${title}`).waitFor();
    // The drawn choice's label "Go to: {title}" followed the title typed above.
    await openChoice(from, `Go to: ${title}`);
    await t.fill(form(page, 'Choice form').getByRole('textbox', { name: 'Label', exact: true }), label);
    await arrow(page, label).waitFor();
  };
  await newDecisionFrom('Decision: The first decision', 'Crowds at the dam', 'Go to the dam');
  await newDecisionFrom('Decision: Crowds at the dam', 'The army offers help', 'Ask the army');
  await newDecisionFrom('Decision: Crowds at the dam', 'Talks with the farmers', 'Meet the farmers');
  await newDecisionFrom('Decision: The army offers help', 'Night at the dam', 'Stay the night');
  await newDecisionFrom('Decision: Talks with the farmers', 'A second storm', 'Wait for news');

  // Two decisions lead on to endings: drawn from their handles onto the ending cards.
  for (const [from, to] of [
    ['Decision: Night at the dam', 'Ending: It ends well'],
    ['Decision: A second storm', 'Ending: It ends badly'],
  ] as const) {
    await t.drag(await handleOf(card(page, from)), await middle(card(page, to)));
    await form(page, 'Choice form').waitFor();
  }
  await shoot?.('map');

  // A timer on "Crowds at the dam": without "when time runs out" it is a problem, shown by the field.
  await t.click(card(page, 'Decision: Crowds at the dam'));
  const node = form(page, 'Node form');
  await t.fill(node.getByRole('spinbutton', { name: 'Seconds to decide', exact: true }), '60');
  const timerMessage = node
    .locator('.cr-field')
    .filter({ has: page.getByRole('spinbutton', { name: 'Seconds to decide' }) })
    .locator('.cr-field-problem');
  const timerProblem = await poll(
    () => timerMessage.textContent().then((x) => x ?? ''),
    (x) => x.includes('error'),
    'the timer problem',
  );
  const cardWithProblem = await poll(
    () =>
      card(page, 'Decision: Crowds at the dam')
        .getAttribute('aria-label')
        .then((x) => x ?? ''),
    (x) => /1 error/.test(x),
    'the problem mark on the card',
  );
  await shoot?.('node-form');
  await t.select(node.getByRole('combobox', { name: 'When time runs out, take', exact: true }), 'Ask the army');
  await poll(
    () => timerMessage.isHidden(),
    (x) => x,
    'the timer problem to go',
  );

  // A chance branch: the army's help works one time in three.
  await openChoice('Decision: The army offers help', 'Stay the night');
  const choice = form(page, 'Choice form');
  await t.click(choice.getByRole('button', { name: 'Split into branches (by chance or condition)', exact: true }));
  await t.fill(choice.getByRole('spinbutton', { name: 'Branch 1: chance (%)', exact: true }), '30');
  await t.select(choice.getByRole('combobox', { name: 'Branch 1: goes to', exact: true }), 'Ending: It ends badly');
  // A condition: "Act at once" only while public order is at least 40.
  await openChoice('Decision: The first decision', 'Act at once');
  await t.click(choice.getByRole('button', { name: 'Shown only when: add a meter test', exact: true }));
  await t.fill(choice.getByRole('spinbutton', { name: 'Shown only when, test 1: value', exact: true }), '40');
  await t.fill(choice.getByRole('spinbutton', { name: 'Public order changes by', exact: true }), '-15');
  await shoot?.('choice-form');

  const summaryBeforePlay = await poll(
    () => summary(page),
    (s) => /^(No problems|0 errors)/.test(s),
    'a draft without errors',
  );
  await t.click(inEditor(page, 'Play'));
  await page.getByRole('region', { name: 'Test run', exact: true }).waitFor();
  await t.click(page.getByRole('button', { name: 'Begin', exact: true }));
  for (let step = 0; step < 12; step++) {
    const buttons = choicesGroup(page).getByRole('button');
    await buttons.first().waitFor();
    const names = await buttons.allTextContents();
    const pick = names.findIndex((n) => PATH.some((p) => n.includes(p)));
    await t.click(buttons.nth(Math.max(0, pick)));
    await t.click(continueButton(page));
    if (await nextDecisionOrDebrief(page)) break;
  }
  const debrief = (await page.getByRole('main').textContent()) ?? '';
  return { effort, timerProblem, cardWithProblem, summaryBeforePlay, debrief };
}

/** The bench's rows: what building the scenario on the map took, in actions (counted, not timed). */
export async function benchVisualBuild(
  browser: import('playwright-core').Browser,
  gameUrl: string,
  add: (what: string, value: string) => void,
): Promise<void> {
  const { newContext } = await import('./harness.ts');
  const context = await newContext(browser, { viewport: { width: 1920, height: 1080 } });
  try {
    const page = await context.newPage();
    const r = await buildOnMap(page, gameUrl);
    const e = r.effort;
    add(
      'editor Map view: a teacher builds 6 decisions, 3 endings, 3 meters, 2 advisors, a timer, a chance branch and a condition, and plays it (1920×1080)',
      `${e.clicks + e.drags + e.fields} actions: ${e.clicks} clicks, ${e.drags} drags, ${e.fields} fields filled; 0 lines of YAML typed`,
    );
  } finally {
    await context.close();
  }
}
