/**
 * For the offline tests and screenshots (issue 20): build the site with a mark in index.html (two
 * marks: two versions of the site), and serve a directory as it is on disk at each request (a deploy
 * replaces the files under a running site, which Vite's preview server does not follow).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build, type Plugin } from 'vite';
import { ROOT } from './harness.ts';

/** Build the site into `outDir` with `mark` as a comment in index.html (a changed file: a new version); `oneFile` keeps the one-file shell. */
export async function buildVersion(outDir: string, mark: string, oneFile = false): Promise<void> {
  const marker: Plugin = {
    name: 'test:version-mark',
    transformIndexHtml: (html) => html.replace('</head>', `<!-- ${mark} --></head>`),
  };
  if (!oneFile) process.env.CRISIS_ROOM_SKIP_ONE_FILE = '1';
  try {
    await build({
      configFile: path.join(ROOT, 'vite.config.ts'),
      root: ROOT,
      logLevel: 'warn',
      plugins: [marker],
      build: { outDir, emptyOutDir: true, rolldownOptions: { checks: { bundlerTimings: false } } },
    });
  } finally {
    delete process.env.CRISIS_ROOM_SKIP_ONE_FILE;
  }
}

/** Serve a directory as it is on disk at each request (a deploy replaces the files under a running site). */
export async function serveLive(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.json': 'application/json',
    '.webmanifest': 'application/manifest+json',
    '.svg': 'image/svg+xml',
    '.mp3': 'audio/mpeg',
  };
  const server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': types[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}
