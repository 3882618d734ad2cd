/**
 * A forgiving JSON reader for the editor's help while the teacher types: it never throws, closes
 * whatever is still open at the end, ends an unclosed string at its line break (JSON strings never
 * span lines), and skips stray commas, colons and brackets. It gives back what it could read and,
 * for a cursor offset, where the cursor is: in which key of which object, typing a key or a value.
 * Strict reading (with exact errors) is src/scenario/json-source.ts; this one only has to guess well.
 */

/** One open container while reading: an object (with the key being filled) or a list. */
interface Frame {
  kind: 'object' | 'array';
  value: Record<string, unknown> | unknown[];
  /** In an object: the last key read (whose value comes next, or came last). */
  key?: string;
  /** What the container waits for next. */
  expect: 'key' | 'colon' | 'value' | 'comma';
}

/** Where the cursor is in a JSON text, as far as completion and hover need to know. */
export interface JsonCursor {
  /** Keys from the top object down to the innermost object or list that holds the cursor. */
  keys: string[];
  /** The innermost container: an object or a list (undefined at the top, outside any). */
  container?: 'object' | 'array';
  /** What the container waits for at the cursor. */
  expect: 'key' | 'colon' | 'value' | 'comma';
  /** The key whose value is typed (in an object waiting for a value). */
  key?: string;
  /** The cursor is inside a string that opened at this offset (its `"`). */
  inString?: number;
  /** The cursor is at the end of a bare word (no quotes yet) that starts at this offset. */
  inWord?: number;
}

const WORD = /[^\s,:{}[\]"]/;

/**
 * Read `text` up to `end` (the whole text by default), forgivingly. Returns the value read and,
 * for the offset `end`, where reading stood.
 */
export function readLenientJson(text: string, end = text.length): { value: unknown; cursor: JsonCursor } {
  const stack: Frame[] = [];
  let top: unknown;
  let topSet = false;
  let inString: number | undefined;
  let inWord: number | undefined;

  const place = (v: unknown, asKey: boolean): void => {
    const f = stack[stack.length - 1];
    if (!f) {
      if (!topSet) {
        top = v;
        topSet = true;
      }
      return;
    }
    if (f.kind === 'array') {
      (f.value as unknown[]).push(v);
      f.expect = 'comma';
      return;
    }
    // In an object: a string where a key is due (or after a value, a comma forgotten) is a key.
    if (asKey && (f.expect === 'key' || f.expect === 'comma')) {
      f.key = String(v);
      f.expect = 'colon';
      return;
    }
    if (f.expect === 'value' && f.key !== undefined) {
      (f.value as Record<string, unknown>)[f.key] = v;
      f.expect = 'comma';
    }
  };

  let i = 0;
  while (i < end) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '{' || c === '[') {
      const value: Frame['value'] = c === '{' ? {} : [];
      place(value, false);
      stack.push({ kind: c === '{' ? 'object' : 'array', value, expect: c === '{' ? 'key' : 'value' });
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      const kind = c === '}' ? 'object' : 'array';
      // A stray closer (no such container open) is skipped; a missing one is forgiven.
      const at = stack.map((f) => f.kind).lastIndexOf(kind);
      if (at >= 0) {
        stack.length = at;
        const f = stack[stack.length - 1];
        if (f) f.expect = 'comma';
      }
      i++;
      continue;
    }
    if (c === ':') {
      const f = stack[stack.length - 1];
      if (f?.kind === 'object' && f.expect === 'colon') f.expect = 'value';
      i++;
      continue;
    }
    if (c === ',') {
      const f = stack[stack.length - 1];
      if (f) f.expect = f.kind === 'object' ? 'key' : 'value';
      i++;
      continue;
    }
    if (c === '"') {
      const start = i++;
      let s = '';
      let closed = false;
      // Runs of plain characters are copied in one slice (a character at a time is 10x slower on a big file).
      let run = i;
      while (i < end) {
        const d = text.charCodeAt(i);
        if (d === 0x22 || d === 0x0a) {
          s += text.slice(run, i);
          if (d === 0x22) {
            closed = true;
            i++;
          }
          break;
        }
        if (d === 0x5c && i + 1 < end) {
          s += text.slice(run, i);
          const e = text[i + 1]!;
          s +=
            e === 'n'
              ? '\n'
              : e === 't'
                ? '\t'
                : e === 'u'
                  ? String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16) || 0xfffd)
                  : e;
          i += e === 'u' ? 6 : 2;
          run = i;
          continue;
        }
        i++;
      }
      if (i >= end && !closed) s += text.slice(run, Math.min(i, end));
      if (!closed && i >= end) {
        inString = start;
        break;
      }
      const f = stack[stack.length - 1];
      place(s, f?.kind === 'object');
      continue;
    }
    // A bare word: a number, true/false/null, or a key or value typed without its quotes yet.
    const start = i;
    while (i < end && WORD.test(text[i]!)) i++;
    if (i === start) {
      i++;
      continue;
    }
    if (i >= end) {
      inWord = start;
      break;
    }
    const w = text.slice(start, i);
    const f = stack[stack.length - 1];
    const asKey = f?.kind === 'object' && (f.expect === 'key' || f.expect === 'comma');
    place(asKey ? w : w === 'true' ? true : w === 'false' ? false : w === 'null' ? null : Number(w), asKey);
  }

  const keys: string[] = [];
  for (const [n, f] of stack.entries())
    if (f.kind === 'object' && n < stack.length - 1 && f.key !== undefined) keys.push(f.key);
  const inner = stack[stack.length - 1];
  const cursor: JsonCursor = {
    keys,
    expect: inner?.expect ?? 'value',
    ...(inner ? { container: inner.kind } : {}),
    ...(inner?.kind === 'object' && inner.expect !== 'key' && inner.key !== undefined ? { key: inner.key } : {}),
    ...(inString !== undefined ? { inString } : {}),
    ...(inWord !== undefined ? { inWord } : {}),
  };
  return { value: top, cursor };
}
