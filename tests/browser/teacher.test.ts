/**
 * Issue 5 in Debian's Chromium: teachers load their own scenarios (file picker, drop, ?scenario=,
 * #s= link), the library survives reloads, refused files show line and column, replays open in the
 * viewer (keys ← →, timeline, branch with both paths in the debrief), a tampered replay names its
 * first differing step, and markup in a file is shown as text and never run. Driven by roles and
 * names only (docs/dom-contract.md).
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { checkScenarioText } from '../../src/analysis/check.ts';
import type { CompiledScenario } from '../../src/engine/machine.ts';
import { makeFragment } from '../../src/share/link.ts';
import { choicesGroup, continueButton, debriefHeading, nextDecisionOrDebrief, norm } from '../../tools/bench/drive.ts';
import {
  ROOT,
  button,
  closeBrowser,
  dialog,
  gotoTitle,
  openSession,
  pickFile,
  seriousAxeViolations,
} from './support.ts';

/** Another origin (another port) serving scenario files: /open/… with CORS allowed, /closed/… without. */
let otherSite = '';
let otherServer: Server | undefined;
beforeAll(async () => {
  otherServer = createServer((req, res) => {
    const m = /^\/(open|closed)\/([a-z0-9.-]+)$/.exec(req.url ?? '');
    const cors: Record<string, string> = m?.[1] === 'open' ? { 'access-control-allow-origin': '*' } : {};
    let body: string | undefined;
    try {
      body = m ? readFileSync(path.join(FIX, m[2]!), 'utf8') : undefined;
    } catch {
      body = undefined;
    }
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/yaml; charset=utf-8', ...cors });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => otherServer!.listen(0, '127.0.0.1', resolve));
  // Another port is another origin.
  otherSite = `http://127.0.0.1:${(otherServer.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await closeBrowser();
  await new Promise((resolve) => otherServer?.close(resolve));
});

const FIX = path.join(ROOT, 'tests/fixtures/teacher');
const read = (name: string) => readFileSync(path.join(FIX, name), 'utf8');
const FERRY_TEXT = read('outside-ferry.yaml');
const DRILL_TEXT = read('drill.json');
const BROKEN_TEXT = read('broken.yaml');
const TEMPLATE_TEXT = readFileSync(path.join(ROOT, 'scenarios/examples/template.yaml'), 'utf8');

function compile(text: string, file: string): CompiledScenario {
  const r = checkScenarioText(text, file);
  if (!r.compiled) throw new Error(`${file} does not check`);
  return r.compiled;
}
const FERRY = compile(FERRY_TEXT, 'outside-ferry.yaml');
const DRILL = compile(DRILL_TEXT, 'drill.json');

const card = (page: Page, title: string) => page.getByRole('article', { name: title, exact: true });

/** Drop a file on the page as a browser does: dragenter, dragover and drop with a DataTransfer holding it. */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const dt = await page.evaluateHandle(
    ([n, t]) => {
      const d = new DataTransfer();
      d.items.add(new File([t!], n!, { type: n!.endsWith('.json') ? 'application/json' : 'application/yaml' }));
      return d;
    },
    [name, text],
  );
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent('main', type, { dataTransfer: dt });
}

/** From the briefing (or the room), take the first choice shown at every node until the debrief. */
async function playToEnding(page: Page, pick: (labels: string[]) => string = (l) => l[0]!): Promise<void> {
  const begin = button(page, 'Begin');
  await begin.or(choicesGroup(page)).first().waitFor();
  if (await begin.isVisible()) await begin.click();
  for (let step = 0; step < 100; step++) {
    const choices = choicesGroup(page);
    await choices.waitFor();
    const labels = (await choices.getByRole('button').allTextContents()).map(norm);
    await choices
      .getByRole('button')
      .filter({ hasText: pick(labels) })
      .first()
      .click();
    await page.getByRole('region', { name: 'Outcome', exact: true }).waitFor();
    await continueButton(page).click();
    if (await nextDecisionOrDebrief(page)) return;
  }
  throw new Error('no ending after 100 steps');
}

async function expectEnding(page: Page, c: CompiledScenario): Promise<void> {
  await debriefHeading(page).waitFor();
  const h3 = norm(await page.getByRole('heading', { level: 3 }).first().textContent());
  expect(c.scenario.endings.map((e) => e.title)).toContain(h3);
}

describe('teachers load their own scenarios', () => {
  it('by the file picker, then plays it to an ending', async () => {
    const s = await openSession();
    const { page } = s;
    await gotoTitle(s);
    await pickFile(page, 'Load scenario file…', 'outside-ferry.yaml', FERRY_TEXT);
    await card(page, FERRY.scenario.title).getByRole('button', { name: 'New game', exact: true }).click();
    await playToEnding(page);
    await expectEnding(page, FERRY);
    s.expectNoErrors();
  });

  it('by dropping a .json file; its warnings show, and it still plays', async () => {
    const s = await openSession();
    const { page } = s;
    await gotoTitle(s);
    await dropFile(page, 'drill.json', DRILL_TEXT);
    const panel = dialog(page, 'Scenario problems');
    await panel.waitFor();
    const text = norm(await panel.textContent());
    expect(text).toContain('advisor-silent');
    expect(text).toMatch(/drill\.json:15:13: warning: advisor "caretaker" never speaks/);
    await panel.getByRole('button', { name: 'Play anyway', exact: true }).click();
    await playToEnding(page);
    await expectEnding(page, DRILL);
    s.expectNoErrors();
  });

  it('by ?scenario= from another site (CORS allowed), a file written from the format page alone', async () => {
    const s = await openSession();
    const { page } = s;
    const url = `${otherSite}open/outside-ferry.yaml`;
    await gotoTitle(s, `?scenario=${encodeURIComponent(url)}`);
    await card(page, FERRY.scenario.title).getByRole('button', { name: 'New game', exact: true }).click();
    await playToEnding(page, (labels) => labels[labels.length - 1]!);
    await expectEnding(page, FERRY);
    s.expectNoErrors();
  });

  it('explains a ?scenario= that fails: no file there, or a server that does not allow CORS', async () => {
    const s = await openSession();
    const { page } = s;
    await gotoTitle(s, `?scenario=${encodeURIComponent(`${otherSite}open/missing.yaml`)}`);
    const failed = dialog(page, 'Could not load the scenario');
    await failed.waitFor();
    expect(norm(await failed.textContent())).toContain('no file at that address (404 Not Found)');
    await failed.getByRole('button', { name: 'Close', exact: true }).click();

    await gotoTitle(s, `?scenario=${encodeURIComponent(`${otherSite}closed/outside-ferry.yaml`)}`);
    await failed.waitFor();
    expect(norm(await failed.textContent())).toMatch(
      /does not allow other sites to read the file.*CORS.*Access-Control-Allow-Origin/,
    );
    // The browser itself logs the 404 and the CORS refusal; those console errors are the point here.
    const expected = /CORS policy|Failed to load resource|net::ERR_FAILED/i;
    s.errors.splice(0, s.errors.length, ...s.errors.filter((e) => !expected.test(e)));
    s.expectNoErrors();
  });

  it('by a #s= link made with "Copy link", in another browser profile', async () => {
    const s = await openSession();
    const { page } = s;
    await gotoTitle(s);
    await pickFile(page, 'Load scenario file…', 'outside-ferry.yaml', FERRY_TEXT);
    await card(page, FERRY.scenario.title).getByRole('button', { name: 'Copy link', exact: true }).click();
    const share = dialog(page, 'Share link');
    await share.waitFor();
    const link = await share.getByRole('textbox', { name: 'Link', exact: true }).inputValue();
    expect(link).toMatch(/#s=[A-Za-z0-9_-]+&n=outside-ferry\.yaml$/);
    const made = makeFragment('scenario', FERRY_TEXT, 'outside-ferry.yaml');
    expect(made.ok && link.endsWith(made.fragment)).toBe(true);
    s.expectNoErrors();

    const other = await openSession();
    await other.page.goto(link);
    await card(other.page, FERRY.scenario.title).getByRole('button', { name: 'New game', exact: true }).click();
    await playToEnding(other.page);
    await expectEnding(other.page, FERRY);
    // The link is consumed: the address no longer carries the scenario.
    expect(other.page.url()).not.toContain('#s=');
    other.expectNoErrors();
  });

  it('refuses a broken file and shows each problem with its line and column, rule and caret', async () => {
    const s = await openSession({ bypassCSP: true }); // bypassCSP only to inject axe-core
    const { page } = s;
    await gotoTitle(s);
    await pickFile(page, 'Load scenario file…', 'broken.yaml', BROKEN_TEXT);
    const panel = dialog(page, 'Scenario problems');
    await panel.waitFor();
    const problems = panel.getByRole('listitem');
    const texts = (await problems.allTextContents()).map((t) => t.replace(/[ \t]+/g, ' '));
    const typo = texts.find((t) => t.includes('unknown-key'))!;
    expect(typo).toContain('10:5');
    expect(typo).toContain('broken.yaml:10:5: error: unknown key "lable"');
    expect(typo).toContain('lable: Public order');
    const pre = await problems.filter({ hasText: 'unknown-key' }).locator('pre').textContent();
    // Exactly the CLI's three lines: the diagnostic, the source line indented by four, the caret under column 5.
    expect(pre!.split('\n')).toEqual([
      expect.stringMatching(/^broken\.yaml:10:5: error: unknown key "lable"/),
      '        lable: Public order',
      '        ^',
    ]);
    expect(texts.some((t) => t.includes('9:5') && t.includes('missing required key "label"'))).toBe(true);
    expect(await seriousAxeViolations(page), 'axe-core on the problems panel').toEqual([]);
    await panel.getByRole('button', { name: 'Close', exact: true }).click();
    expect(await card(page, 'A broken scenario').count()).toBe(0);
    s.expectNoErrors();
  });
});

describe('the library', () => {
  it('says when a scenario is too large for a link, and offers the file instead', async () => {
    const s = await openSession();
    const { page } = s;
    await gotoTitle(s);
    // Incompressible text in three nodes: well over 32 KB once deflated.
    const noise = () => randomBytes(11_000).toString('base64');
    const big = FERRY_TEXT.replace('id: island-ferry-2019', 'id: big-ferry')
      .replace('title: "The Last Ferry"', 'title: "The Big Ferry"')
      .replace('    text: The ferry radios that it is turning back.', `    text: "${noise()}"`)
      .replace('    text: The Co-op is running low.', `    text: "${noise()}"`)
      .replace('summary: The mainland', `x-padding: "${noise()}"\nsummary: The mainland`);
    await pickFile(page, 'Load scenario file…', 'big-ferry.yaml', big);
    await card(page, 'The Big Ferry').getByRole('button', { name: 'Copy link', exact: true }).click();
    const share = dialog(page, 'Share link');
    await share.waitFor();
    expect(norm(await share.textContent())).toMatch(/too large for a link .* Share the file instead/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      share.getByRole('button', { name: 'Download file', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('big-ferry.yaml');
    s.expectNoErrors();
  });

  it('survives a reload; a newer version replaces only after confirming; remove asks first', async () => {
    const s = await openSession();
    const { page } = s;
    await gotoTitle(s);
    await pickFile(page, 'Load scenario file…', 'outside-ferry.yaml', FERRY_TEXT);
    await card(page, FERRY.scenario.title).waitFor();
    await page.reload();
    await card(page, FERRY.scenario.title).getByRole('button', { name: 'Copy link', exact: true }).waitFor();

    const newer = FERRY_TEXT.replace('version: 2.1.0', 'version: 2.2.0').replace(
      'title: "The Last Ferry"',
      'title: "The Last Ferry (revised)"',
    );
    await pickFile(page, 'Load scenario file…', 'ferry-v2.yaml', newer);
    const ask = dialog(page, 'Replace scenario?');
    await ask.waitFor();
    expect(norm(await ask.textContent())).toContain('Replace it with version 2.2.0?');
    await ask.getByRole('button', { name: 'Keep the one I have', exact: true }).click();
    await page.reload();
    await card(page, FERRY.scenario.title).waitFor();
    expect(await card(page, 'The Last Ferry (revised)').count()).toBe(0);

    await pickFile(page, 'Load scenario file…', 'ferry-v2.yaml', newer);
    await ask.getByRole('button', { name: 'Replace', exact: true }).click();
    await card(page, 'The Last Ferry (revised)').waitFor();
    await page.reload();
    await card(page, 'The Last Ferry (revised)').waitFor();
    expect(await card(page, FERRY.scenario.title).count()).toBe(0);

    await card(page, 'The Last Ferry (revised)').getByRole('button', { name: 'Remove', exact: true }).click();
    await dialog(page, 'Remove scenario?').getByRole('button', { name: 'Remove', exact: true }).click();
    await card(page, 'The Last Ferry (revised)').waitFor({ state: 'detached' });
    await page.reload();
    await button(page, 'Load scenario file…').waitFor();
    await page.waitForTimeout(300);
    expect(await card(page, 'The Last Ferry (revised)').count()).toBe(0);
    s.expectNoErrors();
  });
});

describe('replays', () => {
  /** Play the ferry to an ending (first choice each time), export the decision path, return its text. */
  async function playAndExport(page: Page): Promise<string> {
    await card(page, FERRY.scenario.title).getByRole('button', { name: 'New game', exact: true }).click();
    await playToEnding(page);
    const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Export decision path').click()]);
    const file = await download.path();
    return readFileSync(file, 'utf8');
  }

  it('exports a replay, opens it in the viewer, steps with ← →, branches from step 2 to an ending with both paths', async () => {
    const s = await openSession({ acceptDownloads: true, bypassCSP: true }); // bypassCSP only to inject axe-core
    const { page } = s;
    await gotoTitle(s);
    await pickFile(page, 'Load scenario file…', 'outside-ferry.yaml', FERRY_TEXT);
    const replayText = await playAndExport(page);
    const replay = JSON.parse(replayText) as { steps: { node: string; choice: string }[]; ending: string };
    expect(replay.steps.length).toBeGreaterThanOrEqual(2);

    await button(page, 'Main menu').click();
    await pickFile(page, 'Open replay…', 'ferry.replay.json', replayText);
    const viewer = page.getByRole('region', { name: 'Replay viewer', exact: true });
    await viewer.waitFor();
    const position = viewer.getByRole('status');
    const node = (id: string) => FERRY.scenario.nodes.find((n) => n.id === id)!;
    const first = node(replay.steps[0]!.node);
    const second = node(replay.steps[1]!.node);
    await expect
      .poll(async () => norm(await position.textContent()))
      .toBe(`Step 1 of ${replay.steps.length}: ${first.title}`);
    const stepText = async () => norm(await viewer.getByRole('article', { name: 'Current step' }).textContent());
    expect(await stepText()).toContain(
      `Choice taken: ${first.choices.find((c) => c.id === replay.steps[0]!.choice)!.label}`,
    );
    expect(await stepText()).toContain(
      `Historical choice: ${first.choices.find((c) => c.id === first.history!.choice)!.label}`,
    );
    for (const a of first.advice!) expect(await stepText()).toContain(a.text);
    const meters = viewer.getByRole('table', { name: 'Meters at this step' });
    expect(norm(await meters.textContent())).toContain('Supplies');
    expect(await seriousAxeViolations(page), 'axe-core on the replay viewer').toEqual([]);

    await page.keyboard.press('ArrowRight');
    await expect
      .poll(async () => norm(await position.textContent()))
      .toBe(`Step 2 of ${replay.steps.length}: ${second.title}`);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => norm(await position.textContent())).toContain('Step 1 of');
    await button(page, 'Next step').click();
    await button(page, 'Previous step').click();
    await viewer.getByRole('list', { name: 'Timeline' }).getByRole('button').nth(1).click();
    await expect.poll(async () => norm(await position.textContent())).toContain('Step 2 of');

    // Branch from step 2: the same seed, step 1 replayed, and now a different choice.
    await button(page, 'Branch from here').click();
    await page.getByRole('heading', { level: 2, name: second.title, exact: true }).waitFor();
    const taken = second.choices.find((c) => c.id === replay.steps[1]!.choice)!.label;
    await playToEnding(page, (labels) => labels.find((l) => l !== taken) ?? labels[0]!);
    await debriefHeading(page).waitFor();
    const both = page.getByRole('region', { name: 'Both paths', exact: true });
    await both.waitFor();
    const table = norm(await both.getByRole('table').textContent());
    expect(table).toContain('Replay path');
    expect(table).toContain('Your branch');
    expect(table).toContain(`1 (replayed)`);
    expect(table).toContain(taken);
    const axe = (await seriousAxeViolations(page)).filter((v) => v.nodes.some((n) => n.includes('cr-')));
    expect(axe, 'axe-core on the "Both paths" section').toEqual([]);

    // The debrief also opens the viewer on the run just played.
    await button(page, 'Open replay viewer').click();
    await viewer.waitFor();
    await expect.poll(async () => norm(await position.textContent())).toContain('Step 1 of');
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    s.expectNoErrors();
  });

  it('opens a replay from a #r= link, from a dropped .replay.json, and from the short "Copy replay link" once its scenario is there', async () => {
    const s = await openSession({ acceptDownloads: true });
    const { page } = s;
    await gotoTitle(s);
    await pickFile(page, 'Load scenario file…', 'outside-ferry.yaml', FERRY_TEXT);
    const replayText = await playAndExport(page);
    // The debrief's "Copy replay link" (issue 21): only the choices and the seed, not the scenario.
    await button(page, 'Copy replay link').click();
    const share = dialog(page, 'Share link');
    const bundled = await share.getByRole('textbox', { name: 'Link', exact: true }).inputValue();
    expect(bundled).toMatch(/#p=1\.[a-z0-9-]+\.[0-9a-f]{12}\.[0-9a-z]+\.[0-9a-j]+(\.[0-9a-z-]*)?&pv=[^&]+$/);
    expect(bundled).not.toMatch(/[#&](s|r)=/);
    await share.getByRole('button', { name: 'Close', exact: true }).click();

    const made = makeFragment('replay', replayText, 'ferry.replay.json');
    expect(made.ok).toBe(true);
    await button(page, 'Main menu').click();
    // Same tab, only the fragment changes: no reload, the game still picks it up.
    await page.goto(`${s.baseUrl}${made.ok ? made.fragment : ''}`);
    const viewer = page.getByRole('region', { name: 'Replay viewer', exact: true });
    await viewer.waitFor();
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    await dropFile(page, 'ferry.replay.json', replayText);
    await viewer.waitFor();
    s.expectNoErrors();

    // Someone without the scenario opens the short link: told which scenario it needs, nothing lost;
    // once they load the scenario, the path opens in the replay viewer.
    const other = await openSession();
    await other.page.goto(bundled);
    const notYet = dialog(other.page, 'This decision path cannot be opened yet');
    await notYet.waitFor();
    expect(norm(await notYet.textContent())).toContain(
      `This decision path was made with scenario "${FERRY.scenario.id}" version ${FERRY.scenario.version}, which this browser does not have. Open the scenario's link or file first`,
    );
    await notYet.getByRole('button', { name: 'Close', exact: true }).click();
    expect(other.page.url()).toContain('#p=');
    await pickFile(other.page, 'Load scenario file…', 'outside-ferry.yaml', FERRY_TEXT);
    const otherViewer = other.page.getByRole('region', { name: 'Replay viewer', exact: true });
    await otherViewer.waitFor();
    await other.page.keyboard.press('Escape');
    await card(other.page, FERRY.scenario.title).waitFor();
    expect(other.page.url()).not.toContain('#p=');
    other.expectNoErrors();
  });

  it('refuses a tampered replay, naming the first differing step, and a replay whose scenario is missing', async () => {
    const s = await openSession({ acceptDownloads: true });
    const { page } = s;
    await gotoTitle(s);
    await pickFile(page, 'Load scenario file…', 'outside-ferry.yaml', FERRY_TEXT);
    const replay = JSON.parse(await playAndExport(page)) as { steps: { node: string; choice: string }[] };
    await button(page, 'Main menu').click();
    const tampered = structuredClone(replay);
    tampered.steps[1]!.node = 'rough-crossing' === tampered.steps[1]!.node ? 'shelves' : 'rough-crossing';
    await pickFile(page, 'Open replay…', 'tampered.replay.json', JSON.stringify(tampered));
    const refused = dialog(page, 'This replay does not fit');
    await refused.waitFor();
    expect(norm(await refused.textContent())).toContain('step 2 differs');
    await refused.getByRole('button', { name: 'Close', exact: true }).click();

    const other = { ...replay, scenario: { id: 'suez-1956', version: '3.0.0', sha256: 'a'.repeat(64) } };
    await pickFile(page, 'Open replay…', 'suez.replay.json', JSON.stringify(other));
    const missing = dialog(page, 'This replay cannot be opened');
    await missing.waitFor();
    expect(norm(await missing.textContent())).toContain('"suez-1956", version 3.0.0, which is not in your library');
    s.expectNoErrors();
  });
});

