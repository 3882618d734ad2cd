/**
 * Vite plugins for the one-file game (issue 20). `npm run build:single` (`vite build --mode single`)
 * builds the game's shell as one HTML file with `vite-plugin-singlefile`; `oneFileCsp` then makes the
 * page's Content-Security-Policy allow exactly its inline script (a sha256 hash, never
 * 'unsafe-inline') and adds the empty data block the download fills in with scenarios (as JSON
 * data, never as code). `oneFileShellAsset` runs that single-file build inside the normal build and
 * puts the shell beside the site (`crisis-room-one-file.html`), so the site's "Download as one file"
 * can fetch it (and the service worker precaches it: it works offline too).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { build, type Plugin } from 'vite';

/** The file name of the one-file shell in the normal build. */
export const ONE_FILE_SHELL = 'crisis-room-one-file.html';
/** The id of the JSON data block the download fills in (src/offline/one-file-data.ts reads it). */
export const ONE_FILE_DATA_ID = 'crisis-room-one-file';

/** After vite-plugin-singlefile: hash-allow the inline scripts in the CSP meta, add the data block. */
export function oneFileCsp(): Plugin {
  return {
    name: 'crisis-room:one-file-csp',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const html = bundle['index.html'];
        if (html?.type !== 'asset' || typeof html.source !== 'string')
          return this.error('the one-file build has no index.html');
        let source = html.source;
        const hashes = [...source.matchAll(/<script type="module"[^>]*>([\s\S]*?)<\/script>/g)].map(
          (m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`,
        );
        if (!hashes.length) return this.error('the one-file build has no inline script to allow');
        if (/<script[^>]+src=/.test(source)) return this.error('the one-file build still loads a script file');
        if (!source.includes("script-src 'self'"))
          return this.error("index.html's CSP no longer says script-src 'self'");
        source = source.replace("script-src 'self'", `script-src ${hashes.join(' ')}`);
        // The data block: JSON the page reads with JSON.parse (a type the browser never runs). Before the
        // page's own </body>, the last one (the game's code has the string "</body>" in it too).
        const end = source.lastIndexOf('</body>');
        if (end < 0) return this.error('the one-file build has no </body>');
        source = `${source.slice(0, end)}<script type="application/json" id="${ONE_FILE_DATA_ID}">null</script>\n${source.slice(end)}`;
        html.source = source;
      },
    },
  };
}

/** Build the one-file shell (mode `single`) in memory and return its HTML. */
export async function buildOneFileShell(root: string): Promise<string> {
  const out = await build({
    configFile: path.join(root, 'vite.config.ts'),
    root,
    mode: 'single',
    logLevel: 'warn',
    clearScreen: false,
    build: { write: false, rolldownOptions: { checks: { bundlerTimings: false } } },
  });
  const outputs = Array.isArray(out) ? out : [out];
  for (const o of outputs) {
    if (!('output' in o)) continue;
    const html = o.output.find((f) => f.fileName === 'index.html');
    if (html && html.type === 'asset') return String(html.source);
  }
  throw new Error('the one-file build produced no index.html');
}

/**
 * In the normal build: the one-file shell as an asset of the site (`crisis-room-one-file.html`).
 * `CRISIS_ROOM_SKIP_ONE_FILE=1` leaves it out (a test that builds the site twice and needs no shell).
 */
export function oneFileShellAsset(root: string): Plugin {
  return {
    name: 'crisis-room:one-file-shell-asset',
    apply: 'build',
    async generateBundle() {
      if (process.env.CRISIS_ROOM_SKIP_ONE_FILE === '1') return;
      this.emitFile({ type: 'asset', fileName: ONE_FILE_SHELL, source: await buildOneFileShell(root) });
    },
  };
}
