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
