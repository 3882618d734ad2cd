/**
 * Positions: every key and value of a scenario file can be located in its source, YAML and JSON
 * alike, so diagnostics point at the offending key or value. Checked against the text itself.
 * Also the strict JSON reader against the platform's JSON.parse.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { readSource } from '../../src/scenario/source.ts';
import { parseJsonWithPositions } from '../../src/scenario/json-source.ts';
import { FIXTURES, TEMPLATE, read } from './helpers.ts';

type Path = (string | number)[];

function* walk(v: unknown, path: Path = []): Generator<{ path: Path; value: unknown; isKey: boolean }> {
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) yield* walk(x, [...path, i]);
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      yield { path: [...path, k], value: k, isKey: true };
      yield* walk(x, [...path, k]);
    }
  } else yield { path, value: v, isKey: false };
}

function textAt(text: string, p: { line: number; col: number }): string {
  return (text.split('\n')[p.line - 1] ?? '').slice(p.col - 1);
}

describe('locate: every key and value of the template, in the text', () => {
  it('YAML: keys at the key, scalar values at the value', () => {
    const text = read(TEMPLATE);
    const src = readSource(text, 'template.yaml', 2 * 1024 * 1024).source!;
    let n = 0;
    for (const { path, value, isKey } of walk(src.data)) {
      const at = textAt(text, src.locate(path, isKey));
      const where = `${path.join('.')} -> ${JSON.stringify(at.slice(0, 40))}`;
      if (isKey) expect(at.startsWith(String(value)), where).toBe(true);
      else if (typeof value === 'string') {
        const firstLine = value.split('\n')[0]!;
        const ok =
          at.startsWith(firstLine) ||
          at.startsWith('"' + firstLine.slice(0, 10)) ||
          at.startsWith("'" + firstLine.slice(0, 10)) ||
          /^[|>]/.test(at);
        expect(ok, where).toBe(true);
      } else expect(at.startsWith(String(value)), where).toBe(true);
      n++;
    }
    expect(n).toBeGreaterThan(150);
  });

  it('JSON: keys at the opening quote of the key, values at their first character', () => {
    const text = read(join(FIXTURES, 'valid', 'template.json'));
    const src = readSource(text, 'template.json', 2 * 1024 * 1024).source!;
    let n = 0;
    for (const { path, value, isKey } of walk(src.data)) {
      const at = textAt(text, src.locate(path, isKey));
      expect(at.startsWith(JSON.stringify(value)), `${path.join('.')} -> ${JSON.stringify(at.slice(0, 40))}`).toBe(
        true,
      );
      n++;
    }
    expect(n).toBeGreaterThan(150);
  });

  it('JSON on one line (minified): columns still exact', () => {
    const text = JSON.stringify(JSON.parse(read(join(FIXTURES, 'valid', 'template.json'))));
    const src = readSource(text, 't.json', 2 * 1024 * 1024).source!;
    for (const { path, value, isKey } of walk(src.data)) {
      const p = src.locate(path, isKey);
      expect(p.line).toBe(1);
      expect(text.slice(p.col - 1).startsWith(JSON.stringify(value)), path.join('.')).toBe(true);
    }
  });

  it('a missing path falls back to the nearest existing ancestor', () => {
    const text = read(TEMPLATE);
    const src = readSource(text, 'template.yaml', 2 * 1024 * 1024).source!;
    expect(src.locate(['nodes', 0, 'nope'])).toEqual(src.locate(['nodes', 0]));
    expect(src.locate(['nodes', 99])).toEqual(src.locate(['nodes']));
  });
});

describe('the strict JSON reader agrees with JSON.parse', () => {
  it('on every valid JSON text: the same data', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.constantFrom(undefined, 0, 1, 2, '\t', '\r\n'), (v, indent) => {
        const text = JSON.stringify(v, null, indent as never);
        expect(parseJsonWithPositions(text).data).toEqual(JSON.parse(text));
      }),
      { numRuns: 2000, seed: 3 },
    );
  });

  it('on strings with odd characters and escapes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const text = JSON.stringify({ s, [s]: [s] });
        expect(parseJsonWithPositions(text).data).toEqual(JSON.parse(text));
      }),
      { numRuns: 1000, seed: 4 },
    );
  });

  it('on random text: accepts exactly what JSON.parse accepts', () => {
    const unit = fc.constantFrom(
      ...'{}[]",:0123456789.eE+-tfnrul \n\t\\/"ab'.split(''),
      '\\u00e9',
      '\\uD83D',
      '\u2028',
      '\u0000',
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 24 }), (s) => {
        let platform = true;
        let ours = true;
        try {
          JSON.parse(s);
        } catch {
          platform = false;
        }
        try {
          parseJsonWithPositions(s);
        } catch {
          ours = false;
        }
        expect(ours, JSON.stringify(s)).toBe(platform);
      }),
      { numRuns: 20_000, seed: 5 },
    );
  });

  it('numbers: the same values as JSON.parse, including exponents and negative zero', () => {
    for (const t of ['0', '-0', '1e3', '1E+3', '-1.5e-3', '123456789012345678901234567890', '0.1', '1e400', '-1e400']) {
      expect(Object.is(parseJsonWithPositions(t).data, JSON.parse(t)), t).toBe(true);
    }
    for (const t of ['01', '1.', '.5', '+1', '1e', '-', '0x10', 'NaN', 'Infinity'])
      expect(() => parseJsonWithPositions(t), t).toThrow();
  });
});
