/**
 * The debrief's picture shows, for every decision, what really happened and the works it cites
 * (title, publisher, date, link), a decision at a time: a student with a mouse clicks "Next ▶" or a
 * step number on the canvas, and a long history pages with its cue. Nothing is cut off, at
 * 1280×720, 1920×1080, 1024×768 and 390×844 (screenshots in .tmp/debrief-history/).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeFragment } from '../../src/share/link.ts';
import { ROOT, clickCanvasText, closeBrowser, openSession } from './support.ts';
import { debriefHeading, norm } from '../../tools/bench/drive.ts';

afterAll(closeBrowser);

const LONG = Array.from(
  { length: 6 },
  (_, i) =>
    `Paragraph ${i + 1} of the long account: the ministers met again and again through the night, weighed the risk of every step against the treaty, and the minutes of the meeting record each voice in turn before the vote.`,
).join('\n\n');

/** A three-decision scenario: history with two sources, a long history, and no history at all. */
const SCENARIO = `format: crisis-room/1
id: debrief-history
title: "Debrief history"
version: 1.0.0
language: en
role: "Tester."
summary: Three decisions, each with a different kind of history.
meters:
  - { id: calm, label: Calm, start: 50 }
advisors:
  - { id: a, name: "Ada", title: "Aide" }
sources:
  - { id: wire, title: "Night of the vote", publisher: "Example Wire", date: "2022-09-13", url: "https://example.org/vote" }
  - { id: book, title: "A Short History", publisher: "Example Press", date: "2023" }
start: n1
nodes:
  - id: n1
    title: First meeting
    text: "The first decision."
    advice: [{ advisor: a, text: "Wait." }]
    history: { choice: wait, text: "The cabinet waited for the morning papers.", sources: [wire, book] }
    choices:
      - { id: wait, label: Wait for morning, effects: { calm: 5 }, outcome: You waited., next: n2 }
      - { id: act, label: Act at once, effects: { calm: -5 }, outcome: You acted., next: n2 }
  - id: n2
    title: Second meeting
    text: "The second decision."
    history:
      choice: vote
      sources: [book]
      text: |
${LONG.split('\n')
  .map((l) => (l ? `        ${l}` : ''))
  .join('\n')}
    choices:
      - { id: vote, label: Call the vote, outcome: The vote was called., next: n3 }
      - { id: delay, label: Delay the vote, outcome: The vote waited., next: n3 }
  - id: n3
    title: Third meeting
    text: "The third decision."
    choices:
      - { id: end, label: Close the meeting, outcome: Closed., next: done }
endings:
  - { id: done, title: Done, tone: mixed, text: "The end." }
`;

interface Hooks {
  texts(): { scene: string; text: string }[];
  truncations(): unknown[];
  overflows(): unknown[];
  playPath(id: string, seed: number, choices: string[]): boolean;
}

/** The debrief's canvas texts once it has drawn (two frames), and what it cut or drew outside its room. */
async function canvasNow(page: Page): Promise<{ texts: string[]; cut: unknown[] }> {
  return page.evaluate(
    () =>
      new Promise<{ texts: string[]; cut: unknown[] }>((resolve) =>
        setTimeout(
          () =>
            requestAnimationFrame(() =>
              requestAnimationFrame(() => {
                const h = (window as unknown as { __crisisRoom: Hooks }).__crisisRoom;
                resolve({
                  texts: h
                    .texts()
                    .filter((t) => t.scene === 'debrief')
                    .map((t) => t.text),
                  cut: [...h.truncations(), ...h.overflows()],
                });
              }),
            ),
          20,
        ),
      ),
  );
}

/** Wait until the debrief's canvas shows `text` among its texts; returns them all. */
async function untilShown(page: Page, text: string, cut: unknown[]): Promise<string[]> {
  for (let i = 0; i < 50; i++) {
    const now = await canvasNow(page);
    if (now.texts.includes(text)) {
      cut.push(...now.cut);
      return now.texts;
    }
  }
  throw new Error(`the debrief never drew "${text}"`);
}

