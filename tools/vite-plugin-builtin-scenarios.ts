/**
 * Vite plugin: `import s from '…/file.yaml?scenario'` checks the scenario file at build time and
 * gives the validated data, its sha256 and its warnings, so the game's start-up parses no YAML and
 * loads no yaml, zod or checker code for the built-in scenarios. A file with errors fails the build
 * (and shows in the dev server's overlay) with the checker's own messages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import type { BuiltinScenario as PrecompiledScenario } from '../src/game/builtin-scenarios.ts';
import { formatDiagnostic } from '../src/scenario/diagnostics.ts';
import { validateScenarioText } from '../src/scenario/validate.ts';

const QUERY = '?scenario';

/** Validate a scenario file and return its precompiled form; throws with the checker's messages on errors. */
export function precompileScenario(absFile: string, root: string): PrecompiledScenario {
  const file = path.relative(root, absFile).split(path.sep).join('/');
  const v = validateScenarioText(readFileSync(absFile, 'utf8'), file);
  if (!v.loaded)
    throw new Error(`built-in scenario ${file} has errors:\n${v.diagnostics.map(formatDiagnostic).join('\n')}`);
  return { file, scenario: v.loaded.scenario, sha256: v.loaded.sha256, warnings: v.diagnostics };
}

/** The module text for a precompiled scenario: one JSON.parse of a string literal (faster to start than an object literal). */
export function scenarioModuleCode(p: PrecompiledScenario): string {
  return `export default JSON.parse(${JSON.stringify(JSON.stringify(p))});\n`;
}

/** The plugin: resolves `<file>?scenario` imports to their precompiled data. */
export function builtinScenarios(): Plugin {
  let root = process.cwd();
  return {
    name: 'crisis-room:builtin-scenarios',
    enforce: 'pre',
    configResolved(config) {
      root = config.root;
    },
    load(id) {
      if (!id.endsWith(QUERY)) return null;
      const abs = id.slice(0, -QUERY.length);
      this.addWatchFile(abs);
      try {
        // Data only: a build that never reads it (the one-file game) leaves it out.
        return { code: scenarioModuleCode(precompileScenario(abs, root)), map: null, moduleSideEffects: false };
      } catch (e) {
        this.error((e as Error).message);
      }
    },
  };
}
