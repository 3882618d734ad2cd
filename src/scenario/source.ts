/**
 * Reading a YAML or JSON text into plain data while keeping a way back from any data path
 * to the line and column of the key or value in the source text.
 */
import {
  parseDocument,
  visit,
  LineCounter,
  isMap,
  isSeq,
  isPair,
  isScalar,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import type { Diagnostic } from './diagnostics.ts';
import { parseJsonWithPositions, jsonOffset, JsonSyntaxError } from './json-source.ts';
import { parsePlainYaml } from './plain-yaml.ts';

export type DataPath = ReadonlyArray<string | number>;

/** Deeper nesting than this is refused: no scenario needs it, and recursion over it could overflow. */
export const MAX_DEPTH = 64;

/** The deepest nesting of lists and maps in parsed data, counted without recursion. */
export function nestingDepth(data: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[data, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v && typeof v === 'object') {
      if (d > max) max = d;
      if (d > MAX_DEPTH) return d;
      for (const c of Object.values(v)) if (c && typeof c === 'object') stack.push([c, d + 1]);
    }
  }
  return max;
}

/** Where a YAML document first nests deeper than MAX_DEPTH (the list or map that goes over), without recursion. */
function tooDeepAt(root: unknown, lc: LineCounter): { line: number; col: number } {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    if (isMap(n) || isSeq(n)) {
      if (d > MAX_DEPTH) return n.range ? positionOf(lc, n.range[0]) : { line: 1, col: 1 };
      for (const it of n.items) stack.push([isPair(it) ? it.value : it, d + 1]);
    }
  }
  return { line: 1, col: 1 };
}

function depthDiagnostic(file: string): Diagnostic {
  return {
    severity: 'error',
    rule: 'limit-depth',
    message: `lists and maps are nested more than ${MAX_DEPTH} levels deep`,
    file,
    line: 1,
    col: 1,
  };
}

/** A parsed source file: its data and a locator from data paths to positions. */
export interface SourceFile {
  file: string;
  text: string;
  data: unknown;
  /** 1-based line and column of the value (or, with `key`, the key) at `path`; the nearest existing ancestor if absent. */
  locate(path: DataPath, key?: boolean): { line: number; col: number };
}

/** Whether a file name says JSON (otherwise it is read as YAML). */
export function isJsonName(file: string): boolean {
  return /\.json$/i.test(file);
}

/** Length of a string in UTF-8 bytes, without needing Buffer or TextEncoder allocation of the whole text. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function positionOf(lc: LineCounter, offset: number): { line: number; col: number } {
  const p = lc.linePos(offset);
  return { line: p.line, col: p.col };
}

/**
 * Parse a scenario or replay text. Returns the source, or the syntax diagnostics that refused it.
 * `maxBytes` is checked before any parsing so a huge file is refused at once. `positioned` skips
 * the fast path for plain YAML (the tests compare both paths).
 */
export function readSource(
  text: string,
  file: string,
  maxBytes: number,
  positioned = false,
): { source?: SourceFile; diagnostics: Diagnostic[] } {
  const bytes = utf8Length(text);
  if (bytes > maxBytes) {
    return {
      diagnostics: [
        {
          severity: 'error',
          rule: 'limit-file-size',
          message: `the file is ${(bytes / 1048576).toFixed(2)} MiB; the limit is ${(maxBytes / 1048576).toFixed(0)} MiB`,
          file,
          line: 1,
          col: 1,
        },
      ],
    };
  }
  // Editors on some systems save a byte-order mark; it is not part of the data.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const json = isJsonName(file);
  if (json) return readJson(text, file);
  return (positioned ? undefined : readPlainYaml(text, file)) ?? readYaml(text, file);
}

/**
 * The fast path for YAML: plain data at once when the text is in the plain subset, and the
 * positioned document (`readYaml`, about 2 µs a byte) only when something asks where a path is.
 */
function readPlainYaml(text: string, file: string): { source: SourceFile; diagnostics: Diagnostic[] } | undefined {
  const data = parsePlainYaml(text);
  if (data === null || typeof data !== 'object' || nestingDepth(data) > MAX_DEPTH) return undefined;
  let positioned: SourceFile | undefined;
  const locate = (path: DataPath, key?: boolean) => {
    positioned ??= readYaml(text, file).source;
    return positioned ? positioned.locate(path, key) : { line: 1, col: 1 };
  };
  return { source: { file, text, data, locate }, diagnostics: [] };
}

