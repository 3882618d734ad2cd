import { defineConfig } from 'vitest/config';
import { builtinScenarios } from './tools/vite-plugin-builtin-scenarios.ts';
import { sharedCheckWorker } from './tools/vite-plugin-check-worker.ts';

// Slow Node tests (property tests, the 5,000-node limits, the full proof of the built-in scenario,
// encoding every sound to MP3): their own project, which `npm test` and CI still run;
// `npm run test:unit` stays quick.
const SLOW_TESTS = [
  'tests/slow/**/*.test.ts',
  'tests/unit/property.test.ts',
  'tests/unit/kazakhstan.test.ts',
  'tests/unit/sounds.test.ts',
];

// One config for the dev server, the production build and both test projects.
export default defineConfig({
  base: './',
  // `?scenario` imports: the built-in scenarios checked at build time (no YAML parsing at start-up).
  // The check worker is built with the page so they share chunks (production builds only).
  plugins: [builtinScenarios(), sharedCheckWorker(import.meta.dirname)],
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        // Phaser is large and changes rarely: keep it in its own cacheable chunk. Every other library
        // gets a `vendor-<name>` chunk of its own, never one shared vendor chunk: a chunk that mixes a
        // start-up library (xstate) with lazily loaded ones (yaml, zod, howler, codemirror…) would
        // pull them all into the start-up (docs/bench.md, "Keeping the start-up small").
        manualChunks(id: string) {
          if (id.includes('node_modules/phaser')) return 'phaser';
          if (id.endsWith('?scenario')) return 'builtin-scenarios';
          const lib = /node_modules\/(?:@([^/]+)|([^/]+))/.exec(id);
          return lib ? `vendor-${lib[1] ?? lib[2]}` : undefined;
        },
      },
    },
  },
  server: { port: 5173 },
  preview: { port: 4173 },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          exclude: SLOW_TESTS,
          environment: 'node',
          globalSetup: ['tests/cli-global-setup.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // Hostile and unlucky input (issue 13): memory ceilings, limits and nothing lost silently.
        extends: true,
        test: { name: 'hostile', include: ['tests/hostile/**/*.test.ts'], environment: 'node', testTimeout: 120_000 },
      },
      {
        // The live class (issue 18): the server as real child processes, kill -9, Redis, hostile clients.
        extends: true,
        test: {
          name: 'live',
          include: ['tests/live/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: SLOW_TESTS,
          environment: 'node',
          testTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/browser/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
