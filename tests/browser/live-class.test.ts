/**
 * The live class in Chromium (issue 18): the teacher's console, the projector and six phones, each
 * in its own browser context (three tap on a touch screen, three click with a mouse), against the
 * real live server serving the built site. A committee session is played to the debrief (backings
 * and arguments on the projector's plates, a class vote, a phone offline for a minute coming back
 * to its seat); an "Everyone plays" session's Class review equals the one built offline from the
 * same replays.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium, newContext } from '../../tools/bench/harness.ts';
import { startServer, tempDir, type ServerProcess } from '../live/support.ts';
import { seriousAxeViolations } from './support.ts';

let browser: Browser;
let server: ServerProcess;
let data: { dir: string; cleanup(): void };
const contexts: BrowserContext[] = [];
const errors: string[] = [];

beforeAll(async () => {
  data = tempDir('crisis-live-browser-');
  server = await startServer({ CRISIS_ROOM_DATA: data.dir }, undefined, ['--site', inject('buildDir')]);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  data?.cleanup();
});

async function page(options: Parameters<typeof newContext>[1] = {}): Promise<Page> {
  const context = await newContext(browser, options);
  contexts.push(context);
  const p = await context.newPage();
  p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  p.on('console', (m) => {
    // A phone cut off from the network logs its failed socket; anything else is a fault.
    if (m.type() === 'error' && !/WebSocket|ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(m.text()))
      errors.push(`console.error: ${m.text()}`);
  });
  return p;
}

const btn = (p: Page | Locator, name: string) => p.getByRole('button', { name, exact: true });
const screen = (p: Page, s: string) => p.waitForSelector(`body[data-screen="${s}"]`, { timeout: 30_000 });
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const LAPTOP = { viewport: { width: 1280, height: 720 } };

/** A student's click: a tap on a touch phone, a mouse click otherwise. */
async function press(p: Page, l: Locator): Promise<void> {
  if (await p.evaluate(() => matchMedia('(pointer: coarse)').matches)) await l.tap();
  else await l.click();
}

/** Open the teacher's console from the title screen through the "Live class" dialog. */
async function openRoom(
  mode: 'Committee' | 'Everyone plays',
  seed: string,
): Promise<{ teacher: Page; code: string; joinUrl: string }> {
  const teacher = await page(LAPTOP);
  await teacher.goto(server.base);
  await btn(teacher, 'Run a live class').click();
  const dialog = teacher.getByRole('dialog', { name: 'Live class' });
  await dialog.getByLabel('Scenario').selectOption({ label: 'Harbour Strike (template)' });
  await dialog.getByRole('radio', { name: mode }).check();
  await dialog.getByLabel('Seed (optional)').fill(seed);
  await dialog.getByLabel('Timer').selectOption({ label: 'No timer' });
  await btn(dialog, 'Open the room').click();
  const joinLink = teacher.getByRole('link', { name: 'Join link' });
  const joinUrl = (await joinLink.getAttribute('href'))!;
  const code = new URL(joinUrl).searchParams.get('join')!;
  expect(code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{6}$/);
  await expect.poll(() => teacher.getByRole('img', { name: 'QR code of the join link' }).count()).toBe(1);
  return { teacher, code, joinUrl };
}

/** Six phones join by the join link: three touch phones, three with a mouse. */
async function joinSix(joinUrl: string): Promise<Page[]> {
  const phones: Page[] = [];
  for (let i = 0; i < 6; i++) {
    const p = await page(i < 3 ? PHONE : { viewport: { width: 390, height: 844 } });
    await p.goto(joinUrl);
    await screen(p, 'join');
    await p.getByLabel('Your name').fill(`Student ${i + 1}`);
    await press(p, btn(p, 'Join'));
    await screen(p, 'waiting');
    phones.push(p);
  }
  return phones;
}