describe('the debrief shows each decision’s history and sources in the picture', () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
    { width: 1024, height: 768 },
    { width: 390, height: 844 },
  ])
    it(`a decision at a time, turned with the mouse, nothing cut off, at ${viewport.width}×${viewport.height}`, {
      timeout: 120_000,
    }, async () => {
      const made = makeFragment('scenario', SCENARIO, 'debrief-history.yaml');
      if (!made.ok) throw new Error(made.message);
      const s = await openSession({ viewport });
      const { page } = s;
      const size = `${viewport.width}x${viewport.height}`;
      const dir = path.join(ROOT, '.tmp/debrief-history');
      mkdirSync(dir, { recursive: true });
      await page.goto(`${s.baseUrl}?silent&timer=off${made.fragment}`);
      await page
        .getByRole('article', { name: 'Debrief history', exact: true })
        .getByRole('button', { name: 'New game', exact: true })
        .click();
      expect(
        await page.evaluate(() =>
          (window as unknown as { __crisisRoom: Hooks }).__crisisRoom.playPath('debrief-history', 1, [
            'act',
            'vote',
            'end',
          ]),
        ),
      ).toBe(true);
      await debriefHeading(page).waitFor();
      const cut: unknown[] = [];

      // Decision 1: not the historical choice; the history and both sources, with publisher, date and link.
      let texts = await untilShown(page, 'Decision 1 of 3', cut);
      expect(texts).toContain('First meeting');
      expect(texts).toContain('Act at once');
      expect(texts).toContain('Wait for morning');
      expect(texts).toContain(
        'What really happened: The cabinet waited for the morning papers.\n\nSources:\n' +
          '• Night of the vote — Example Wire, 2022-09-13 — https://example.org/vote\n' +
          '• A Short History — Example Press, 2023',
      );
      await page.screenshot({ path: path.join(dir, `decision-1-${size}.png`) });

      // Next ▶ (a click on the canvas): decision 2, the same choice as history, its long account paged.
      await clickCanvasText(page, 'Next ▶');
      texts = await untilShown(page, 'Decision 2 of 3', cut);
      expect(texts).toContain('✓ Call the vote');
      const seen: string[] = [];
      const account = (list: string[]) => list.find((t) => t.includes('Paragraph') || t.includes('Sources:')) ?? '';
      for (let turn = 0; turn < 12; turn++) {
        seen.push(account(texts));
        const cue = texts.find((t) => /^▼ more {2}\d+\/\d+$/.test(t));
        if (!cue) break;
        await clickCanvasText(page, cue);
        for (let i = 0; i < 50 && account(texts) === seen[seen.length - 1]; i++) texts = (await canvasNow(page)).texts;
      }
      expect(seen.length, 'the long account takes more than one page').toBeGreaterThan(1);
      const read = norm([...seen].join(' '));
      for (let i = 1; i <= 6; i++)
        expect(read, `paragraph ${i} shown on some page`).toContain(`Paragraph ${i} of the long account`);
      expect(read).toContain('A Short History — Example Press, 2023');
      await page.screenshot({ path: path.join(dir, `decision-2-${size}.png`) });

      // A click on step 3 (the last "3" drawn: the chart's axis has one too): no history recorded, said so.
      await clickCanvasText(page, '3', -1);
      texts = await untilShown(page, 'Decision 3 of 3', cut);
      expect(texts).toContain('What really happened: the scenario does not say for this decision.');
      // ◀ Previous goes back.
      await clickCanvasText(page, '◀ Previous');
      await untilShown(page, 'Decision 2 of 3', cut);

      // The text view says the same, with the link a link.
      const first = page.getByRole('list', { name: 'Your decisions', exact: true }).getByRole('listitem').first();
      expect(norm(await first.textContent())).toContain('The cabinet waited for the morning papers.');
      expect(await first.getByRole('link', { name: 'Night of the vote', exact: true }).getAttribute('href')).toBe(
        'https://example.org/vote',
      );
      expect(cut, 'texts the canvas cut or drew outside their room').toEqual([]);
      s.expectNoErrors();
    });
});
