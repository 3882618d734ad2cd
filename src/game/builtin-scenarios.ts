/**
 * The scenarios that ship with the game, checked at build time (`?scenario`, see
 * tools/vite-plugin-builtin-scenarios.ts): the start-up parses no YAML and loads no checker. Add or
 * remove a file here: the title screen lists every entry in this order.
 */
import kazakhstan from '../../scenarios/kazakhstan-2022.yaml?scenario';
import armenia from '../../scenarios/armenia-2022.yaml?scenario';
import template from '../../scenarios/examples/template.yaml?scenario';
import type { Diagnostic } from '../scenario/diagnostics.ts';
import type { Scenario } from '../scenario/schema.ts';

/** One built-in scenario: its validated data, sha256 and warnings, and the file it came from. */
export interface BuiltinScenario {
  /** The file's path relative to the project root, as diagnostics name it. */
  file: string;
  scenario: Scenario;
  /** sha256 of the scenario's canonical JSON, exactly as `validateScenarioText` computes it. */
  sha256: string;
  /** The checker's warnings for the file (errors fail the build). */
  warnings: Diagnostic[];
}

/**
 * A built-in entry named by its file. Pure: a build that lists no built-in scenario (the one-file
 * game, issue 20) leaves their data out of the file (an object spread at the top level would keep it).
 */
const entry = (s: BuiltinScenario, named: { file: string }): BuiltinScenario => ({ ...s, file: named.file });

/** Every built-in scenario, first one featured (tools/bench/drive.ts reads the first `file:` below). */
export const BUILTIN_SCENARIOS: readonly BuiltinScenario[] = [
  /* @__PURE__ */ entry(kazakhstan, { file: 'scenarios/kazakhstan-2022.yaml' }),
  /* @__PURE__ */ entry(armenia, { file: 'scenarios/armenia-2022.yaml' }),
  /* @__PURE__ */ entry(template, { file: 'scenarios/examples/template.yaml' }),
];