describe('nothing in a file is rendered as HTML or run', () => {
  const PAYLOAD = '<img src=x onerror=alert(1)><script>alert(2)</script>';
  const TEXT_KEYS = new Set([
    'title',
    'role',
    'summary',
    'author',
    'publisher',
    'date',
    'label',
    'description',
    'name',
    'stance',
    'note',
    'place',
    'text',
    'source',
    'detail',
    'outcome',
  ]);
  /** The template with the payload in every text field (learning goals too), as JSON. */
  function evilScenario(): string {
    const data = parseYaml(TEMPLATE_TEXT) as Record<string, unknown>;
    const walk = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') {
        const o: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
          if (k === 'learningGoals') o[k] = (x as string[]).map((g) => `${PAYLOAD} ${g}`);
          else o[k] = typeof x === 'string' && TEXT_KEYS.has(k) ? `${PAYLOAD} ${x}` : walk(x);
        }
        return o;
      }
      return v;
    };
    const evil = walk(data) as Record<string, unknown>;
    evil.id = 'evil-harbour';
    return JSON.stringify(evil, null, 2);
  }

  it('shows <img onerror> and <script> literally in cards, room, debrief, viewer and problems panel', async () => {
    const s = await openSession({ acceptDownloads: true });
    const { page } = s;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // Record every element created after load that could run code.
    await page.addInitScript(() => {
      const w = window as unknown as { __created: string[] };
      w.__created = [];
      new MutationObserver((records) => {
        for (const r of records)
          for (const n of r.addedNodes) {
            if (!(n instanceof Element)) continue;
            for (const el of [n, ...n.querySelectorAll('*')]) {
              const tag = el.tagName.toLowerCase();
              if (
                tag === 'img' ||
                tag === 'script' ||
                tag === 'iframe' ||
                tag === 'object' ||
                [...el.attributes].some((a) => a.name.startsWith('on'))
              )
                w.__created.push(el.outerHTML.slice(0, 120));
            }
          }
      }).observe(document, { childList: true, subtree: true });
    });
    const csp = await (await fetch(s.baseUrl)).text();
    expect(csp).toMatch(/Content-Security-Policy[^>]*script-src 'self'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);

    await gotoTitle(s);
    const evil = evilScenario();
    const title = `${PAYLOAD} Harbour Strike (template)`;
    await pickFile(page, 'Load scenario file…', 'evil.json', evil);
    const evilCard = card(page, title);
    await evilCard.waitFor();
    expect(norm(await evilCard.textContent())).toContain(PAYLOAD);
    await evilCard.getByRole('button', { name: 'New game', exact: true }).click();
    await page.getByRole('button', { name: 'Begin', exact: true }).click();
    await choicesGroup(page).waitFor();
    expect(norm(await page.locator('#a11y-root').textContent())).toContain(`${PAYLOAD} The dockers walk out`);
    const adv = page.getByRole('group', { name: 'Advisors', exact: true }).getByRole('button').first();
    await adv.click();
    expect(norm(await page.getByRole('region', { name: 'Advice', exact: true }).textContent())).toContain(PAYLOAD);
    await playToEnding(page);
    expect(norm(await page.locator('#a11y-root').textContent())).toContain(PAYLOAD);

    await button(page, 'Open replay viewer').click();
    const viewer = page.getByRole('region', { name: 'Replay viewer', exact: true });
    await viewer.waitFor();
    expect(norm(await viewer.textContent())).toContain(`${PAYLOAD} The dockers walk out`);
    await page.keyboard.press('Escape');
    await button(page, 'Main menu').click();

    // A refused file: its source line (with the payload) in the problems panel.
    const broken = evil.replace(
      '"format": "crisis-room/1"',
      '"format": "crisis-room/1", "bogus": "<script>alert(3)</script>"',
    );
    await pickFile(page, 'Load scenario file…', 'evil-broken.json', broken);
    const panel = dialog(page, 'Scenario problems');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('"bogus": "<script>alert(3)</script>"');
    await panel.getByRole('button', { name: 'Close', exact: true }).click();

    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    const created = await page.evaluate(() => (window as unknown as { __created: string[] }).__created);
    expect(created.filter((c) => /src="?x|alert|onerror/i.test(c))).toEqual([]);
    expect(await page.locator('img[src="x"], script:not([type="module"]):not([src])').count()).toBe(0);
    s.expectNoErrors();
  });
});
