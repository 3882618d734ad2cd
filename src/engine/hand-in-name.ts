/** The hand-in file's name, kept apart from replay-file.ts so the game shell can name a file without loading the parser and zod. */

/** The hand-in file's name: `<scenario>-<name>-<date>.json` (the name made file-safe; left out when none). */
export function handInFileName(scenarioId: string, player: string | undefined, date: Date): string {
  const name = (player ?? '')
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  return `${[scenarioId, name, day].filter(Boolean).join('-')}.json`;
}
