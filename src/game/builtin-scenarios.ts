/**
 * The scenarios that ship with the game, as raw text (Vite `?raw`). Add or remove a file here:
 * the title screen lists every entry in this order.
 */
import kazakhstan from '../../scenarios/kazakhstan-2022.yaml?raw';
import template from '../../scenarios/examples/template.yaml?raw';

/** One built-in scenario file: its text and the name diagnostics report it under. */
export interface BuiltinScenarioFile {
  file: string;
  text: string;
}

/** Every built-in scenario, first one featured. */
export const BUILTIN_SCENARIOS: readonly BuiltinScenarioFile[] = [
  { file: 'scenarios/kazakhstan-2022.yaml', text: kazakhstan },
  { file: 'scenarios/examples/template.yaml', text: template },
];
