/**
 * The pure side of loading a teacher's file: what kind of file it is, checking it exactly as the
 * CLI does, the rows of the "Scenario problems" panel, and explaining a failed `?scenario=` fetch.
 */
import { checkScenarioText, type CheckResult } from '../analysis/check.ts';
import type { ExploreOptions } from '../analysis/explore.ts';
import { formatDiagnostic, hasErrors, sourceExcerpt, type Diagnostic } from '../scenario/diagnostics.ts';
import type { Incoming } from '../library/entry.ts';

/** What a file given to the game is. */
export type FileKind = 'scenario' | 'replay' | 'unsupported';

/** Classify a file by its name, sniffing JSON for the replay format (a replay renamed `.json` still opens). */
export function fileKind(name: string, text?: string): FileKind {
  const n = name.toLowerCase();
  if (n.endsWith('.replay.json')) return 'replay';
  if (n.endsWith('.json'))
    return text !== undefined && /"format"\s*:\s*"crisis-room-replay\//.test(text.slice(0, 4096))
      ? 'replay'
      : 'scenario';
  if (n.endsWith('.yaml') || n.endsWith('.yml')) return 'scenario';
  return 'unsupported';
}

/** The sentence shown for a file the game does not take. */
export function unsupportedMessage(name: string): string {
  return `"${name}" is not a scenario or a replay: the game opens .yaml, .yml and .json scenario files, and .replay.json replays.`;
}

/** A scenario file after checking. */
export interface CheckedScenario {
  file: string;
  text: string;
  check: CheckResult;
  /** No errors: it can be played (warnings may remain). */
  playable: boolean;
  errors: number;
  warnings: number;
  /** What the library needs, when playable. */
  incoming?: Incoming;
}

/** Check a scenario text with the same checker as `npm run scenario -- check` (on this thread). */
export function checkScenarioFile(text: string, file: string, opts: ExploreOptions = {}): CheckedScenario {
  return summarize(text, file, checkScenarioText(text, file, opts));
}

/**
 * A file checked in full elsewhere (the check worker, full-check.ts), from its diagnostics alone:
 * when they hold no error, the file is compiled here without exploring again
 * (`explore: false`: validation and compile only, fast). The diagnostics stay the full check's.
 */
export function checkedFromDiagnostics(text: string, file: string, diagnostics: Diagnostic[]): CheckedScenario {
  if (hasErrors(diagnostics)) return summarize(text, file, { file, diagnostics });
  const quick = checkScenarioText(text, file, { explore: false });
  // Validation is the same on both threads; should it ever disagree, its errors refuse the file.
  if (!quick.compiled || hasErrors(quick.diagnostics))
    return summarize(text, file, { file, diagnostics: quick.diagnostics });
  return summarize(text, file, {
    file,
    diagnostics,
    compiled: quick.compiled,
    ...(quick.loaded ? { loaded: quick.loaded } : {}),
  });
}

function summarize(text: string, file: string, check: CheckResult): CheckedScenario {
  const errors = check.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = check.diagnostics.length - errors;
  const s = check.compiled?.scenario;
  const playable = !!check.compiled && !hasErrors(check.diagnostics);
  return {
    file,
    text,
    check,
    playable,
    errors,
    warnings,
    ...(playable && s
      ? { incoming: { id: s.id, version: s.version, title: s.title, sha256: check.compiled!.sha256 } }
      : {}),
  };
}

/** The progress line while a file is checked: "Checking scenario… 120,000 states". */
export function progressText(states: number): string {
  return `Checking scenario… ${states.toLocaleString('en')} state${states === 1 ? '' : 's'}`;
}

/** One row of the problems panel. */
export interface ProblemRow {
  severity: Diagnostic['severity'];
  /** "LINE:COL". */
  position: string;
  rule: string;
  message: string;
  /** The line exactly as the CLI prints it: `FILE:LINE:COL: severity: message [rule]`. */
  formatted: string;
  /** The offending source line and a caret under its column. */
  excerpt: { lineNumber: number; line: string; caret: string };
}

/** The panel's rows for a checked file, in the checker's order. */
export function problemRows(diagnostics: readonly Diagnostic[], text: string): ProblemRow[] {
  return diagnostics.map((d) => ({
    severity: d.severity,
    position: `${d.line}:${d.col}`,
    rule: d.rule,
    message: d.message,
    formatted: formatDiagnostic(d),
    excerpt: { lineNumber: d.line, ...sourceExcerpt(text, d.line, d.col) },
  }));
}

/** A one-line summary: "2 errors, 1 warning". */
export function countSummary(errors: number, warnings: number): string {
  const p = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `${p(errors, 'error')}, ${p(warnings, 'warning')}`;
}

/** The `?scenario=` URL of a page's query string, if any (relative URLs resolve against the page). */
export function scenarioUrlFromQuery(search: string, base: string): { url?: string; error?: string } {
  const raw = new URLSearchParams(search).get('scenario');
  if (raw === null) return {};
  if (!raw.trim()) return { error: 'The page address has "?scenario=" but no file address after it.' };
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return { error: `"${raw}" in ?scenario= is not a web address.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { error: `?scenario= must be an http or https address, not "${url.protocol}".` };
  return { url: url.href };
}

/** A file name for a fetched scenario: the last part of its path (diagnostics are reported under it). */
export function fileNameFromUrl(url: string): string {
  try {
    const u = new URL(url);
    const last = decodeURIComponent(u.pathname.split('/').filter(Boolean).pop() ?? '');
    return last || u.hostname || 'scenario.yaml';
  } catch {
    return 'scenario.yaml';
  }
}

/**
 * Whether a fetched text is a web page rather than a scenario file: most servers answer a wrong
 * address with an HTML page (and status 200), which would otherwise be listed as YAML errors.
 */
export function isWebPage(text: string, contentType?: string | null): boolean {
  if (contentType && /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(contentType)) return true;
  return /^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<\?xml)/i.test(text.slice(0, 1024));
}

/** The message for a `?scenario=` address that returned a web page. */
export function webPageMessage(url: string): string {
  return `Could not load the scenario from ${url}: this address returned a web page, not a scenario file. Check the address: it must lead to the .yaml or .json file itself (on GitHub, the "Raw" link), or download the file and use "Load scenario file…".`;
}

/** Explain why fetching `?scenario=` failed, for someone who is not a web developer. */
export function explainFetchFailure(
  url: string,
  failure: { status?: number; statusText?: string; error?: unknown },
  pageOrigin: string,
): string {
  let origin = '';
  try {
    origin = new URL(url).origin;
  } catch {
    /* keep empty */
  }
  if (failure.status !== undefined) {
    const what =
      failure.status === 404
        ? 'there is no file at that address (404 Not Found)'
        : failure.status === 403
          ? 'the server refused access (403 Forbidden)'
          : `the server answered ${failure.status}${failure.statusText ? ` ${failure.statusText}` : ''}`;
    return `Could not load the scenario from ${url}: ${what}. Check the address, or download the file and use "Load scenario file…".`;
  }
  const crossOrigin = origin && origin !== pageOrigin;
  return crossOrigin
    ? `Could not load the scenario from ${url}: the network request failed. Either the address cannot be reached (offline, or a typo), or its server (${origin}) does not allow other sites to read the file (it sends no CORS header "Access-Control-Allow-Origin"). Host the file where CORS is allowed (for example a GitHub raw or Gist link), or download it and use "Load scenario file…".`
    : `Could not load the scenario from ${url}: the network request failed (offline, or the address cannot be reached). Download the file and use "Load scenario file…" instead.`;
}
