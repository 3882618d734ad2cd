// Builds the command line into one prebundled file, so `crisis-room` starts as plain Node
// (no TypeScript loader, no module resolution across node_modules at every start).
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The built CLI; git ignores it, and it is rebuilt whenever a source is newer. */
export const BUILT_CLI = join(root, 'dist-cli', 'crisis-room.mjs');
const ENTRY = join(root, 'src', 'cli', 'main.ts');
// What the bundle is made from: the sources, the locked dependencies and this script.
const INPUTS = [join(root, 'src'), join(root, 'package-lock.json'), fileURLToPath(import.meta.url)];

/** Newest modification time under a file or folder, in ms. */
function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const t = newestMtime(join(path, e.name));
    if (t > newest) newest = t;
  }
  return newest;
}

/** Whether the built CLI is missing or older than any file it is built from. */
export function cliIsStale() {
  let built;
  try {
    built = statSync(BUILT_CLI).mtimeMs;
  } catch {
    return true;
  }
  return INPUTS.some((p) => newestMtime(p) > built);
}

/** Bundle src/cli/main.ts and its dependencies into BUILT_CLI (written whole, then renamed into place). */
export async function buildCli() {
  const { build } = await import('esbuild');
  mkdirSync(dirname(BUILT_CLI), { recursive: true });
  const tmp = `${BUILT_CLI}.${process.pid}.tmp`;
  await build({
    entryPoints: [ENTRY],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // CommonJS dependencies (yaml's Node build) call require(); an ES module has none of its own.
    banner: {
      js: [
        '// Built by bin/build-cli.js from src/cli/main.ts; do not edit.',
        "import { createRequire as __cliRequire } from 'node:module';",
        'const require = __cliRequire(import.meta.url);',
      ].join('\n'),
    },
  });
  renameSync(tmp, BUILT_CLI);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
}
