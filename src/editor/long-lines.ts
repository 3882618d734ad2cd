/**
 * A draft with a line too long for the text editor (issue 23, case 5: a 1.9 MB one-line draft made
 * every click in CodeMirror take minutes). Such a text is never given to the editor as it is: a
 * text that reads as JSON (a JSON file, or YAML written in JSON's flow style, as tools write it) is
 * laid out again one item per line, with the same data; any other is not opened, so the teacher can
 * download it instead. Only JSON is laid out again: JSON.parse reads 2 MB in milliseconds, where
 * the YAML parser on the page's thread would take seconds.
 */

/** The longest line the editor takes: a scenario text may be 20,000 characters, with room for its key. */
export const EDITOR_LINE_LIMIT = 30_000;

/** The length of the longest line of `text` (without building an array of lines). */
export function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    const len = (end < 0 ? text.length : end) - start;
    if (len > longest) longest = len;
    if (end < 0) return longest;
    start = end + 1;
  }
}

/**
 * `text` laid out again as indented JSON so that no line is over the limit, with the same data, or
 * undefined when it is not JSON or a single value is itself too long for a line.
 */
export function splitLongLines(text: string): string | undefined {
  let out: string;
  try {
    out = `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
  } catch {
    return undefined;
  }
  return longestLine(out) <= EDITOR_LINE_LIMIT ? out : undefined;
}