describe('live class in the browser', () => {
  it('plays a committee session to the debrief with a console, a projector and six phones', async () => {
    const { teacher, code } = await openRoom('Committee', '5');
    const participants = teacher.getByRole('list', { name: 'Participants' });
    const phones = await joinSix(`${server.base}/?join=${code}`);
    await expect.poll(() => participants.getByRole('listitem').count()).toBe(6);
    const students = teacher.getByRole('table', { name: 'Students' });
    await expect.poll(() => students.getByRole('row').count()).toBe(7);

    const projector = await page(LAPTOP);
    await projector.goto((await teacher.getByRole('link', { name: 'Projector view' }).getAttribute('href'))!);
    await screen(projector, 'projector');
    await projector.getByText(code, { exact: true }).waitFor();

    // The teacher reloads the console: it comes back to the same room, with its controls (used
    // from here on); another browser opening the same address gets no console.
    await teacher.reload();
    await teacher.getByRole('heading', { level: 1, name: 'Live class: Harbour Strike (template)' }).waitFor();
    await teacher.getByText(code, { exact: true }).waitFor();
    await expect.poll(() => participants.getByRole('listitem').count()).toBe(6);
    await teacher.getByRole('group', { name: 'Session controls' }).waitFor();
    const stranger = await page(LAPTOP);
    await stranger.goto(teacher.url());
    await btn(stranger, 'Run a live class').waitFor();
    expect(await stranger.getByRole('group', { name: 'Session controls' }).count()).toBe(0);

    // The phone page has no serious or critical accessibility violation: waiting, at a decision, at
    // the outcome and at the debrief.
    expect(await seriousAxeViolations(phones[0]!), 'phone, waiting').toEqual([]);
    await btn(teacher, 'Start').click();
    for (const p of phones) await screen(p, 'room');
    expect(await seriousAxeViolations(phones[0]!), 'phone, at a decision').toEqual([]);
    // Seats alternate: odd students hold the police chief's seat, even ones the treasurer's.
    await phones[0]!.getByRole('heading', { name: 'Your seat: Chief R. Vale' }).waitFor();
    await phones[1]!.getByRole('heading', { name: 'Your seat: M. Osei' }).waitFor();

    const choices = (p: Page) => p.getByRole('group', { name: 'Choices', exact: true });
    await press(phones[0]!, btn(choices(phones[0]!), 'Back this choice: Send police to clear the quay'));
    await press(phones[1]!, btn(choices(phones[1]!), 'Back this choice: Invite the union to talks'));
    const argument = '<b>Talk</b> first: a strike costs less than a riot.';
    await phones[1]!.getByRole('textbox', { name: 'Your argument' }).fill(argument);
    await press(phones[1]!, btn(phones[1]!, 'Send argument'));
    // The projector shows each seat's backing and argument on the advisor's plate, as text.
    const plate = (name: string) => projector.getByRole('list', { name: 'Advisors' }).getByRole('listitem', { name });
    await expect.poll(() => plate('Chief R. Vale').textContent()).toContain('Backs: Send police to clear the quay');
    await expect.poll(() => plate('M. Osei').textContent()).toContain('Backs: Invite the union to talks');
    await expect.poll(() => plate('M. Osei').textContent()).toContain(argument);
    await expect
      .poll(() => btn(choices(phones[1]!), 'Back this choice: Invite the union to talks').getAttribute('aria-pressed'))
      .toBe('true');

    // Phone 6 loses the network for a minute while the teacher decides; it comes back to its seat.
    const offline = phones[5]!;
    await offline.context().setOffline(true);
    await btn(teacher, 'Decide: Invite the union to talks').click();
    for (const p of phones.slice(0, 5)) await screen(p, 'outcome');
    // Cut off, it has not heard of the decision.
    expect(await offline.evaluate(() => document.body.dataset.screen)).toBe('room');
    await offline.waitForTimeout(60_000);
    await offline.context().setOffline(false);
    await screen(offline, 'outcome');
    await offline.getByRole('heading', { name: 'Invite the union to talks' }).waitFor();
    expect(await offline.getByText('Student 6 · M. Osei').count()).toBe(1);
    await expect.poll(() => participants.getByRole('listitem').count()).toBe(6);

    await btn(teacher, 'Continue').click();
    for (const p of phones) await screen(p, 'room');
    // A class vote: four for the deal, two to wait; the majority decides.
    await btn(teacher, 'Class vote').click();
    for (const [i, p] of phones.entries()) {
      const vote = p.getByRole('group', { name: 'Class vote' });
      await press(p, btn(vote, i < 4 ? 'Vote: Offer a pay deal' : 'Vote: Wait'));
      await expect
        .poll(() => btn(vote, i < 4 ? 'Vote: Offer a pay deal' : 'Vote: Wait').getAttribute('aria-pressed'))
        .toBe('true');
    }
    await btn(teacher, 'Close the vote').click();
    for (const p of phones) await screen(p, 'outcome');
    await phones[2]!.getByRole('heading', { name: 'Offer a pay deal' }).waitFor();
    expect(await seriousAxeViolations(phones[2]!), 'phone, outcome').toEqual([]);
    await btn(teacher, 'Continue').click();
    for (const p of phones) {
      await screen(p, 'debrief');
      await p.getByRole('heading', { name: 'A deal on the quay' }).waitFor();
    }
    expect(await seriousAxeViolations(phones[2]!), 'phone, debrief').toEqual([]);
    await projector.getByRole('heading', { name: 'A deal on the quay' }).waitFor();

    await btn(teacher, 'End session').click();
    const review = teacher.getByRole('dialog', { name: 'Class review' });
    await review.waitFor();
    await expect.poll(() => review.getByRole('table', { name: 'Students' }).textContent()).toContain('Committee');
    await expect
      .poll(() => review.getByRole('table', { name: 'Endings' }).textContent())
      .toContain('A deal on the quay');
    await btn(review, 'Close').click();
    const [download] = await Promise.all([
      teacher.waitForEvent('download'),
      btn(teacher, 'Download session file').click(),
    ]);
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(file.format).toBe('crisis-room-session/1');
    expect(file.decisions.map((d: { node: string; choice: string; how: string }) => [d.node, d.choice, d.how])).toEqual(
      [
        ['walkout', 'talk', 'teacher'],
        ['deadline', 'offer', 'vote'],
      ],
    );
    expect(file.decisions[0].arguments).toEqual([{ seat: 'treasurer', text: argument, by: 'Student 2' }]);
    expect(errors).toEqual([]);
  }, 480_000); // eight browser contexts and a phone offline for a whole minute

  it('gives an "Everyone plays" Class review equal to the one built offline from the same replays', async () => {
    const { teacher, code } = await openRoom('Everyone plays', '9');
    const phones = await joinSix(`${server.base}/?join=${code}`);
    await btn(teacher, 'Start').click();
    // Each student plays their own path: students 1–3 talk first, 4–6 send the police.
    for (const [i, p] of phones.entries()) {
      await screen(p, 'room');
      const first = i < 3 ? 'Invite the union to talks' : 'Send police to clear the quay';
      for (let step = 0; step < 6; step++) {
        const group = p.getByRole('group', { name: 'Choices', exact: true });
        const names = await group.getByRole('button').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')!));
        const pick = step === 0 ? first : i % 2 ? names[names.length - 1]! : names[0]!;
        await press(p, btn(group, pick));
        await screen(p, 'outcome');
        await press(p, btn(p, 'Continue'));
        await p.waitForSelector('body[data-screen="room"], body[data-screen="debrief"]');
        if ((await p.evaluate(() => document.body.dataset.screen)) === 'debrief') break;
      }
      await screen(p, 'debrief');
    }
    const students = teacher.getByRole('table', { name: 'Students' });
    const endings = /A deal on the quay|The strike is broken|Riot on the quay/;
    await expect
      .poll(async () => (await students.getByRole('row').allTextContents()).filter((r) => endings.test(r)).length)
      .toBe(6);
    await btn(teacher, 'End session').click();
    const live = teacher.getByRole('dialog', { name: 'Class review' });
    await live.waitFor();
    const tables = async (dialog: Locator) => {
      const out: Record<string, string[]> = {};
      for (const name of ['Endings', 'Choices by decision', 'Students'])
        out[name] = (await dialog.getByRole('table', { name }).getByRole('row').allTextContents()).map((t) => t.trim());
      return out;
    };
    await expect.poll(async () => (await tables(live)).Students?.length).toBe(7);
    const liveTables = await tables(live);
    await btn(live, 'Close').click();
    const [download] = await Promise.all([
      teacher.waitForEvent('download'),
      btn(teacher, 'Download session file').click(),
    ]);
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(file.mode).toBe('everyone');
    expect(file.replays).toHaveLength(6);

    // Offline: the same replays handed in as files to the game's own Class review.
    const offline = await page(LAPTOP);
    await offline.goto(server.base);
    await btn(offline, 'Class review').click();
    const dialog = offline.getByRole('dialog', { name: 'Class review' });
    await dialog.getByLabel('Add replay files').setInputFiles(
      file.replays.map((r: { player: string }) => ({
        name: `${r.player}.json`,
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(r)),
      })),
    );
    await expect.poll(async () => (await tables(dialog)).Students?.length).toBe(7);
    expect(await tables(dialog)).toEqual(liveTables);
    expect(liveTables.Endings!.length).toBeGreaterThan(1);
    expect(errors).toEqual([]);
  }, 480_000);
});
