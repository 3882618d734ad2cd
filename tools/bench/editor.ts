/**
 * Bench rows of the scenario editor (issue 11): what a keystroke costs on the main thread (the
 * schema help, in YAML and JSON, and the node under the cursor on the largest built-in scenario), and how fast a
 * broken file gets its plain-language message (the YAML error path), by file size.
 */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { entryAt, hoverAt, suggestionsAt } from '../../src/editor/schema-help.ts';
import { validateScenarioText } from '../../src/scenario/validate.ts';
import { generateScenario } from '../generate-scenario.ts';
import { medianMs as median } from './timing.ts';

/** Add the editor's rows through the bench's `add(what, value)`. */
export async function benchEditor(add: (what: string, value: string) => void): Promise<void> {
  const kz = readFileSync('scenarios/kazakhstan-2022.yaml', 'utf8');
  const at = kz.indexOf('next:', kz.length / 2) + 'next: '.length;
  add(
    'editor: completion of ids at a "next:" (kazakhstan-2022.yaml)',
    `${median(20, () => suggestionsAt(kz, at)).toFixed(2)} ms`,
  );
  add('editor: hover help on a key (kazakhstan-2022.yaml)', `${median(20, () => hoverAt(kz, at - 4)).toFixed(2)} ms`);
  add('editor: node under the cursor (kazakhstan-2022.yaml)', `${median(20, () => entryAt(kz, at)).toFixed(2)} ms`);
  // The same scenario as a .json file: the forgiving JSON reader finds the cursor's place and the ids.
  const kzJson = JSON.stringify(parse(kz), null, 2);
  const atJson = kzJson.indexOf('"next": "', kzJson.length / 2) + '"next": "'.length;
  add(
    `editor: completion of ids at a "next" in JSON (kazakhstan-2022 as .json, ${(kzJson.length / 1024).toFixed(0)} KiB)`,
    `${median(20, () => suggestionsAt(kzJson, atJson, 'json')).toFixed(2)} ms`,
  );
  add(
    'editor: hover help on a key in JSON (kazakhstan-2022 as .json)',
    `${median(20, () => hoverAt(kzJson, atJson - 5, 'json')).toFixed(2)} ms`,
  );
  for (const n of [100, 1000]) {
    // Block style, as teachers write, with one unquoted meter test near the end.
    const text = stringify(generateScenario(n), { lineWidth: 0 });
    const broken = `${text}\nx-broken:\n  - { if: { order: >= 40 } }\n`;
    const ms = median(5, () => {
      const v = validateScenarioText(broken, 'broken.yaml');
      if (v.loaded || v.diagnostics[0]?.rule !== 'syntax') throw new Error('the broken file was not refused');
    });
    add(
      `editor: message for a YAML mistake, ${n} nodes (${(broken.length / 1024).toFixed(0)} KiB)`,
      `${ms.toFixed(0)} ms`,
    );
  }
}
