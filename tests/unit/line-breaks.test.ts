/**
 * Line breaking for every language: the canvas word wrap (src/game/scenes/word-wrap.ts) and the
 * scenario map's titles (src/scenario-map/layout.ts) break Chinese and Thai between words, never
 * before "。" or "，", keep Kazakh Cyrillic words whole, and never split a letter from its marks.
 */
import type Phaser from 'phaser';
import { describe, expect, it } from 'vitest';
import { wrapText } from '../../src/game/scenes/word-wrap.ts';
import { titleLines } from '../../src/scenario-map/layout.ts';
import { displayWidth, wordPieces } from '../../src/ui/line-breaks.ts';

/** Width in px of a string in the fake font: 10 per character, 0 for a combining mark, 20 for a CJK character. */
const px = (s: string) =>
  [...s].reduce((w, ch) => w + (/\p{M}/u.test(ch) ? 0 : /\p{Script=Han}|[。，！]/u.test(ch) ? 20 : 10), 0);

/** A stand-in for a Phaser Text: only what wrapText reads (wrap width, canvas context, letter spacing). */
function fakeText(wordWrapWidth: number): Phaser.GameObjects.Text {
  return {
    style: { wordWrapWidth },
    context: { measureText: (s: string) => ({ width: px(s) }) },
    letterSpacing: 0,
  } as unknown as Phaser.GameObjects.Text;
}

const wrap = (text: string, width: number) => wrapText(text, fakeText(width)).split('\n');

describe('canvas word wrap (wrapText)', () => {
  it('breaks Chinese between words, within the width, never before "。" or "，"', () => {
    const text = '我们今天去北京大学。你好，世界！';
    const lines = wrap(text, 120);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join('')).toBe(text);
    for (const l of lines) {
      expect(px(l), l).toBeLessThanOrEqual(120);
      expect(l, 'a line starts with closing punctuation').not.toMatch(/^[。，！]/);
    }
    // 北京 (Beijing) and 大学 (university) are words: never cut in two.
    expect(lines.some((l) => l.endsWith('北') || l.endsWith('大'))).toBe(false);
  });

  it('breaks Thai (no spaces between words) only between whole words', () => {
    const words = ['สวัสดี', 'ครับ', 'วัน', 'นี้', 'อากาศ', 'ดี', 'มาก'];
    const lines = wrap(words.join(''), 60);
    expect(lines.length).toBeGreaterThan(1);
    let rest = words;
    for (const l of lines) {
      // Each line is a run of whole words, in order.
      let k = 0;
      let acc = '';
      while (acc.length < l.length) acc += rest[k++];
      expect(acc, `"${l}" is not made of whole words`).toBe(l);
      rest = rest.slice(k);
      expect(l).not.toMatch(/^\p{M}/u);
    }
    expect(rest).toEqual([]);
  });

  it('keeps Kazakh Cyrillic words whole and breaks at spaces', () => {
    const text = 'Қазақстан Республикасының Президенті Қасым-Жомарт Тоқаев';
    const lines = wrap(text, 200);
    expect(lines.map((l) => l.trim())).toEqual(['Қазақстан', 'Республикасының', 'Президенті', 'Қасым-Жомарт Тоқаев']);
    expect(wordPieces('Республикасының')).toEqual(['Республикасының']);
  });

  it('breaks a word wider than the line between letters, never between a letter and its combining marks', () => {
    const letter = 'a\u0301\u0302\u0323'; // one letter with three marks: four UTF-16 units
    const word = letter.repeat(12);
    const lines = wrap(word, 30);
    expect(lines.join('')).toBe(word);
    expect(lines).toEqual([letter.repeat(3), letter.repeat(3), letter.repeat(3), letter.repeat(3)]);
  });
});

describe('scenario map titles (titleLines)', () => {
  it('breaks a Chinese title without spaces into lines of at most 22 Latin letters wide', () => {
    const title = '哈萨克斯坦总统托卡耶夫宣布全国进入紧急状态';
    const lines = titleLines(title);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(displayWidth(l.replace(/…$/, ''))).toBeLessThanOrEqual(22);
    expect(lines.join('')).toBe(title);
  });

  it('breaks a Thai title between words', () => {
    const title = 'สวัสดีครับวันนี้อากาศดีมากสวัสดีครับวันนี้';
    const lines = titleLines(title);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(title);
    for (const l of lines) expect(l).not.toMatch(/^\p{M}/u);
  });

  it('cuts a long word with "…" after a whole letter and its marks', () => {
    const lines = titleLines('e\u0301'.repeat(40));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^(e\u0301)+…$/u);
  });

  it('keeps Kazakh titles breaking at spaces', () => {
    expect(titleLines('Жаңаөзендегі газ бағасы көтерілді')).toEqual(['Жаңаөзендегі газ', 'бағасы көтерілді']);
  });
});
