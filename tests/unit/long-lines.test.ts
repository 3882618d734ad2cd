/** Issue 23, case 5: a draft with a huge line is laid out again (same data) or not opened. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EDITOR_LINE_LIMIT, longestLine, splitLongLines } from '../../src/editor/long-lines.ts';

/** A scenario-like object of about `kb` kilobytes. */
function big(kb: number) {
  const nodes: Record<string, unknown> = {};
  for (let i = 0, size = 0; size < kb * 1024; i++) {
    const node = {
      title: `Node ${i}`,
      text: 'Protests spread. '.repeat(10),
      choices: [{ id: 'a', label: 'Wait', next: `n${i + 1}` }],
    };
    nodes[`n${i}`] = node;
    size += JSON.stringify(node).length + 10;
  }
  return { format: 'crisis-room/1', id: 'big', title: 'Big', nodes };
}

describe('a draft with a line too long for the editor', () => {
  it('a 1.9 MB one-line JSON file is laid out one item per line, with the same data', () => {
    const data = big(1900);
    const text = JSON.stringify(data);
    expect(text.length).toBeGreaterThan(1900 * 1000);
    expect(longestLine(text)).toBe(text.length);
    const out = splitLongLines(text)!;
    expect(longestLine(out)).toBeLessThanOrEqual(EDITOR_LINE_LIMIT);
    expect(JSON.parse(out)).toEqual(data);
  });

  it('the same one line in a .yaml draft (YAML in flow style) is laid out too, and still reads as the same YAML', () => {
    const data = big(300);
    const out = splitLongLines(JSON.stringify(data))!;
    expect(out.split('\n').length).toBeGreaterThan(1000);
    expect(parse(out)).toEqual(data);
  });

  it('a long line that does not read as data is not laid out again', () => {
    expect(splitLongLines(`title: [${'x, '.repeat(20_000)}]`)).toBeUndefined();
    expect(splitLongLines(`{"a": ${'1'.repeat(40_000)}`)).toBeUndefined();
    // One value alone longer than the limit cannot be split either.
    expect(splitLongLines(`"${'x'.repeat(40_000)}"`)).toBeUndefined();
  });

  it('longestLine counts the longest line', () => {
    expect(longestLine('')).toBe(0);
    expect(longestLine('ab\nabcd\nc')).toBe(4);
    expect(longestLine('abc\n')).toBe(3);
  });
});
