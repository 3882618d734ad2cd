/**
 * Completion and hover help for the scenario editor, from the JSON Schema (keys, enum values) and
 * from the file itself (the ids of its meters, nodes, endings, advisors, sources and choices where
 * an id is expected), for YAML and JSON texts alike: each format finds the chain of keys at the
 * cursor its own way (YAML by indentation and flow brackets, JSON with a forgiving reader that
 * copes with half-typed text), and the schema walk after that is shared.
 * Pure: text and a cursor offset in, suggestions out; no DOM, no CodeMirror.
 */
import { parseDocument, isMap, isSeq, isPair, isScalar, type Node as YamlNode } from 'yaml';
import { readLenientJson } from './json-lenient.ts';
import { scenarioJsonSchema } from '../scenario/json-schema.ts';
import { FORMAT_REFERENCE } from '../scenario/schema.ts';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  description?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  additionalProperties?: JsonSchema | boolean;
};

let rootSchema: JsonSchema | undefined;
function schemaRoot(): JsonSchema {
  rootSchema ??= scenarioJsonSchema() as JsonSchema;
  return rootSchema;
}

function resolve(s: JsonSchema | undefined): JsonSchema | undefined {
  if (!s?.$ref) return s;
  const m = /^#\/\$defs\/(.+)$/.exec(s.$ref);
  const defs = (schemaRoot() as { $defs?: Record<string, JsonSchema> }).$defs;
  return m && defs ? defs[m[1]!] : undefined;
}

/** The object schema a chain of keys leads to (list items are stepped into on the way). */
function objectAt(chain: readonly string[]): JsonSchema | undefined {
  let s: JsonSchema | undefined = schemaRoot();
  const intoObject = (x: JsonSchema | undefined): JsonSchema | undefined => {
    let r = resolve(x);
    for (let i = 0; i < 4 && r; i++) {
      if (r.properties || r.additionalProperties) return r;
      if (r.items) r = resolve(r.items);
      else if (r.anyOf || r.oneOf) {
        const options: JsonSchema[] = (r.anyOf ?? r.oneOf)!.map((o) => resolve(o)!).filter(Boolean);
        r = options.find((o) => o.type === 'array' || o.properties) ?? options[0];
      } else return r;
    }
    return r;
  };
  for (const key of chain) {
    const obj = intoObject(s);
    if (!obj) return undefined;
    const next: JsonSchema | undefined =
      obj.properties?.[key] ?? (typeof obj.additionalProperties === 'object' ? obj.additionalProperties : undefined);
    if (!next) return undefined;
    s = next;
  }
  return intoObject(s);
}

/** The schema of `key` inside the object a chain leads to. */
function propertyAt(chain: readonly string[], key: string): JsonSchema | undefined {
  return resolve(objectAt(chain)?.properties?.[key]);
}

/** Where ids of each kind are expected, by key name (and list key for lists of ids). */
const ID_KIND: Record<string, 'target' | 'node' | 'ending' | 'advisor' | 'choice' | 'source' | 'flag'> = {
  start: 'node',
  next: 'target',
  goto: 'target',
  onMin: 'ending',
  onMax: 'ending',
  advisor: 'advisor',
  recommends: 'choice',
  onTimeout: 'choice',
  choice: 'choice',
  sources: 'source',
  set: 'flag',
  unset: 'flag',
  has: 'flag',
  lacks: 'flag',
};

/** The ids a scenario text defines, by kind (from whatever of it parses). */
export interface FileIds {
  meters: string[];
  nodes: string[];
  endings: string[];
  advisors: string[];
  sources: string[];
  choices: string[];
  flags: string[];
}

/** How a scenario text is written: YAML, or JSON (a .json file). */
export type SourceFormat = 'yaml' | 'json';

/** A JSON text's data: strictly when it parses (30x faster), else whatever the forgiving reader makes of it. */
function jsonValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return readLenientJson(text).value;
  }
}

/** The ids defined in a (possibly half-written) scenario text. */
export function fileIds(text: string, format: SourceFormat = 'yaml'): FileIds {
  const out: FileIds = { meters: [], nodes: [], endings: [], advisors: [], sources: [], choices: [], flags: [] };
  let data: unknown;
  try {
    data =
      format === 'json'
        ? jsonValue(text)
        : parseDocument(text, { logLevel: 'silent', uniqueKeys: false }).toJS({ maxAliasCount: 10 });
  } catch {
    return out;
  }
  if (!data || typeof data !== 'object') return out;
  const d = data as Record<string, unknown>;
  const ids = (list: unknown): string[] =>
    Array.isArray(list)
      ? list.flatMap((x) =>
          x && typeof x === 'object' && typeof (x as { id?: unknown }).id === 'string'
            ? [(x as { id: string }).id]
            : [],
        )
      : [];
  out.meters = ids(d.meters);
  out.nodes = ids(d.nodes);
  out.endings = ids(d.endings);
  out.advisors = ids(d.advisors);
  out.sources = ids(d.sources);
  const flags = new Set<string>();
  if (Array.isArray(d.nodes))
    for (const n of d.nodes) {
      const choices = (n as { choices?: unknown })?.choices;
      out.choices.push(...ids(choices));
      if (Array.isArray(choices))
        for (const c of choices)
          for (const k of ['set', 'unset'])
            for (const f of ((c as Record<string, unknown>)?.[k] as unknown[]) ?? [])
              if (typeof f === 'string') flags.add(f);
    }
  out.choices = [...new Set(out.choices)];
  out.flags = [...flags];
  return out;
}

