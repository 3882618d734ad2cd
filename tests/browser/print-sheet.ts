/** The class review as printed, for the browser tests (class-review.test.ts, class-flow.test.ts). */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/**
 * The class review as printed (Chromium's print media and its PDF): the students list's rows (name,
 * ending, choices), the number cells that take more than one line, whether the map shows, and the
 * pages of the PDF (how many, how many landscape).
 */
export async function printedSheet(page: Page): Promise<{
  students: string[][];
  numberCells: number;
  wrappedNumbers: string[];
  brokenWords: string[];
  mapVisible: boolean;
  mapLabelPx: number;
  pages: number;
  landscapePages: number;
}> {
  const viewport = page.viewportSize();
  await page.emulateMedia({ media: 'print' });
  // Laid out at the width of an A4 page (794 CSS pixels), as the PDF is.
  await page.setViewportSize({ width: 794, height: 1123 });
  try {
    // The sheet repeats the dialog for paper (aria-hidden: screen readers read the dialog).
    const sheet = page.locator('.cr-print-sheet');
    const list = sheet.getByRole('table', { name: 'Students', exact: true, includeHidden: true });
    expect(await list.isVisible(), 'the students list is printed').toBe(true);
    const students = await list.evaluate((t) =>
      Array.from((t as HTMLTableElement).tBodies[0]!.rows).map((r) =>
        Array.from(r.cells).map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim()),
      ),
    );
    // The choices list is numbered by CSS counters: read it as printed.
    const paths = await list.evaluate((t) =>
      Array.from(t.querySelectorAll('ol')).map((ol) =>
        Array.from(ol.children)
          .map((li, i) => `${i + 1}. ${(li.textContent ?? '').trim()}`)
          .join(' · '),
      ),
    );
    paths.forEach((p, i) => (students[i]![2] = p));
    // A number cell is one line: its text makes one line box (no "43." over "3").
    const cells = await sheet.evaluate((el) =>
      Array.from(el.querySelectorAll('td.cr-num')).map((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
        return { text: td.textContent ?? '', lines: lines.size, visible: (td as HTMLElement).offsetParent !== null };
      }),
    );
    // A name or an ending is broken only between words (never "wait" over "ing").
    const brokenWords = await list.evaluate((t) =>
      Array.from(t.querySelectorAll('tbody th, tbody td:nth-child(2)'))
        .filter((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
          return lines > (cell.textContent ?? '').trim().split(/\s+/).length;
        })
        .map((cell) => cell.textContent ?? ''),
    );
    const map = sheet.getByRole('img', { name: 'Scenario map', exact: true, includeHidden: true });
    await map.waitFor({ state: 'attached' });
    const mapVisible = await map.isVisible();
    // The size the map's 12-pixel labels are printed at (the picture is scaled to the page).
    const mapLabelPx = await map.evaluate(
      (svg) => (12 * svg.getBoundingClientRect().width) / Number(svg.getAttribute('width')),
    );
    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    return {
      students,
      numberCells: cells.filter((c) => c.visible).length,
      wrappedNumbers: cells.filter((c) => c.visible && c.lines > 1).map((c) => c.text),
      brokenWords,
      mapVisible,
      mapLabelPx,
      pages: pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0,
      landscapePages: boxes.filter(([w, h]) => w! > h!).length,
    };
  } finally {
    if (viewport) await page.setViewportSize(viewport);
    await page.emulateMedia({ media: 'screen' });
  }
}
