/**
 * Global setup of the "browser" test project: build the game once into a unique directory under
 * `.tmp/`, serve it with Vite's preview server on a free port, and hand its URL to the tests
 * (`inject('baseUrl')`). The returned function stops the server and removes the build.
 */
import type { TestProject } from 'vitest/node';
import { buildAndServe } from '../../tools/bench/harness.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The built site's folder (the live-class test serves it with the live server). */
    buildDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const served = await buildAndServe('browser-tests');
  project.provide('baseUrl', served.url);
  project.provide('buildDir', served.outDir);
  return async () => {
    await served.close();
  };
}
