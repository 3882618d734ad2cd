/**
 * Where a line of text may break, for every language: grapheme clusters (a letter with its
 * combining marks, an emoji sequence) are never split, and words of scripts written without spaces
 * (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) break at the word boundaries `Intl.Segmenter`
 * finds, never before closing punctuation such as "。" or "，" nor after an opening one such as "「".
 * Pure (no DOM): the canvas word wrap and the scenario map's SVG titles both use it.
 */

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Scripts written without spaces between words: a line may break between their words. */
const NO_SPACE_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** Punctuation a line never starts with (closing brackets and quotes, "。", "，", "！"). */
const NO_LINE_START = /^[\p{Pe}\p{Pf}\p{Po}]/u;
/** Punctuation a line never ends with (opening brackets and quotes, "「", "（"). */
const NO_LINE_END = /[\p{Ps}\p{Pi}]$/u;
/** Characters shown about twice as wide as a Latin letter. */
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff01-\uff60]/u;

/** The grapheme clusters of `s` in order (what a reader counts as one character each). */
export function graphemes(s: string): string[] {
  return Array.from(graphemeSegmenter.segment(s), (g) => g.segment);
}

/** Text in which every UTF-16 unit is a grapheme cluster of its own (Latin, Greek, Cyrillic without marks). */
const ONE_UNIT_CLUSTERS = /^[\x20-\x7e\xa0-\u02ff\u0370-\u0482\u048a-\u052f]*$/;

/** The offsets (in UTF-16 units) at which each grapheme cluster of `s` ends, ascending; the last is s.length. */
export function graphemeEnds(s: string): number[] {
  // The common case needs no segmenter: a long word is measured line after line.
  if (ONE_UNIT_CLUSTERS.test(s)) return Array.from({ length: s.length }, (_, i) => i + 1);
  return Array.from(graphemeSegmenter.segment(s), (g) => g.index + g.segment.length);
}

/**
 * A word (a run of text without spaces) cut at the places a line may break inside it: one piece
 * for Latin, Cyrillic and other spaced scripts; word by word for Chinese, Japanese, Thai and the
 * like. The pieces joined give the word back.
 */
export function wordPieces(word: string): string[] {
  if (!NO_SPACE_SCRIPT.test(word)) return [word];
  const pieces: string[] = [];
  for (const { segment } of wordSegmenter.segment(word)) {
    const prev = pieces[pieces.length - 1];
    const breakable =
      prev !== undefined &&
      (NO_SPACE_SCRIPT.test(prev.slice(-2)) || NO_SPACE_SCRIPT.test(segment.slice(0, 2))) &&
      !NO_LINE_START.test(segment) &&
      !NO_LINE_END.test(prev);
    if (prev !== undefined && !breakable) pieces[pieces.length - 1] = prev + segment;
    else pieces.push(segment);
  }
  return pieces;
}

/** How wide `s` reads in Latin letters: a Chinese, Japanese or Korean character counts two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const g of graphemes(s)) w += WIDE.test(g) ? 2 : 1;
  return w;
}

/** The longest start of `s` at most `width` wide (see `displayWidth`), cut between grapheme clusters. */
export function prefixWithin(s: string, width: number): string {
  let w = 0;
  let end = 0;
  for (const g of graphemes(s)) {
    w += WIDE.test(g) ? 2 : 1;
    if (w > width) break;
    end += g.length;
  }
  return s.slice(0, end);
}
