/**
 * The pure side of loading a teacher's file: what kind of file it is, checking it exactly as the
 * CLI does, the rows of the "Scenario problems" panel, and explaining a failed `?scenario=` fetch.
 */
import { checkScenarioText, type CheckResult } from '../analysis/check.ts';
import type { ExploreOptions } from '../analysis/explore.ts';
import { formatDiagnostic, hasErrors, lineExcerpt, type Diagnostic } from '../scenario/diagnostics.ts';
import type { Incoming } from '../library/entry.ts';
import { compileScenario } from '../engine/machine.ts';
import type { ParsedScenario } from './full-check.ts';
import { LIMITS } from '../scenario/schema.ts';

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
export function checkedFromDiagnostics(
  text: string,
  file: string,
  diagnostics: Diagnostic[],
  parsed?: ParsedScenario,
): CheckedScenario {
  if (hasErrors(diagnostics)) return summarize(text, file, { file, diagnostics });
  // The worker sent the scenario's data: compile it, and never parse the text again here.
  if (parsed)
    return summarize(text, file, { file, diagnostics, compiled: compileScenario(parsed.scenario, parsed.sha256) });
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

/** Rows the problems panel lists: past this, it says how many more there are and where to see them all. */
export const MAX_PROBLEM_ROWS = 200;

/**
 * The panel's rows for a checked file, in the checker's order, at most `max` of them. The text is
 * split into lines once for all rows (not once per row: 20,000 rows of a 2 MiB file froze the page).
 */
export function problemRows(diagnostics: readonly Diagnostic[], text: string, max = MAX_PROBLEM_ROWS): ProblemRow[] {
  let lines: string[] | undefined;
  return diagnostics.slice(0, max).map((d) => {
    lines ??= text.split(/\r\n|\r|\n/);
    return {
      severity: d.severity,
      position: `${d.line}:${d.col}`,
      rule: d.rule,
      message: d.message,
      formatted: formatDiagnostic(d),
      excerpt: { lineNumber: d.line, ...lineExcerpt(lines[d.line - 1] ?? '', d.col) },
    };
  });
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

/** How long `?scenario=` waits for a server before giving up with a clear message. */
export const FETCH_TIMEOUT_MS = 20_000;

/** What fetching a `?scenario=` address gave: the text, a message for the teacher, or a cancel. */
export type FetchOutcome =
  | { status: 'ok'; text: string; url: string }
  | { status: 'failed'; message: string }
  | { status: 'cancelled' };

/** Options for `fetchScenarioText` (the defaults are the browser's). */
export interface FetchScenarioOptions {
  /** The page's own origin and protocol (to tell CORS from a mixed-content block). */
  pageOrigin: string;
  pageProtocol?: string;
  fetch?: typeof fetch;
  /** Aborted when the teacher presses Cancel. */
  signal?: AbortSignal;
  timeoutMs?: number;
  maxBytes?: number;
}

const looksLikeHtml = (head: string) => /^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(head);

/** The message for an address that gave a web page instead of a scenario file. */
export function webPageMessage(url: string): string {
  return `Could not load the scenario from ${url}: this address returned a web page, not a scenario file. Link to the file itself (on GitHub or a Gist, the "Raw" button gives its address), or download it and use "Load scenario file…".`;
}

/**
 * Fetch a `?scenario=` file with every failure explained: streamed with a byte cap (a 2 GB answer
 * is stopped at the scenario limit), a timeout and a Cancel, a web page called a web page, a
 * redirect loop called a redirect problem (not CORS), and an http address on an https page
 * called blocked by the browser.
 */
export async function fetchScenarioText(url: string, opts: FetchScenarioOptions): Promise<FetchOutcome> {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const maxBytes = opts.maxBytes ?? LIMITS.fileBytes;
  const timeoutMs = opts.timeoutMs ?? FETCH_TIMEOUT_MS;
  const fail = (message: string): FetchOutcome => ({ status: 'failed', message });
  if (opts.pageProtocol === 'https:' && url.startsWith('http:'))
    return fail(
      `Could not load the scenario from ${url}: this page is served over https, and browsers do not let it read an http address. Use the https address of the file, or download it and use "Load scenario file…".`,
    );
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, timeoutMs);
  const onCancel = () => abort.abort();
  opts.signal?.addEventListener('abort', onCancel);
  const stopped = (): FetchOutcome | undefined =>
    opts.signal?.aborted
      ? { status: 'cancelled' }
      : timedOut
        ? fail(
            `Could not load the scenario from ${url}: the server did not send the file within ${Math.round(timeoutMs / 1000)} second${Math.round(timeoutMs / 1000) === 1 ? '' : 's'}. Try again later, or download the file and use "Load scenario file…".`,
          )
        : undefined;
  const tooLarge = () =>
    fail(
      `Could not load the scenario from ${url}: the file is larger than ${(maxBytes / 1048576).toFixed(0)} MiB, more than any scenario may be (is it the right address?).`,
    );
  try {
    let res: Response;
    try {
      res = await doFetch(url, {
        mode: 'cors',
        credentials: 'omit',
        redirect: 'follow',
        cache: 'no-cache',
        signal: abort.signal,
      });
    } catch (error) {
      const s = stopped();
      if (s) return s;
      // A redirect that fails to be followed (a loop, or a hop to a server without CORS) is not the
      // file's own server refusing: ask again without following, which shows whether it redirects.
      const redirects = await doFetch(url, {
        mode: 'cors',
        credentials: 'omit',
        redirect: 'manual',
        signal: abort.signal,
      })
        .then((r) => r.type === 'opaqueredirect' || (r.status >= 300 && r.status < 400))
        .catch(() => false);
      if (redirects)
        return fail(
          `Could not load the scenario from ${url}: the address forwards (redirects) to other addresses, and following them failed: they may go round in a loop, or end at a server that does not let other sites read the file. Open the address in a browser tab to see where it ends, and use that address.`,
        );
      return fail(explainFetchFailure(url, { error }, opts.pageOrigin));
    }
    if (!res.ok)
      return fail(explainFetchFailure(url, { status: res.status, statusText: res.statusText }, opts.pageOrigin));
    const declared = Number(res.headers.get('content-length') ?? '');
    if (Number.isFinite(declared) && declared > maxBytes) {
      void res.body?.cancel().catch(() => undefined);
      return tooLarge();
    }
    const type = res.headers.get('content-type') ?? '';
    if (/^\s*text\/html\b/i.test(type) || /^\s*application\/xhtml\+xml\b/i.test(type)) {
      void res.body?.cancel().catch(() => undefined);
      return fail(webPageMessage(url));
    }
    const bytes: Uint8Array[] = [];
    let total = 0;
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.length;
        if (total > maxBytes) {
          void reader.cancel().catch(() => undefined);
          return tooLarge();
        }
        bytes.push(value);
      }
    }
    const all = new Uint8Array(total);
    let at = 0;
    for (const b of bytes) {
      all.set(b, at);
      at += b.length;
    }
    const text = new TextDecoder('utf-8').decode(all);
    if (looksLikeHtml(text.slice(0, 512))) return fail(webPageMessage(url));
    return { status: 'ok', text, url: res.url || url };
  } catch (error) {
    return stopped() ?? fail(explainFetchFailure(url, { error }, opts.pageOrigin));
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCancel);
  }
}
