/** Diagnostics are data: what is wrong, where, and under which rule of the contract. */

export type Severity = 'error' | 'warning';

/**
 * Every rule a diagnostic can name, and whether it refuses the file (error) or lets it play
 * (warning). Adding a rule is one line here and one row in docs/checker-rules.md; a test holds
 * the two together.
 */
export const RULES = {
  syntax: 'error',
  'duplicate-key': 'error',
  io: 'error',
  'limit-file-size': 'error',
  'limit-depth': 'error',
  'limit-nodes': 'error',
  'limit-choices': 'error',
  'limit-meters': 'error',
  'limit-advisors': 'error',
  'limit-text': 'error',
  'limit-values': 'error',
  'limit-aliases': 'error',
  'limit-endings': 'error',
  'limit-list': 'error',
  'limit-flags': 'error',
  'limit-steps': 'error',
  'limit-condition': 'error',
  'limit-replay-work': 'error',
  encoding: 'error',
  'empty-text': 'error',
  'unknown-key': 'error',
  required: 'error',
  type: 'error',
  format: 'error',
  'id-format': 'error',
  'value-format': 'error',
  value: 'error',
  range: 'error',
  'time-limit': 'error',
  'chance-range': 'error',
  'bad-condition': 'error',
  'meter-range': 'error',
  'duplicate-id': 'error',
  'unknown-ref': 'error',
  'branch-last': 'error',
  'branch-history': 'error',
  'timeout-needs-onTimeout': 'error',
  stuck: 'error',
  trap: 'error',
  replay: 'error',
  unreachable: 'warning',
  'flag-never-set': 'warning',
  'flag-never-tested': 'warning',
  'advisor-silent': 'warning',
  'meter-unchanged': 'warning',
  'explore-incomplete': 'warning',
  'limit-explore-memory': 'warning',
  'limit-explore-work': 'warning',
} as const satisfies Record<string, Severity>;

/** The id of a checker rule, as printed in brackets after each diagnostic. */
export type RuleId = keyof typeof RULES;

/** One finding of the checker, pointing at a key or value in the source file. */
export interface Diagnostic {
  severity: Severity;
  rule: RuleId;
  message: string;
  file: string;
  line: number;
  col: number;
}

/** `FILE:LINE:COL: error|warning: message [rule]`, the one format the CLI and the game print. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message} [${d.rule}]`;
}

/** Whether any diagnostic refuses the file. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sort by position, errors first at the same position, for stable output. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) =>
      (a.file === b.file ? 0 : a.file.localeCompare(b.file)) ||
      a.line - b.line ||
      a.col - b.col ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      a.rule.localeCompare(b.rule),
  );
}

/** The source line a diagnostic points at, with a caret under its column (for the game's error panel and the CLI). */
export function sourceExcerpt(text: string, line: number, col: number): { line: string; caret: string } {
  return lineExcerpt(text.split(/\r\n|\r|\n/)[line - 1] ?? '', col);
}

/** One source line (cut at 200 characters) with a caret under `col`: for callers that split the text once. */
export function lineExcerpt(src: string, col: number): { line: string; caret: string } {
  const shown = src.length > 200 ? src.slice(0, 200) + '…' : src;
  const caretCol = Math.max(1, Math.min(col, shown.length + 1));
  const caret = shown.slice(0, caretCol - 1).replace(/[^\t]/g, ' ') + '^';
  return { line: shown, caret };
}
