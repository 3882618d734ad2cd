/**
 * The data a one-file game carries (issue 20): its scenarios as text, in a
 * `<script type="application/json" id="crisis-room-one-file">` block of the shell built by
 * `npm run build:single`. Pure: no DOM. The text is data — JSON that the page parses and the checker
 * checks again — never code, and never markup: every `<` is written as `\u003c`, so no
 * `</script>` or `<!--` in a scenario can end the block or start anything.
 */

/** The format tag of the data block. */
export const ONE_FILE_FORMAT = 'crisis-room-one-file/1';
/** The id of the data block (tools/vite-plugin-one-file.ts writes the empty one). */
export const ONE_FILE_DATA_ID = 'crisis-room-one-file';
/** The shell's empty data block, exactly as the build writes it. */
export const EMPTY_DATA_BLOCK = `<script type="application/json" id="${ONE_FILE_DATA_ID}">null</script>`;

/** One scenario file in a one-file game. */
export interface OneFileScenario {
  fileName: string;
  text: string;
}

/** What a one-file game holds. */
export interface OneFileData {
  format: typeof ONE_FILE_FORMAT;
  /** The scenarios offered on the title, the chosen one first. */
  scenarios: OneFileScenario[];
  /** Inside a SCORM package: report to the LMS (src/offline/scorm-bridge.ts). */
  scorm?: boolean;
}

/** JSON safe inside a `<script>` element: `<`, U+2028 and U+2029 escaped (JSON.parse reads them back). */
export function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Text safe as HTML element content (the `<title>`). */
export function escapeHtmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The one-file game: the shell with `data` in its data block and `title` as the page title.
 * Throws when the shell is not a one-file shell (no empty data block).
 */
export function fillOneFileShell(shell: string, data: OneFileData, title: string): string {
  const at = shell.lastIndexOf(EMPTY_DATA_BLOCK);
  if (at < 0) throw new Error('this is not the one-file shell (its data block is missing)');
  const block = `<script type="application/json" id="${ONE_FILE_DATA_ID}">${jsonForScriptBlock(data)}</script>`;
  // Replaced by position, not with String.replace (whose `$&` patterns a scenario text could contain).
  const filled = shell.slice(0, at) + block + shell.slice(at + EMPTY_DATA_BLOCK.length);
  return filled.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtmlText(`${title} · Crisis Room`)}</title>`);
}

/** Read the data block's text: the scenarios, or why the file holds none. */
export function parseOneFileData(json: string | null | undefined): { data?: OneFileData; problem?: string } {
  if (!json || json.trim() === 'null')
    return { problem: 'This file holds no scenario (it is the empty one-file shell).' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    return { problem: `This file's scenario data is damaged: ${(e as Error).message}.` };
  }
  const v = value as Partial<OneFileData> | null;
  if (!v || v.format !== ONE_FILE_FORMAT || !Array.isArray(v.scenarios))
    return { problem: `This file's data is not a ${ONE_FILE_FORMAT} block.` };
  const scenarios = v.scenarios.filter(
    (s): s is OneFileScenario => !!s && typeof s.fileName === 'string' && typeof s.text === 'string',
  );
  if (scenarios.length !== v.scenarios.length)
    return { problem: "This file's data has a scenario without a name or text." };
  if (!scenarios.length) return { problem: 'This file holds no scenario.' };
  return { data: { format: ONE_FILE_FORMAT, scenarios, scorm: v.scorm === true } };
}
