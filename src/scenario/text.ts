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
