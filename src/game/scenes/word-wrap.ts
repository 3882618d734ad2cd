/**
 * The canvas's word wrap, for every language: lines break at spaces, between the words of scripts
 * written without spaces (Chinese, Thai, ...: see src/ui/line-breaks.ts), and, for a word wider
 * than a whole line, between grapheme clusters (never inside a letter with its combining marks).
 */
import type Phaser from 'phaser';
import { graphemeEnds, wordPieces } from '../../ui/line-breaks.ts';

/** Narrowest glyph we assume (px): bounds how many characters are ever measured for one line. */
export const MIN_GLYPH_PX = 3;

/** The width of `s` drawn in the text object's font, letter spacing included. */
function measure(ctx: CanvasRenderingContext2D, s: string, spacing: number): number {
  return ctx.measureText(s).width + s.length * spacing;
}

/**
 * How many UTF-16 units of `word` (at most about `cap` characters) fit in `room` px, ending between
 * two grapheme clusters: a binary search over cluster ends, so a 20,000-character word costs a few
 * short measurements a line. At least one cluster (progress at any width).
 */
function fittingPrefix(
  ctx: CanvasRenderingContext2D,
  word: string,
  room: number,
  spacing: number,
  cap: number,
): number {
  // Only the head of the word can fit; a cluster cut by the slice is not counted.
  const head = word.slice(0, cap * 4);
  const ends = graphemeEnds(head);
  if (head.length < word.length && ends.length > 1) ends.pop();
  let lo = 0;
  let hi = Math.min(ends.length, cap) - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(ctx, word.slice(0, ends[mid]), spacing) <= room) lo = mid;
    else hi = mid - 1;
  }
  return ends[lo]!;
}

/** The pieces of one line between which it may break, each with whether a space follows it. */
function linePieces(line: string): { text: string; spaceAfter: boolean }[] {
  const words = line.split(' ');
  return words.flatMap((word, j) => {
    const pieces = wordPieces(word);
    return pieces.map((text, k) => ({ text, spaceAfter: j < words.length - 1 && k === pieces.length - 1 }));
  });
}

/**
 * The canvas's word wrap (a Phaser `wordWrap.callback`): Phaser's plain wrapping (words kept whole,
 * spaces kept), with lines also breaking between the words of Chinese, Thai and other scripts
 * written without spaces, and a word wider than a whole line broken across lines between grapheme
 * clusters, as CSS `overflow-wrap: anywhere` does, instead of running out of its panel. (Phaser's
 * "advanced" wrap also breaks words, but re-measures the whole word once per character: seconds for
 * a long one.)
 */
export function wrapText(text: string, t: Phaser.GameObjects.Text): string {
  const width = t.style.wordWrapWidth;
  if (!width) return text;
  const ctx = t.context;
  const spacing = t.letterSpacing || 0;
  const space = ctx.measureText(' ').width;
  // Past this many characters a piece is wider than any line (glyphs are at least MIN_GLYPH_PX wide).
  const cap = Math.ceil(width / MIN_GLYPH_PX) + 1;
  const out: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    let result = '';
    let left = width;
    linePieces(line).forEach((piece, j) => {
      let word = piece.text;
      let w = word.length > cap ? Number.POSITIVE_INFINITY : measure(ctx, word, spacing);
      if ((piece.spaceAfter ? w + space : w) > left && j > 0) {
        result += '\n';
        left = width;
      }
      // A word wider than the line: as much as fits on each line, the rest on the next.
      while (word.length > 1 && w > left) {
        let n = fittingPrefix(ctx, word, left, spacing, cap);
        if (n >= word.length) break;
        // Where the fitting part has a hyphen in its second half, break after it ("Konstantinova-" / "Petrova").
        const dash = word.lastIndexOf('-', n - 1);
        if (dash >= n / 2 && dash < n - 1) n = dash + 1;
        result += `${word.slice(0, n)}\n`;
        word = word.slice(n);
        left = width;
        w = word.length > cap ? Number.POSITIVE_INFINITY : measure(ctx, word, spacing);
      }
      result += word;
      if (piece.spaceAfter) {
        result += ' ';
        left -= w + space;
      } else left -= w;
    });
    out.push(result);
  }
  return out.join('\n');
}
