import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { fetchScenarioText } from '../../src/teacher/intake.ts';
import { baseScenario } from './inputs.ts';
import { MiB } from './memory.ts';

let server: Server;
let base: string;
const hanging = new Set<import('node:http').ServerResponse>();

beforeAll(async () => {
  const zeros = Buffer.alloc(64 * 1024, 0x30);
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/endless') {
      // 2 GB (or more): written as long as the client reads.
      res.writeHead(200, { 'content-type': 'text/yaml' });
      const pump = () => {
        while (res.write(zeros)) if (res.destroyed) return;
      };
      res.on('drain', pump);
      res.on('close', () => res.off('drain', pump));
      pump();
    } else if (path === '/declared-huge') {
      res.writeHead(200, { 'content-type': 'text/yaml', 'content-length': String(2 * 1024 * MiB) });
      res.write(zeros);
    } else if (path === '/silent') {
      hanging.add(res); // never answers
    } else if (path === '/loop') {
      res.writeHead(302, { location: '/loop' });
      res.end();
    } else if (path === '/page') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>GitHub</title><p>A scenario page');
    } else if (path === '/page-as-text') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('\n<!DOCTYPE html>\n<html><body>Not a file</body></html>');
    } else if (path === '/ok.yaml') {
      res.writeHead(200, { 'content-type': 'text/yaml' });
      res.end(stringify(baseScenario()));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const r of hanging) r.destroy();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const opts = () => ({ pageOrigin: 'https://game.example', pageProtocol: 'http:' });

describe('?scenario= reads are bounded and explained (finding 4)', () => {
  it('stops an endless response at the scenario limit and says it is too large, holding about that much', async () => {
    const before = process.memoryUsage().rss;
    const r = await fetchScenarioText(`${base}/endless`, opts());
    const grew = process.memoryUsage().rss - before;
    expect(r.status).toBe('failed');
    expect(r.status === 'failed' && r.message).toMatch(/larger than 2 MiB, more than any scenario may be/);
    expect(grew).toBeLessThan(100 * MiB);
  });

  it('refuses a declared 2 GB body before reading it', async () => {
    const r = await fetchScenarioText(`${base}/declared-huge`, opts());
    expect(r.status === 'failed' && r.message).toMatch(/larger than 2 MiB/);
  });

  it('gives up on a server that never answers, with a clear message', async () => {
    const r = await fetchScenarioText(`${base}/silent`, { ...opts(), timeoutMs: 1000 });
    expect(r.status === 'failed' && r.message).toMatch(/did not send the file within 1 second\. Try again later/);
  });

  it('Cancel stops the wait', async () => {
    const cancel = new AbortController();
    const pending = fetchScenarioText(`${base}/silent`, { ...opts(), signal: cancel.signal });
    setTimeout(() => cancel.abort(), 50);
    expect((await pending).status).toBe('cancelled');
  });

  it('a redirect loop is called a redirect problem, not CORS', async () => {
    const r = await fetchScenarioText(`${base}/loop`, opts());
    expect(r.status === 'failed' && r.message).toMatch(/forwards \(redirects\).*loop/);
    expect(r.status === 'failed' && r.message).not.toMatch(/CORS/);
  });

  it('an HTML page is called a web page, by its type or by its first bytes', async () => {
    for (const p of ['/page', '/page-as-text']) {
      const r = await fetchScenarioText(`${base}${p}`, opts());
      expect(r.status === 'failed' && r.message).toMatch(
        /this address returned a web page, not a scenario file.*"Raw"/,
      );
    }
  });

  it('an http address from an https page is called blocked by the browser, not unreachable', async () => {
    const r = await fetchScenarioText(`${base}/ok.yaml`, { ...opts(), pageProtocol: 'https:' });
    expect(r.status === 'failed' && r.message).toMatch(/served over https.*do not let it read an http address/);
  });

  it('still loads a plain file', async () => {
    const r = await fetchScenarioText(`${base}/ok.yaml`, opts());
    expect(r.status).toBe('ok');
    expect(r.status === 'ok' && r.text).toContain('format: crisis-room/1');
  });
});
