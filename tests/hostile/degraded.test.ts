/**
 * Issue 23, the degraded list: inputs that were taken silently or differently by the two YAML
 * readers now get a clear, positioned message, and a link's file name cannot pose as another kind.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../../src/cli/main.ts';
import { readSource } from '../../src/scenario/source.ts';
import { validateScenarioText } from '../../src/scenario/validate.ts';
import { makeFragment, packText, readFragment } from '../../src/share/link.ts';
import { baseScenario } from './inputs.ts';

const VALID = stringify(baseScenario(), { lineWidth: 0 });

/** 1-based line and column of the first `needle` in `text`. */
function at(text: string, needle: string): { line: number; col: number } {
  const i = text.indexOf(needle);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

describe('encodings said, not shown as "�"', () => {
  it('a Latin-1 file is refused as not UTF-8, at the first such byte, by the CLI', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crisis-hostile-latin1-'));
    const text = VALID.replace('summary: A made-up file.', 'summary: Un fichier inventé.');
    const file = join(dir, 'latin1.yaml');
    writeFileSync(file, Buffer.from(text, 'latin1'));
    const lines: string[] = [];
    expect(runCli(['check', file], { out: (l) => lines.push(l), err: (l) => lines.push(l) })).toBe(1);
    const { line, col } = at(text, 'é');
    expect(lines[0]).toBe(
      `${file}:${line}:${col}: error: the file has bytes that are not UTF-8 here (shown as "\uFFFD"): it was probably saved as Latin-1 or Windows-1252; save it as UTF-8 (if the character is meant, remove it) [encoding]`,
    );
  });

  it('a NUL byte past the first KiB is refused at its own line', () => {
    const text = `${VALID}x-pad: "${'p'.repeat(2000)}"\nx-late: "a\u0000b"\n`;
    const d = validateScenarioText(text, 'nul.yaml').diagnostics;
    expect(d.map((x) => x.rule)).toEqual(['encoding']);
    expect(d[0]!.message).toMatch(/contains NUL bytes/);
    expect({ line: d[0]!.line, col: d[0]!.col }).toEqual(at(text, '\u0000'));
  });
});

describe('the fast YAML reader trims what YAML trims, no more', () => {
  it('an id ending in an em space (U+2003) is refused by both readers alike', () => {
    const text = VALID.replace('start: n', 'start: n\u2003');
    const fast = readSource(text, 'em.yaml', 1e7).source!.data as { start: string };
    const full = readSource(text, 'em.yaml', 1e7, true).source!.data as { start: string };
    expect(fast.start).toBe('n\u2003');
    expect(fast.start).toBe(full.start);
    expect(validateScenarioText(text, 'em.yaml').diagnostics.map((x) => x.rule)).toContain('id-format');
  });
});

describe("a link's n= file name", () => {
  const name = (n: string, text = VALID) => readFragment(`#s=${packText(text)}&n=${encodeURIComponent(n)}`)?.fileName;

  it('keeps a name whose extension fits the text', () => {
    expect(name('lesson.yaml')).toBe('lesson.yaml');
    expect(name('lesson.json', '{"a": 1}')).toBe('lesson.json');
  });

  it('gives a YAML text saved as .html a .yaml ending, drops control and bidi characters and leading dots', () => {
    expect(name('lesson.html')).toBe('lesson.html.yaml');
    expect(name('lesson.exe', '{"a": 1}')).toBe('lesson.exe.json');
    expect(name('evil\u202Elmth.yaml')).toBe('evillmth.yaml');
    expect(name('a\u0007b\u001b[2J.yml')).toBe('ab[2J.yml');
    expect(name('.bashrc')).toBe('bashrc.yaml');
  });

  it('a replay link made by the game keeps its name', () => {
    const made = makeFragment('replay', '{"format":"crisis-room-replay/1"}', 'run.replay.json');
    expect(made.ok && readFragment(made.fragment)?.fileName).toBe('run.replay.json');
  });
});
