/**
 * Issue 20, the SCORM 1.2 package, against a real SCORM runtime: scorm-again's Scorm12API is the
 * LMS's `window.API` on a page that launches the package's index.html in a frame, as an LMS does.
 * The game initialises, reports "incomplete" and where the student stands, saves the decision path in
 * suspend_data; a new attempt resumes from it (a fresh browser, nothing in its storage), plays to the
 * debrief, reports "completed", the ending and the whole path (a replay link Class review reads), and
 * finishes when the LMS closes it. The manifest's structure is read with the browser's XML parser.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Frame } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { readShared } from '../../src/share/link.ts';
import { debriefHeading, playToDebrief } from '../../tools/bench/drive.ts';
import { ROOT } from '../../tools/bench/harness.ts';
import { closeBrowser, dialog, gotoTitle, openSession, pickFile, type Session } from './support.ts';

afterAll(closeBrowser);

const require = createRequire(import.meta.url);
const SCORM_AGAIN = readFileSync(require.resolve('scorm-again/scorm12/min'), 'utf8');
const FERRY = readFileSync(path.join(ROOT, 'tests/fixtures/teacher/outside-ferry.yaml'), 'utf8');
const LMS = 'http://lms.test/';

/** The package made through the site's UI: "Download as one file" → "Download for an LMS (SCORM)". */
async function makePackage(): Promise<Record<string, Uint8Array>> {
  const s = await openSession();
  const { page } = s;
  await gotoTitle(s);
  await pickFile(page, 'Load scenario file…', 'ferry.yaml', FERRY);
  await page
    .getByRole('article', { name: 'The Last Ferry', exact: true })
    .getByRole('button', { name: 'Download as one file', exact: true })
    .click();
  const d = dialog(page, 'Download as one file');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    d.getByRole('button', { name: 'Download for an LMS (SCORM)', exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('island-ferry-2019-scorm.zip');
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  s.expectNoErrors();
  return unzipSync(new Uint8Array(Buffer.concat(chunks)));
}

/**
 * An LMS page in a fresh browser context: scorm-again's API as `window.API` (with `cmi` preloaded),
 * and the package's launch file in a frame. Returns the session and the game's frame.
 */
async function launch(
  files: Record<string, Uint8Array>,
  launchFile: string,
  cmi: object = {},
): Promise<{ s: Session; sco: Frame }> {
  const s = await openSession();
  const lms = `<!doctype html><html><head><title>LMS</title><script src="/scorm-again.js"></script><script src="/lms.js"></script></head>
<body><iframe id="sco" title="Course" src="/package/${launchFile}" style="width:1200px;height:680px;border:0"></iframe></body></html>`;
  const lmsJs = `window.API = new Scorm12API({ autocommit: false, logLevel: 5 }); window.API.loadFromJSON(${JSON.stringify(cmi)});
window.lmsLog = []; window.API.on('LMSSetValue.cmi.*', (e, v) => lmsLog.push(e + '=' + v)); window.API.on('LMSFinish', () => lmsLog.push('LMSFinish'));`;
  await s.context.route(`${LMS}**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/lms.html') return route.fulfill({ contentType: 'text/html', body: lms });
    if (url.pathname === '/lms.js') return route.fulfill({ contentType: 'text/javascript', body: lmsJs });
    if (url.pathname === '/scorm-again.js') return route.fulfill({ contentType: 'text/javascript', body: SCORM_AGAIN });
    const file = files[url.pathname.replace('/package/', '')];
    if (url.pathname.startsWith('/package/') && file)
      return route.fulfill({ contentType: 'text/html', body: Buffer.from(file) });
    return route.fulfill({ status: 404, body: '' });
  });
  await s.page.goto(`${LMS}lms.html`);
  const sco = s.page.frame({ url: /\/package\// });
  if (!sco) throw new Error('the package did not open in the frame');
  await sco.getByRole('heading', { level: 1, name: 'Crisis Room' }).waitFor();
  return { s, sco };
}

/** A value the LMS holds now. */
const lmsValue = (s: Session, element: string) =>
  s.page.evaluate(
    (el) => (window as unknown as { API: { LMSGetValue(e: string): string } }).API.LMSGetValue(el),
    element,
  );

/** The LMS closes the activity (the frame goes away): the game finishes the attempt. */
async function closeActivity(s: Session): Promise<void> {
  await s.page.evaluate(() => document.getElementById('sco')?.remove());
}

describe('the SCORM 1.2 package', () => {
  let files: Record<string, Uint8Array> = {};

  it('has a manifest that names one SCO launching the one-file game', async () => {
    files = await makePackage();
    expect(Object.keys(files).sort()).toEqual(['imsmanifest.xml', 'index.html']);
    const s = await openSession();
    const found = await s.page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      const ns = 'http://www.imsproject.org/xsd/imscp_rootv1p1p2';
      const adlcp = 'http://www.adlnet.org/xsd/adlcp_rootv1p2';
      const one = (parent: Element | Document, name: string) => parent.getElementsByTagNameNS(ns, name)[0];
      const root = doc.documentElement;
      const orgs = one(doc, 'organizations')!;
      const org = one(orgs, 'organization')!;
      const item = one(org, 'item')!;
      const res = one(doc, 'resource')!;
      return {
        parseError: doc.getElementsByTagName('parsererror').length,
        root: `${root.namespaceURI} ${root.localName}`,
        schema: `${one(doc, 'schema')?.textContent} ${one(doc, 'schemaversion')?.textContent}`,
        defaultIsOrg: orgs.getAttribute('default') === org.getAttribute('identifier'),
        itemToResource: item.getAttribute('identifierref') === res.getAttribute('identifier'),
        title: one(org, 'title')?.textContent,
        scormType: res.getAttributeNS(adlcp, 'scormtype'),
        href: res.getAttribute('href'),
        fileHref: one(res, 'file')?.getAttribute('href'),
      };
    }, strFromU8(files['imsmanifest.xml']!));
    expect(found).toEqual({
      parseError: 0,
      root: 'http://www.imsproject.org/xsd/imscp_rootv1p1p2 manifest',
      schema: 'ADL SCORM 1.2',
      defaultIsOrg: true,
      itemToResource: true,
      title: 'The Last Ferry',
      scormType: 'sco',
      href: 'index.html',
      fileHref: 'index.html',
    });
  });

  it('initialises, saves the path, resumes from suspend_data, reports completion and the path, and finishes', async () => {
    expect(Object.keys(files), 'the first test made the package').toContain('index.html');
    // First attempt: one decision (the ferry's shortest path has two), then the LMS closes the activity.
    const first = await launch(files, 'index.html');
    expect(
      await first.s.page.evaluate(() =>
        (window as unknown as { API: { isInitialized(): boolean } }).API.isInitialized(),
      ),
    ).toBe(true);
    expect(await lmsValue(first.s, 'cmi.core.lesson_status')).toBe('incomplete');
    await first.sco
      .getByRole('article', { name: 'The Last Ferry', exact: true })
      .getByRole('button', { name: 'New game', exact: true })
      .click();
    await playToDebrief(first.sco, { steps: 1 });
    await first.sco.getByRole('group', { name: 'Choices', exact: true }).waitFor();
    const heading = await first.sco.getByRole('heading', { level: 2 }).first().textContent();
    const saved = await lmsValue(first.s, 'cmi.suspend_data');
    const location = await lmsValue(first.s, 'cmi.core.lesson_location');
    const firstPath = JSON.parse(readShared(saved).find((p) => p.kind === 'replay')!.text) as { steps: unknown[] };
    expect(firstPath.steps).toHaveLength(1);
    expect(location).not.toBe('');
    await closeActivity(first.s);
    await expect
      .poll(() =>
        first.s.page.evaluate(() => (window as unknown as { API: { isTerminated(): boolean } }).API.isTerminated()),
      )
      .toBe(true);
    // cmi.core.exit is write-only: what the game wrote, as the LMS's API heard it, before it finished.
    const log = await first.s.page.evaluate(() => (window as unknown as { lmsLog: string[] }).lmsLog);
    expect(log.filter((l) => l.startsWith('cmi.core.exit=')).at(-1)).toBe('cmi.core.exit=suspend');
    expect(log.at(-1)).toBe('LMSFinish');
    first.s.expectNoErrors();

    // Second attempt, another browser: the LMS hands back what it stored; the game resumes there.
    const second = await launch(files, 'index.html', {
      suspend_data: saved,
      core: { lesson_status: 'incomplete', lesson_location: location, entry: 'resume' },
    });
    await second.sco.getByRole('group', { name: 'Choices', exact: true }).waitFor();
    expect(await second.sco.getByRole('heading', { level: 2 }).first().textContent()).toBe(heading);
    await playToDebrief(second.sco);
    await debriefHeading(second.sco).waitFor();
    await expect.poll(() => lmsValue(second.s, 'cmi.core.lesson_status')).toBe('completed');
    const ending = await second.sco.getByRole('heading', { level: 3 }).first().textContent();
    const endingId = await lmsValue(second.s, 'cmi.core.lesson_location');
    const scenario = FERRY.slice(FERRY.indexOf('endings:'));
    expect(scenario).toContain(`id: ${endingId}`);
    expect(ending).not.toBe('');
    // The whole path, from the first decision of the first attempt: a replay link for Class review.
    const whole = JSON.parse(
      readShared(await lmsValue(second.s, 'cmi.suspend_data')).find((p) => p.kind === 'replay')!.text,
    ) as {
      format: string;
      steps: unknown[];
      ending: string;
    };
    expect(whole.format).toBe('crisis-room-replay/1');
    expect(whole.steps.slice(0, 1)).toEqual(firstPath.steps);
    expect(whole.steps.length).toBeGreaterThan(1);
    expect(whole.ending).toBe(endingId);
    await closeActivity(second.s);
    await expect
      .poll(() =>
        second.s.page.evaluate(() => (window as unknown as { API: { isTerminated(): boolean } }).API.isTerminated()),
      )
      .toBe(true);
    second.s.expectNoErrors();
  });
});
