/**
 * On a page served over https, `connect-src` has no `http:` (issue 13): src/https-csp.ts adds a
 * second, stricter Content-Security-Policy meta at start-up, and Chromium honours it. The built game
 * is served over https here through a proxy with a self-signed certificate made at test time
 * (the `openssl` CLI); a plain-http server on loopback stands for a school-LAN scenario address.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, request, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { baseScenario } from '../hostile/inputs.ts';
import { closeBrowser, dialog, gotoTitle, openSession } from './support.ts';

let httpsServer: Server | undefined;
let plainServer: Server | undefined;
let httpsBase = '';
let plainUrl = '';
/** Requests the plain-http server received (a blocked read must never reach it). */
let plainHits = 0;
const dir = mkdtempSync(path.join(os.tmpdir(), 'crisis-room-https-'));

beforeAll(async () => {
  // A throwaway self-signed certificate for 127.0.0.1 (the browser context ignores its errors).
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const target = new URL(inject('baseUrl'));
  // https in front of the test build's own (http) server.
  httpsServer = createHttpsServer(
    { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) },
    (req, res) => {
      const up = request(
        {
          host: target.hostname,
          port: target.port,
          path: `${target.pathname.replace(/\/$/, '')}${req.url}`,
          method: req.method,
          headers: { ...req.headers, host: target.host },
        },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      req.pipe(up);
    },
  ) as unknown as Server;
  await new Promise<void>((r) => httpsServer!.listen(0, '127.0.0.1', r));
  httpsBase = `https://127.0.0.1:${(httpsServer.address() as AddressInfo).port}/`;
  const scenario = stringify(baseScenario({ id: 'lan', title: 'On the school LAN' }));
  plainServer = createHttpServer((_req, res) => {
    plainHits++;
    res.writeHead(200, { 'content-type': 'text/yaml', 'access-control-allow-origin': '*' });
    res.end(scenario);
  });
  await new Promise<void>((r) => plainServer!.listen(0, '127.0.0.1', r));
  plainUrl = `http://127.0.0.1:${(plainServer.address() as AddressInfo).port}/lan.yaml`;
});

afterAll(async () => {
  await closeBrowser();
  for (const s of [httpsServer, plainServer]) {
    s?.closeAllConnections();
    await new Promise((r) => s?.close(r));
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Read `url` from the page with fetch: its text, or the CSP directive that refused it. */
function readFromPage(url: string) {
  return `new Promise((resolve) => {
    document.addEventListener('securitypolicyviolation', (e) => resolve({ refusedBy: e.effectiveDirective, blocked: e.blockedURI }), { once: true });
    fetch(${JSON.stringify(url)}).then((r) => r.text()).then((text) => resolve({ text }), () => {});
  })`;
}

describe('connect-src on an https page', () => {
  it('over https, an http address is refused by the page policy, and ?scenario=http://… says why', async () => {
    // The throwaway certificate is trusted by the page (ignoreHTTPSErrors) but never for a service
    // worker's script, which Chromium refuses with a console error: the worker is not what this tests.
    const s = await openSession({ ignoreHTTPSErrors: true, serviceWorkers: 'block' });
    const { page } = s;
    await page.goto(httpsBase);
    await page.getByRole('heading', { level: 1, name: 'Crisis Room' }).waitFor();
    const got = (await page.evaluate(readFromPage(plainUrl))) as {
      refusedBy?: string;
      blocked?: string;
      text?: string;
    };
    expect(got).toEqual({ refusedBy: 'connect-src', blocked: plainUrl });
    expect(plainHits).toBe(0);
    // The address in ?scenario=: a message that says why, not a generic network error.
    await page.goto(`${httpsBase}?scenario=${encodeURIComponent(plainUrl)}`);
    const d = dialog(page, 'Could not load the scenario');
    await d.waitFor();
    expect(await d.textContent()).toContain(
      'this page is served over https, and browsers do not let it read an http address',
    );
    expect(plainHits).toBe(0);
    // The only console errors are Chromium's reports of the refused read.
    expect(s.errors.filter((e) => !(e.includes(plainUrl) && e.includes('Content Security Policy')))).toEqual([]);
  });

  it('over plain http (a school LAN) the same http address still loads', async () => {
    const s = await openSession();
    await gotoTitle(s);
    const got = (await s.page.evaluate(readFromPage(plainUrl))) as { text?: string };
    expect(got.text).toContain('On the school LAN');
    await gotoTitle(s, `?scenario=${encodeURIComponent(plainUrl)}`);
    await s.page.getByRole('article', { name: 'On the school LAN', exact: true }).waitFor();
    s.expectNoErrors();
  });
});
