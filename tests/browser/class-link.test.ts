/**
 * "Copy link for the class" (issue 21, point 9): in a library scenario's "Share link" dialog the
 * teacher picks the timer and makes a class link with a seed and the timer fixed (and its QR code).
 * Two students who open it get the same seed (the same chance draws: their exported paths say so),
 * and Settings shows the timer locked and why, its checkboxes not changeable.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeFragment } from '../../src/share/link.ts';
import { button, clickOnCanvas, closeBrowser, dialog, openSession } from './support.ts';
import { choicesGroup, continueButton, debriefHeading } from '../../tools/bench/drive.ts';

afterAll(closeBrowser);

const SCENARIO = `format: crisis-room/1
id: class-chance
title: "Class chance"
version: 1.0.0
language: en
role: "Tester."
summary: One decision, then chance decides.
meters:
  - { id: calm, label: Calm, start: 50 }
advisors:
  - { id: a, name: "Ada", title: "Aide" }
start: n1
nodes:
  - id: n1
    title: First
    text: "Decide."
    timeLimit: 60
    onTimeout: go
    advice: [{ advisor: a, text: "Go." }]
    choices:
      - id: go
        label: Go on
        effects: { calm: 5 }
        outcome: "Gone."
        next:
          - { chance: 0.5, goto: heads }
          - { goto: tails }
endings:
  - { id: heads, title: Heads, tone: good, text: "Heads." }
  - { id: tails, title: Tails, tone: bad, text: "Tails." }
`;

const card = (page: Page) => page.getByRole('article', { name: 'Class chance', exact: true });

/** A student opens the class link, checks Settings, plays with the mouse and exports the path; returns its seed and ending. */
async function student(link: string): Promise<{ seed: number; ending: string }> {
  const s = await openSession({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
  const { page } = s;
  await page.goto(`${link.replace(/\?/, '?silent&')}`);
  await card(page).getByRole('button', { name: 'New game', exact: true }).click();
  await button(page, 'Begin').click();
  await choicesGroup(page).waitFor();
  // Settings: the timer is the teacher's, shown locked and why.
  await button(page, 'Settings').click();
  const settings = dialog(page, 'Settings');
  expect(await settings.getByRole('checkbox', { name: 'Timers off' }).isDisabled()).toBe(true);
  expect(await settings.getByRole('checkbox', { name: 'Double time' }).isDisabled()).toBe(true);
  await settings.getByText(/^Locked by your teacher's link: normal time for the whole class/).waitFor();
  await settings.getByRole('button', { name: 'Close', exact: true }).click();
  await clickOnCanvas(page, choicesGroup(page).getByRole('button', { name: /Go on/ }));
  await clickOnCanvas(page, continueButton(page));
  await debriefHeading(page).waitFor();
  const [d] = await Promise.all([page.waitForEvent('download'), button(page, 'Export decision path').click()]);
  const replay = JSON.parse(readFileSync((await d.path())!, 'utf8')) as { seed: number; ending?: string };
  s.expectNoErrors();
  return { seed: replay.seed, ending: replay.ending ?? '' };
}

describe('a link for the class', () => {
  it('fixes the seed and the timer; students share the draws and cannot change the timer', {
    timeout: 180_000,
  }, async () => {
    const made = makeFragment('scenario', SCENARIO, 'class-chance.yaml');
    if (!made.ok) throw new Error(made.message);
    const s = await openSession({ viewport: { width: 1280, height: 720 } });
    const { page } = s;
    await page.goto(`${s.baseUrl}?silent${made.fragment}`);
    await card(page).getByRole('button', { name: 'Copy link', exact: true }).click();
    const share = dialog(page, 'Share link');
    await share.getByLabel('Timer for the class').selectOption('normal');
    await share.getByRole('button', { name: 'Copy link for the class', exact: true }).click();
    const field = share.getByLabel('Class link', { exact: true });
    await expect.poll(() => field.inputValue()).toMatch(/^http/);
    const link = await field.inputValue();
    const url = new URL(link);
    const seed = Number(url.searchParams.get('seed'));
    expect(url.searchParams.get('timer')).toBe('normal');
    expect(Number.isInteger(seed)).toBe(true);
    expect(url.hash).toBe(made.fragment);
    expect(await share.getByRole('status').last().textContent()).toContain(`(seed ${seed})`);
    await share.getByRole('button', { name: 'Show QR code of the class link', exact: true }).click();
    await share.getByRole('img', { name: 'QR code of the class link', exact: true }).waitFor();
    s.expectNoErrors();

    const first = await student(link);
    const second = await student(link);
    expect(first.seed).toBe(seed);
    expect(second).toEqual(first);
  });
});
