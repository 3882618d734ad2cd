import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkScenarioText } from '../../src/analysis/check.ts';

const TEMPLATE = readFileSync('scenarios/examples/template.yaml', 'utf8');

/** The template with another `language:` value, checked; the diagnostics about that line. */
function languageProblems(tag: string) {
  const text = TEMPLATE.replace(/^language: .*$/m, `language: "${tag}"`);
  const line = text.split('\n').findIndex((l) => l.startsWith('language:')) + 1;
  return checkScenarioText(text, 'lang.yaml').diagnostics.filter((d) => d.line === line);
}

describe('language: a BCP 47 tag (RFC 5646)', () => {
  it.each([
    'en',
    'en-GB',
    'kk',
    'zh-Hant-TW',
    'es-419',
    'de-CH-1901',
    'sgn-BE-FR',
    'en-x-class7',
    'x-klingon',
    'i-klingon',
  ])('accepts %s', (tag) => {
    expect(languageProblems(tag)).toEqual([]);
  });

  it.each(['english', 'x', 'i', 'e', 'en_GB', 'en-', '-en', 'x-', 'en-toolongsubtag'])(
    'refuses %s where it is written, as value-format',
    (tag) => {
      const found = languageProblems(tag);
      expect(found.map((d) => d.rule)).toEqual(['value-format']);
      expect(found[0]!.message).toContain('BCP 47');
    },
  );
});
