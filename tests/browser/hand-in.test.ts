/**
 * Hand-ins carry the student's name (issue 21, point 7): "Name on your path…" clicked on the
 * picture, a name typed and Enter saves it, closes the box and says so (the button then shows the
 * name, on the canvas too); "Export decision path" downloads `<scenario>-<name>-<date>.json`;
 * Enter in the text view's "Your name" field saves and says so too.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { makeFragment } from '../../src/share/link.ts';
import { button, clickOnCanvas, closeBrowser, dialog, openSession } from './support.ts';
import { oneDecision } from './one-decision.ts';
import { debriefHeading } from '../../tools/bench/drive.ts';

afterAll(closeBrowser);

const SCENARIO = oneDecision('hand-in-test', 'Hand in');

describe('hand-ins carry the name', () => {
  it('Enter saves the name and says so; the file is <scenario>-<name>-<date>.json', { timeout: 120_000 }, async () => {
    const made = makeFragment('scenario', SCENARIO, 'hand-in-test.yaml');
    if (!made.ok) throw new Error(made.message);
    const s = await openSession({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    const { page } = s;
    await page.goto(`${s.baseUrl}?silent&timer=off${made.fragment}`);
    await page
      .getByRole('article', { name: 'Hand in', exact: true })
      .getByRole('button', { name: 'New game', exact: true })
      .click();
    expect(
      await page.evaluate(() =>
        (
          window as unknown as { __crisisRoom: { playPath(i: string, s: number, c: string[]): boolean } }
        ).__crisisRoom.playPath('hand-in-test', 1, ['go']),
      ),
    ).toBe(true);
    await debriefHeading(page).waitFor();

    // Picture view: the name box from the canvas; Enter keeps the name, closes the box, says so.
    await clickOnCanvas(page, button(page, 'Name on your path…'));
    const ask = dialog(page, 'Name on your path');
    await ask.getByLabel('Name', { exact: true }).fill('Ana Petrova');
    await page.keyboard.press('Enter');
    await ask.waitFor({ state: 'detached' });
    const said = page.getByRole('region', { name: 'Hand in your path' }).getByRole('status');
    expect(await said.textContent()).toBe('Saved: your path carries the name "Ana Petrova".');
    const renamed = button(page, 'Name on your path: Ana Petrova ✓');
    await renamed.waitFor({ state: 'attached' });
    await page.waitForFunction(() =>
      (window as unknown as { __crisisRoom: { texts(): { text: string }[] } }).__crisisRoom
        .texts()
        .some((t) => t.text.replace(/\s+/g, ' ') === 'Name on your path: Ana Petrova ✓'),
    );

    // The exported file is named for the scenario, the student and the day.
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      clickOnCanvas(page, button(page, 'Export decision path')),
    ]);
    expect(download.suggestedFilename()).toBe(`hand-in-test-Ana-Petrova-${today}.json`);

    // Text view: Enter in "Your name" saves and says so.
    await button(page, 'Text view').click();
    const field = page.getByLabel('Your name', { exact: true });
    await field.fill('Ben');
    await field.press('Enter');
    expect(await said.textContent()).toBe('Saved: your path carries the name "Ben".');
    await button(page, 'Name on your path: Ben ✓').waitFor();
    s.expectNoErrors();
  });
});