/** YAML read into a positioned document: every syntax error with its place, and a locator for data paths. */
function readYaml(text: string, file: string): { source?: SourceFile; diagnostics: Diagnostic[] } {
  // Line starts come from the text itself: the parser's own LineCounter misses the lines inside a
  // flow collection it gave up on, which put error columns past the end of their line.
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  let doc: Document.Parsed;
  try {
    // logLevel 'error': no process warnings (e.g. for a map used as a key) on the CLI's stderr.
    doc = parseDocument(text, {
      prettyErrors: false,
      uniqueKeys: true,
      strict: true,
      version: '1.2',
      logLevel: 'error',
    });
  } catch (e) {
    if (e instanceof RangeError) return { diagnostics: [depthDiagnostic(file)] };
    return {
      diagnostics: [
        { severity: 'error', rule: 'syntax', message: `not valid YAML: ${String(e)}`, file, line: 1, col: 1 },
      ],
    };
  }
  if (doc.errors.some((err) => /call stack/i.test(err.message))) return { diagnostics: [depthDiagnostic(file)] };
  if (doc.errors.length > 0) {
    return {
      diagnostics: doc.errors.slice(0, 20).map((err) => {
        const pos = positionOf(lineCounter, err.pos[0]);
        const duplicate = err.code === 'DUPLICATE_KEY';
        return {
          severity: 'error' as const,
          rule: duplicate ? 'duplicate-key' : 'syntax',
          message: duplicate ? 'this key appears twice in the same map' : `not valid YAML: ${firstLine(err.message)}`,
          file,
          ...pos,
        };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // Point at the alias that cannot be resolved (or the first alias, for too many of them), not at 1:1.
    let at = { line: 1, col: 1 };
    let first: { line: number; col: number } | undefined;
    visit(doc, {
      Alias(_, n) {
        const p = n.range ? positionOf(lineCounter, n.range[0]) : undefined;
        first ??= p;
        if (p && !n.resolve(doc)) {
          at = p;
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (at.line === 1 && at.col === 1 && first) at = first;
    return {
      diagnostics: [
        {
          severity: 'error',
          rule: 'syntax',
          message: `cannot be read: ${e instanceof Error ? e.message : String(e)}`,
          file,
          ...at,
        },
      ],
    };
  }
  if (nestingDepth(data) > MAX_DEPTH)
    return { diagnostics: [{ ...depthDiagnostic(file), ...tooDeepAt(doc.contents, lineCounter) }] };
  if (data === null || data === undefined) {
    return {
      diagnostics: [{ severity: 'error', rule: 'syntax', message: 'the file is empty', file, line: 1, col: 1 }],
    };
  }
  const locate = (path: DataPath, key = false) => {
    let node: unknown = doc.contents;
    let best: { line: number; col: number } =
      node && (node as YamlNode).range ? positionOf(lineCounter, (node as YamlNode).range![0]) : { line: 1, col: 1 };
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        const keyNode = pair.key as YamlNode;
        if (last && key && keyNode.range) return positionOf(lineCounter, keyNode.range[0]);
        const value = pair.value as YamlNode | null;
        if (value?.range) best = positionOf(lineCounter, value.range[0]);
        else if (keyNode.range) best = positionOf(lineCounter, keyNode.range[0]);
        node = value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as YamlNode | undefined;
        if (!item) break;
        if (item.range) best = positionOf(lineCounter, item.range[0]);
        node = item;
      } else break;
    }
    return best;
  };
  return { source: { file, text, data, locate }, diagnostics: [] };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

/** 1-based line and column of an offset, by binary search over line starts computed once. */
function lineIndex(text: string): (offset: number) => { line: number; col: number } {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo]! + 1 };
  };
}

function readJson(text: string, file: string): { source?: SourceFile; diagnostics: Diagnostic[] } {
  const at = lineIndex(text);
  try {
    const { data, pos } = parseJsonWithPositions(text, MAX_DEPTH);
    return {
      source: { file, text, data, locate: (path, key = false) => at(jsonOffset(pos, path, key)) },
      diagnostics: [],
    };
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      const message = e.code === 'syntax' ? `not valid JSON: ${e.message}` : e.message;
      return { diagnostics: [{ severity: 'error', rule: e.code, message, file, ...at(e.offset) }] };
    }
    throw e;
  }
}
