/**
 * How scenario text becomes paragraphs, shared by the canvas and the DOM so both show the same
 * reflow: a blank line separates paragraphs; single line breaks inside a paragraph join with a space.
 */

/** The paragraphs of a plain text, each on one line, empty ones dropped. */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\r?\n[ \t]*(?:\r?\n[ \t]*)+/)
    .map((p) =>
      p
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
        .join(' '),
    )
    .filter(Boolean);
}

/**
 * A node's `at` as the room shows it: "September 13, 2022" (language's own words), with the time
 * written in the file ("…, 08:00"), never moved into the reader's time zone; the text itself when
 * it is not a date.
 */
export function whenText(at: string, language = 'en'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(at);
  if (!m) return at;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  let d: string;
  try {
    d = date.toLocaleDateString(language, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  } catch {
    d = `${m[1]}-${m[2]}-${m[3]}`;
  }
  return m[4] ? `${d}, ${m[4]}:${m[5]}` : d;
}

/** Bidirectional embedding, override and isolate controls. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

/**
 * `s` with every bidirectional embedding or override it opens (U+202A, U+202B, U+202D, U+202E)
 * closed by a PDF and every isolate (U+2066–U+2068) closed by a PDI at its end, and stray closers
 * dropped: a right-to-left override in a scenario text stays inside that text and never reverses
 * the game's own words after it (issue 23).
 */
export function closeBidi(s: string): string {
  if (!BIDI_CONTROL.test(s)) return s;
  const open: string[] = [];
  let out = '';
  for (const ch of s) {
    if (ch === '\u202a' || ch === '\u202b' || ch === '\u202d' || ch === '\u202e') open.push('\u202c');
    else if (ch === '\u2066' || ch === '\u2067' || ch === '\u2068') open.push('\u2069');
    else if (ch === '\u202c' || ch === '\u2069') {
      // A closer closes the innermost opener of its kind (an isolate's PDI also closes embeddings inside it).
      const at = open.lastIndexOf(ch);
      if (at < 0) continue;
      out += open.splice(at).reverse().slice(0, -1).join('');
    }
    out += ch;
  }
  return out + open.reverse().join('');
}

/** `value` with closeBidi applied to every string in it; the same object when nothing needed it. */
export function closeBidiDeep<T>(value: T): T {
  if (typeof value === 'string') return closeBidi(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const c = closeBidiDeep(v);
      if (c !== v) changed = true;
      return c;
    });
    return (changed ? out : value) as T;
  }
  if (value && typeof value === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const c = closeBidiDeep(v);
      if (c !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = c;
    }
    return (out ?? value) as T;
  }
  return value;
}
