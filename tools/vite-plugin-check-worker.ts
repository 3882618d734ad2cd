/**
 * Vite plugin (production build only): build the check worker (src/teacher/check-worker.ts) as an
 * entry of the page's own build instead of a separate worker bundle, so it shares the chunks it has
 * in common with the page (the checker, yaml, zod, xstate) rather than repeating them. The worker
 * stays a same-origin module file (`script-src 'self'` allows it); the dev server and the tests
 * keep Vite's usual `new Worker(new URL('./check-worker.ts', import.meta.url))`.
 */
import path from 'node:path';
import type { Plugin } from 'vite';

const WORKER_URL_SOURCE = "new URL('./check-worker.ts', import.meta.url)";
const PLACEHOLDER = '__CRISIS_ROOM_CHECK_WORKER_FILE__';

/** The plugin; `root` is the project root (where src/teacher/ is). */
export function sharedCheckWorker(root: string): Plugin {
  const worker = path.join(root, 'src/teacher/check-worker.ts');
  const creator = path.join(root, 'src/teacher/full-check.ts');
  let ref: string | undefined;
  return {
    name: 'crisis-room:shared-check-worker',
    apply: 'build',
    enforce: 'pre',
    buildStart() {
      ref = this.emitFile({ type: 'chunk', id: worker, name: 'check-worker' });
    },
    transform(code, id) {
      if (id !== creator) return null;
      if (!code.includes(WORKER_URL_SOURCE))
        this.error(`${creator} no longer creates the worker with ${WORKER_URL_SOURCE}: update this plugin`);
      // A variable, not a string literal, so Vite's own worker plugin leaves it alone.
      return {
        code: `const __checkWorkerFile = ${JSON.stringify(PLACEHOLDER)};\n${code.replace(WORKER_URL_SOURCE, 'new URL(__checkWorkerFile, import.meta.url)')}`,
        map: null,
      };
    },
    renderChunk(code, chunk) {
      if (!ref || !code.includes(PLACEHOLDER)) return null;
      const file = this.getFileName(ref);
      const rel = path.posix.relative(path.posix.dirname(chunk.fileName), file);
      return { code: code.replaceAll(PLACEHOLDER, rel.startsWith('.') ? rel : `./${rel}`), map: null };
    },
  };
}
