/** Issue 23 (degraded): a bidi override in a scenario text stays inside that text. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { closeBidi, closeBidiDeep } from '../../src/scenario/text.ts';
import { TEMPLATE } from './helpers.ts';

const RLO = '\u202e';
const PDF = '\u202c';
const RLI = '\u2067';
const PDI = '\u2069';

describe('bidi controls in scenario text are closed where the text ends', () => {
  it('an unclosed override or isolate is closed at the end, innermost first', () => {
    expect(closeBidi(`abc${RLO}def`)).toBe(`abc${RLO}def${PDF}`);
    expect(closeBidi(`${RLI}a${RLO}b`)).toBe(`${RLI}a${RLO}b${PDF}${PDI}`);
  });
  it('a closed pair is kept as written, and a stray closer is dropped', () => {
    expect(closeBidi(`a${RLO}b${PDF}c`)).toBe(`a${RLO}b${PDF}c`);
    expect(closeBidi(`a${PDF}b${PDI}`)).toBe('ab');
    // A PDI closes the embeddings opened inside its isolate first.
    expect(closeBidi(`${RLI}a${RLO}b${PDI}c`)).toBe(`${RLI}a${RLO}b${PDF}${PDI}c`);
  });
  it('text without controls is untouched, and the same object comes back', () => {
    const o = { a: ['x', { b: 'y' }] };
    expect(closeBidiDeep(o)).toBe(o);
    expect(closeBidi('Protests spread.')).toBe('Protests spread.');
  });
  it('a scenario whose choice label holds an override plays with the label closed', () => {
    const text = readFileSync(TEMPLATE, 'utf8').replace(/title: "([^"]*)"/, `title: "$1 ${RLO}reversed"`);
    const checked = checkScenarioText(text, 'bidi.yaml');
    expect(checked.compiled).toBeDefined();
    expect(checked.compiled!.scenario.title.endsWith(`${RLO}reversed${PDF}`)).toBe(true);
  });
});
