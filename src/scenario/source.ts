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
  isAlias,
  type Document,
  type Node as YamlNode,
  type Pair,
  type YAMLMap,
  YAMLParseError,
} from 'yaml';
import type { Diagnostic } from './diagnostics.ts';
import { explainYamlErrors } from './yaml-mistakes.ts';
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

/**
 * Commas and line breaks a YAML file may hold: each can start a value, and the YAML parser spends
 * about a kilobyte and tens of microseconds on every value. A 5,000-node scenario has ~140,000.
 */
export const MAX_YAML_SEPARATORS = 250_000;

/**
 * A `limit-values` error when a YAML text has more commas and line breaks than MAX_YAML_SEPARATORS
 * (pointing where it goes over), counted in one pass before parsing: 900,000 list items in 1.8 MB
 * would otherwise cost the parser a gigabyte and most of a minute.
 */
export function yamlValuesDiagnostic(text: string, file: string, max = MAX_YAML_SEPARATORS): Diagnostic | undefined {
  let n = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 44 && c !== 10) continue;
    if (++n > max)
      return {
        severity: 'error',
        rule: 'limit-values',
        message: `the file holds more than ${max.toLocaleString('en')} values (list items, keys and lines); no scenario needs that many, and reading them would take minutes`,
        file,
        line,
        col: i - lineStart + 1,
      };
    if (c === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return undefined;
}

/** Values (scalars, lists, maps) that aliases may add to a document when expanded: a few reused blocks, never a bomb. */
export const MAX_ALIAS_VALUES = 100_000;

/**
 * The expanded size of every alias, counted once per anchored value in one pass over the document
 * (each alias costs what its anchor holds, aliases inside included), before anything is expanded.
 * A `limit-aliases` error at the alias that goes over the budget, or undefined within it.
 */
export function aliasExpansionDiagnostic(
  doc: Document.Parsed,
  lc: LineCounter,
  file: string,
  budget = MAX_ALIAS_VALUES,
): Diagnostic | undefined {
  const anchors = new Map<string, YamlNode>();
  const targetOf = new Map<YamlNode, YamlNode>();
  const sizes = new Map<YamlNode, number>();
  const sizeOf = (root: YamlNode): number => {
    const known = sizes.get(root);
    if (known !== undefined) return known;
    let n = 0;
    const stack: unknown[] = [root];
    while (stack.length) {
      const v = stack.pop();
      if (isAlias(v)) {
        const t = targetOf.get(v);
        n += t ? (sizes.get(t) ?? 1) : 1;
      } else if (isMap(v) || isSeq(v)) {
        n++;
        for (const it of v.items) {
          if (isPair(it)) stack.push(it.key, it.value);
          else stack.push(it);
        }
      } else if (v) n++;
    }
    sizes.set(root, n);
    return n;
  };
  let expanded = 0;
  let over: Diagnostic | undefined;
  visit(doc, {
    Node(_, n) {
      if (isAlias(n)) {
        const target = anchors.get(n.source);
        if (!target) return undefined;
        targetOf.set(n, target);
        expanded += sizeOf(target);
        if (expanded > budget) {
          over = {
            severity: 'error',
            rule: 'limit-aliases',
            message: `aliases in this file expand to more than ${budget.toLocaleString('en')} values; write the data out, or reuse smaller blocks`,
            file,
            ...(n.range ? positionOf(lc, n.range[0]) : { line: 1, col: 1 }),
          };
          return visit.BREAK;
        }
      } else if (n.anchor) anchors.set(n.anchor, n);
      return undefined;
    },
  });
  return over;
}

/**
 * An `encoding` error for a text that was not UTF-8 on disk: a UTF-16 file read as UTF-8 starts with
 * two replacement characters (its byte-order mark) and has a NUL byte in every other place.
 */