/** One completion: what it shows, the text it puts in place of the word typed, what it is, a short explanation. */
export interface Suggestion {
  label: string;
  /** Replaces the text from `from` to the cursor: "title: " in YAML, "\"title\": " in JSON. */
  apply: string;
  /** 'key', 'value' or 'id'. */
  kind: 'key' | 'value' | 'id';
  detail: string;
}

/** What the cursor is on: typing a key of the map at `chain`, or a value of `key` there. */
export interface CursorContext {
  chain: string[];
  key?: string;
  /** Offset where the word being typed starts (in JSON, after its opening quote). */
  from: number;
  word: string;
  mode: 'key' | 'value';
  /** JSON only: whether the word's opening quote is typed, and whether a closing one follows the cursor. */
  json?: { opened: boolean; closed: boolean };
}

function indentOf(line: string): number {
  const m = /^(\s*)(-\s+)*/.exec(line)!;
  return m[0].length;
}

/** The keys above a line, by indentation: `nodes:` > `- ` > `choices:` gives ["nodes", "choices"]. */
function parentChain(lines: readonly string[], lineIndex: number, indent: number): string[] {
  const chain: string[] = [];
  let limit = indent;
  for (let i = lineIndex - 1; i >= 0 && limit > 0; i--) {
    const l = lines[i]!;
    if (!l.trim() || /^\s*#/.test(l)) continue;
    const m = /^(\s*)((?:-\s+)*)([A-Za-z_][\w-]*)\s*:/.exec(l);
    const keyCol = m ? m[1]!.length + m[2]!.length : indentOf(l);
    if (keyCol < limit && m) {
      chain.unshift(m[3]!);
      limit = m[1]!.length;
    } else if (keyCol < limit) limit = l.length - l.trimStart().length;
  }
  return chain;
}

/** Work out what is being typed at `offset` in a YAML text (block or flow style). */
export function cursorContext(text: string, offset: number): CursorContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const lines = text.slice(0, lineStart).split('\n');
  lines.pop();
  const lineIndex = lines.length;
  const all = [...lines, before];
  const word = /[\w./-]*$/.exec(before)![0];
  const from = offset - word.length;
  // Flow style: the innermost "key: [" or "key: {" open on this line.
  const flowOpen = Math.max(before.lastIndexOf('{'), before.lastIndexOf('['));
  if (flowOpen >= 0 && before.lastIndexOf('}') < flowOpen && before.lastIndexOf(']') < flowOpen) {
    const head = before.slice(0, flowOpen);
    const outer = /^(\s*)((?:-\s+)*)([A-Za-z_][\w-]*)\s*:/.exec(head);
    const base = outer ? [...parentChain(all, lineIndex, outer[1]!.length + outer[2]!.length), outer[3]!] : [];
    // Keys of the flow maps opened between the line's key and the cursor.
    const inner = [...head.slice(outer ? outer[0].length : 0).matchAll(/([A-Za-z_][\w-]*)\s*:\s*[{[]/g)].map(
      (m) => m[1]!,
    );
    const chain = [...base, ...inner];
    const tail = before.slice(flowOpen + 1);
    const seg = tail.slice(Math.max(tail.lastIndexOf(','), -1) + 1);
    const kv = /^\s*([A-Za-z_][\w-]*)\s*:\s*([\w./-]*)$/.exec(seg);
    if (kv) return { chain, key: kv[1]!, from, word, mode: 'value' };
    if (/^\s*[\w-]*$/.test(seg)) {
      // "[" directly after a key of ids ("sources: [") lists values, not keys.
      if (before[flowOpen] === '[' && outer && !inner.length && ID_KIND[outer[3]!])
        return { chain: base.slice(0, -1), key: outer[3]!, from, word, mode: 'value' };
      return { chain, from, word, mode: 'key' };
    }
    return undefined;
  }
  const keyTyping = /^(\s*)((?:-\s+)*)([\w-]*)$/.exec(before);
  if (keyTyping) {
    const indent = keyTyping[1]!.length + keyTyping[2]!.length;
    return { chain: parentChain(all, lineIndex, indent), from, word, mode: 'key' };
  }
  const valueTyping = /^(\s*)((?:-\s+)*)([A-Za-z_][\w-]*)\s*:\s+["']?([\w./-]*)$/.exec(before);
  if (valueTyping) {
    const indent = valueTyping[1]!.length + valueTyping[2]!.length;
    return { chain: parentChain(all, lineIndex, indent), key: valueTyping[3]!, from, word, mode: 'value' };
  }
  return undefined;
}

/** Work out what is being typed at `offset` in a JSON text, however half-typed it is. */
export function jsonCursorContext(text: string, offset: number): CursorContext | undefined {
  const c = readLenientJson(text, offset).cursor;
  if (!c.container) return undefined;
  const typing = c.inString !== undefined || c.inWord !== undefined;
  const from = c.inString !== undefined ? c.inString + 1 : (c.inWord ?? offset);
  const word = text.slice(from, offset);
  const opened = c.inString !== undefined;
  const json = { opened, closed: opened && /^[\w./-]*"/.test(text.slice(offset, offset + 200)) };
  if (c.container === 'object') {
    // After a value with the comma not typed yet, a new word is a key too.
    if (c.expect === 'key' || (c.expect === 'comma' && typing)) return { chain: c.keys, from, word, mode: 'key', json };
    if (c.expect === 'value' && c.key !== undefined)
      return { chain: c.keys, key: c.key, from, word, mode: 'value', json };
    return undefined;
  }
  // In a list: its items are values of the key that holds the list ("sources": [ ‸ ).
  if (c.expect === 'value' && c.keys.length)
    return { chain: c.keys.slice(0, -1), key: c.keys[c.keys.length - 1]!, from, word, mode: 'value', json };
  return undefined;
}

/** The cursor context in either format. */
function contextAt(text: string, offset: number, format: SourceFormat): CursorContext | undefined {
  return format === 'json' ? jsonCursorContext(text, offset) : cursorContext(text, offset);
}

/** The text a suggestion puts in: YAML as it is ("key: "), JSON with the quotes not typed yet. */
function applyText(ctx: CursorContext, label: string, asKey: boolean, quoted: boolean): string {
  if (!ctx.json) return asKey ? `${label}: ` : label;
  if (!quoted) return label;
  const open = ctx.json.opened ? '' : '"';
  if (ctx.json.closed) return `${open}${label}`;
  return asKey ? `${open}${label}": ` : `${open}${label}"`;
}

function typeSummary(s: JsonSchema | undefined): string {
  const r = resolve(s);
  if (!r) return '';
  if (r.const !== undefined) return `exactly ${JSON.stringify(r.const)}`;
  if (r.enum) return `one of ${r.enum.map(String).join(', ')}`;
  if (r.anyOf || r.oneOf) return (r.anyOf ?? r.oneOf)!.map(typeSummary).join(', or ');
  if (r.type === 'array') return `a list of ${typeSummary(r.items) || 'items'}`;
  if (r.type === 'object' || r.properties) return 'a map';
  if (r.type === 'integer') return 'a whole number';
  if (r.type === 'number') return 'a number';
  if (r.type === 'boolean') return 'true or false';
  if (r.pattern === '^[a-z0-9][a-z0-9_-]{0,63}$') return 'an id';
  if (r.type === 'string') return 'a text';
  return '';
}

function idsOfKind(kind: (typeof ID_KIND)[string], ids: FileIds): string[] {
  switch (kind) {
    case 'node':
      return ids.nodes;
    case 'ending':
      return ids.endings;
    case 'target':
      return [...ids.nodes, ...ids.endings];
    case 'advisor':
      return ids.advisors;
    case 'choice':
      return ids.choices;
    case 'source':
      return ids.sources;
    case 'flag':
      return ids.flags;
  }
}

/**
 * Completions at a cursor offset: keys of the map being written, enum values, the file's own ids.
 * `format` says how the text is written (a .json file is JSON).
 */
export function suggestionsAt(
  text: string,
  offset: number,
  format: SourceFormat = 'yaml',
): { from: number; options: Suggestion[] } | undefined {
  const ctx = contextAt(text, offset, format);
  if (!ctx) return undefined;
  if (ctx.mode === 'key') {
    const obj = objectAt(ctx.chain);
    // In a condition, a meter id is a key too.
    const inCondition = ['if', 'not', 'all', 'any'].includes(ctx.chain[ctx.chain.length - 1] ?? '');
    const options: Suggestion[] = [];
    if (obj?.properties) {
      const required = new Set(obj.required ?? []);
      for (const [k, v] of Object.entries(obj.properties))
        options.push({
          label: k,
          apply: applyText(ctx, k, true, true),
          kind: 'key',
          detail: `${required.has(k) ? 'required' : 'optional'}: ${typeSummary(v)}`,
        });
    }
    if (inCondition)
      for (const m of fileIds(text, format).meters)
        options.push({
          label: m,
          apply: ctx.json ? applyText(ctx, m, true, true) : m,
          kind: 'id',
          detail: 'meter test, e.g. ">= 50"',
        });
    if (ctx.chain[ctx.chain.length - 1] === 'effects')
      for (const m of fileIds(text, format).meters)
        options.push({
          label: m,
          apply: applyText(ctx, m, true, true),
          kind: 'key',
          detail: 'meter: a whole number to add',
        });
    return options.length ? { from: ctx.from, options } : undefined;
  }
  const key = ctx.key!;
  const prop = propertyAt(ctx.chain, key);
  const options: Suggestion[] = [];
  const enumOf = (s: JsonSchema | undefined): unknown[] =>
    s?.enum ?? (s?.const !== undefined ? [s.const] : s?.type === 'boolean' ? [true, false] : []);
  for (const v of enumOf(prop))
    options.push({
      label: String(v),
      apply: applyText(ctx, String(v), false, typeof v === 'string'),
      kind: 'value',
      detail: key,
    });
  const kind = ID_KIND[key];
  if (kind && !(key === 'choice' && ctx.chain[ctx.chain.length - 1] !== 'history'))
    for (const id of idsOfKind(kind, fileIds(text, format)))
      options.push({
        label: id,
        apply: applyText(ctx, id, false, true),
        kind: 'id',
        detail: `${kind === 'target' ? 'node or ending' : kind} id in this file`,
      });
  return options.length ? { from: ctx.from, options } : undefined;
}

/** Hover help for the key at an offset: what it is, required or not, its type, and where it is documented. */
export function hoverAt(
  text: string,
  offset: number,
  format: SourceFormat = 'yaml',
): { from: number; to: number; text: string } | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd);
  if (format === 'json') {
    // JSON strings never span lines, so the line's own strings are found from its start; a key is one followed by ":".
    for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"(?=\s*:)/g)) {
      const from = lineStart + m.index! + 1;
      const to = from + m[1]!.length;
      if (offset < from || offset > to) continue;
      // Read up to just inside the key's opening quote: the key is being "typed" there, in its object.
      const ctx = jsonCursorContext(text, from);
      return ctx ? keyHelp(ctx.chain, m[1]!, from, to) : undefined;
    }
    return undefined;
  }
  for (const m of line.matchAll(/([A-Za-z_][\w-]*)\s*:/g)) {
    const from = lineStart + m.index!;
    const to = from + m[1]!.length;
    if (offset < from || offset > to) continue;
    const ctx = cursorContext(text, from);
    if (!ctx) return undefined;
    return keyHelp(ctx.chain, m[1]!, from, to);
  }
  return undefined;
}

/** What the key `key` of the map at `chain` is, for hover. */
function keyHelp(
  chain: readonly string[],
  key: string,
  from: number,
  to: number,
): { from: number; to: number; text: string } | undefined {
  if (key.startsWith('x-'))
    return { from, to, text: `${key}: your own note; keys starting with x- are kept and ignored.` };
  const obj = objectAt(chain);
  const prop = resolve(obj?.properties?.[key]);
  const parent = chain[chain.length - 1] ?? '';
  if (!prop) {
    if (['if', 'not', 'all', 'any'].includes(parent))
      return {
        from,
        to,
        text: `${key}: a meter test in quotes, e.g. ${key}: ">= 50". See ${FORMAT_REFERENCE}#conditions`,
      };
    if (parent === 'effects')
      return { from, to, text: `${key}: a whole number added to meter "${key}" when this choice is taken.` };
    return undefined;
  }
  const required = (obj?.required ?? []).includes(key) ? 'required' : 'optional';
  const own = prop.description ?? resolve(prop.items)?.description;
  return { from, to, text: `${key} (${required}): ${typeSummary(prop)}.${own ? ` ${own}` : ''}` };
}

/** The node (or ending) whose entry holds an offset, for "Play from here" and the map's marker. */
export function entryAt(text: string, offset: number): { kind: 'node' | 'ending'; id: string } | undefined {
  let doc;
  try {
    doc = parseDocument(text, { logLevel: 'silent', uniqueKeys: false });
  } catch {
    return undefined;
  }
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  for (const kind of ['nodes', 'endings'] as const) {
    const pair = root.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === kind);
    const seq = pair?.value;
    if (!isSeq(seq)) continue;
    for (const item of seq.items as YamlNode[]) {
      if (!item?.range || offset < item.range[0] || offset > item.range[1]) continue;
      if (!isMap(item)) return undefined;
      const id = item.get('id');
      return typeof id === 'string' ? { kind: kind === 'nodes' ? 'node' : 'ending', id } : undefined;
    }
  }
  return undefined;
}