export function encodingDiagnostic(text: string, file: string): Diagnostic | undefined {
  const head = text.slice(0, 1024);
  // UTF-16 of mostly ASCII text, read as UTF-8: a NUL after every other character.
  let nulPairs = 0;
  for (let i = 1; i < head.length && nulPairs < 4; i += 2)
    if (head.charCodeAt(i) === 0 && head.charCodeAt(i - 1) !== 0) nulPairs++;
  const utf16 = head.startsWith('\uFFFD\uFFFD') || head.startsWith('\uFFFE') || nulPairs >= 4;
  if (utf16)
    return {
      severity: 'error',
      rule: 'encoding',
      message:
        'the file is saved as UTF-16 text; save it as UTF-8 (in most editors: "Save with encoding" or "Save as", then UTF-8)',
      file,
      line: 1,
      col: 1,
    };
  // Anywhere in the file, not only its first KiB, at the first one.
  const nul = text.indexOf('\u0000');
  if (nul >= 0)
    return {
      severity: 'error',
      rule: 'encoding',
      message: 'the file contains NUL bytes: it is not a text file (or not UTF-8); save the scenario as UTF-8 text',
      file,
      ...positionAt(text, nul),
    };
  // Bytes that are not UTF-8 (a Latin-1 or Windows-1252 "é") were read as U+FFFD: say so instead of showing "�".
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0)
    return {
      severity: 'error',
      rule: 'encoding',
      message:
        'the file has bytes that are not UTF-8 here (shown as "\uFFFD"): it was probably saved as Latin-1 or Windows-1252; save it as UTF-8 (if the character is meant, remove it)',
      file,
      ...positionAt(text, bad),
    };
  return undefined;
}

/** 1-based line and column of an offset (one pass up to it; for a single diagnostic). */
function positionAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/**
 * A file whose only line breaks are CRs (old Mac editors) reads as lines: each CR becomes a line feed,
 * one character for one, so every position stays. A file with line feeds is left as it is.
 */
export function normalizeLoneCarriageReturns(text: string): string {
  return text.includes('\r') && !text.includes('\n') ? text.replaceAll('\r', '\n') : text;
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
  const encoding = encodingDiagnostic(text, file);
  if (encoding) return { diagnostics: [encoding] };
  text = normalizeLoneCarriageReturns(text);
  const json = isJsonName(file);
  if (json) return readJson(text, file);
  const tooMany = yamlValuesDiagnostic(text, file);
  if (tooMany) return { diagnostics: [tooMany] };
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
      // The parser's own unique-key check scans the map for every key (quadratic: 20,000 keys took
      // a minute); duplicateKeyErrors does the same check with one set a map.
      uniqueKeys: false,
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
  doc.errors.push(...duplicateKeyErrors(doc));
  if (doc.errors.length > 0) return { diagnostics: explainYamlErrors(doc.errors, doc, text, lineCounter, file) };
  const aliasBudget = aliasExpansionDiagnostic(doc, lineCounter, file);
  if (aliasBudget) return { diagnostics: [aliasBudget] };
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
  // Each map's keys indexed once when first searched: 100,000 diagnostics in a map of 100,000 keys
  // cost a lookup each, not a scan of the map each (which was quadratic).
  const keyIndex = new WeakMap<object, Map<string, Pair>>();
  const pairOf = (map: YAMLMap, key: string): Pair | undefined => {
    if (map.items.length < 16)
      return map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
    let index = keyIndex.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items)
        if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
      keyIndex.set(map, index);
    }
    return index.get(key);
  };
  const locate = (path: DataPath, key = false) => {
    let node: unknown = doc.contents;
    let best: { line: number; col: number } =
      node && (node as YamlNode).range ? positionOf(lineCounter, (node as YamlNode).range![0]) : { line: 1, col: 1 };
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = pairOf(node, String(seg));
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

/**
 * The parser's DUPLICATE_KEY errors (a scalar key that appears again in the same map, at the
 * repeated key), found in one pass with a set a map instead of the parser's scan per key.
 */
function duplicateKeyErrors(doc: Document.Parsed): YAMLParseError[] {
  const out: YAMLParseError[] = [];
  visit(doc, {
    Map(_, map) {
      if (map.items.length < 2) return;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value) && pair.key.range) {
          const at = pair.key.range[0];
          out.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
        }
        seen.add(pair.key.value);
      }
    },
  });
  return out.sort((a, b) => a.pos[0] - b.pos[0]);
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
