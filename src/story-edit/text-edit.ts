/**
 * Edits on a scenario's text through the `yaml` library's document model, written back by
 * replacing only the characters of the node that changed: comments, key order, quoting, blank
 * lines and everything else the teacher wrote stay exactly as they were. JSON files are read by
 * the same parser (JSON is YAML's flow style) and written back as JSON. Pure: no DOM.
 */
import { isCollection, isMap, isPair, isScalar, isSeq, parseDocument, stringify, type Document } from 'yaml';
import type { Node as YamlNode, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/** A data path into the scenario: keys of maps and indexes of lists, from the top. */
export type EditPath = readonly (string | number)[];

/** How the file is written. */
export type TextFormat = 'yaml' | 'json';

/** One replacement in the text (what the editor dispatches as one change). */
export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

/** An edit that cannot be made on this text (a syntax error, or a path that is not there). */
export class StoryEditError extends Error {}

/** The parsed document of a text (throws StoryEditError when the text has a syntax error). */
export function parseStory(text: string): Document.Parsed {
  const doc = parseDocument(text, { version: '1.2', uniqueKeys: false, logLevel: 'silent' });
  if (doc.errors.length)
    throw new StoryEditError(
      `the text has a syntax error (${doc.errors[0]!.message.split('\n')[0]}): fix it in the Text view`,
    );
  return doc;
}

/** The plain data of a text, or undefined when it cannot be read. */
export function readStoryData(text: string): unknown {
  try {
    return parseStory(text).toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

/** The smallest single change that turns `before` into `after` (common start and end kept). */
export function diffText(before: string, after: string): TextChange {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end))
    end++;
  return { from: start, to: before.length - end, insert: after.slice(start, after.length - end) };
}

interface Located {
  node: YamlNode | null;
}

function keyMatches(pair: unknown, key: string | number): pair is Pair<YamlNode, YamlNode | null> {
  return isPair(pair) && isScalar(pair.key) && String(pair.key.value) === String(key);
}

/** The node at a path (null for a key without a value), or undefined when the path is not there. */
export function nodeAtPath(doc: Document.Parsed, path: EditPath): Located | undefined {
  let node = doc.contents as YamlNode | null;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyMatches(p, seg));
      if (!pair) return undefined;
      node = pair.value as YamlNode | null;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as YamlNode | undefined;
      if (item === undefined) return undefined;
      node = item;
    } else return undefined;
  }
  return { node };
}

/** The path of the deepest key or value that holds `offset` (for mapping a checker position to a field). */
export function pathAtOffset(doc: Document.Parsed, offset: number): (string | number)[] {
  const path: (string | number)[] = [];
  let node = doc.contents as YamlNode | null;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = p.key as YamlNode | null;
        const v = p.value as YamlNode | null;
        const from = k?.range?.[0] ?? v?.range?.[0];
        const to = v?.range?.[1] ?? k?.range?.[1];
        return from !== undefined && to !== undefined && offset >= from && offset <= to;
      });
      if (!pair || !isScalar(pair.key)) return path;
      path.push(String(pair.key.value));
      node = pair.value as YamlNode | null;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((it) => {
        const r = (it as YamlNode | null)?.range;
        return !!r && offset >= r[0] && offset <= r[1];
      });
      if (i < 0) return path;
      path.push(i);
      node = node.items[i] as YamlNode;
    } else return path;
  }
}

const spaces = (n: number) => ' '.repeat(Math.max(0, n));
const lineStart = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
const colOf = (text: string, at: number) => at - lineStart(text, at);
function lineEnd(text: string, at: number): number {
  const i = text.indexOf('\n', at);
  return i < 0 ? text.length : i;
}
/** The indentation of the line holding `at`. */
function lineIndent(text: string, at: number): number {
  const s = lineStart(text, at);
  let i = s;
  while (text[i] === ' ') i++;
  return i - s;
}

function isPlainValue(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

/** The line breaks (and blank lines) a block node's text ends with: kept when it is replaced. */
function trailingBreaks(slice: string): string {
  return /\n[ \t\n]*$/.exec(slice)?.[0] ?? '';
}

/** A YAML value in a flow collection (`{ … }` / `[ … ]`): quoted where flow syntax needs it. */
function flowYaml(v: unknown): string {
  const s = stringify({ v }, { collectionStyle: 'flow', lineWidth: 0 }).trim();
  return s.slice(s.indexOf(':') + 1, -1).trim();
}

/** JSON, pretty like the file, continuation lines indented from `indent`. */
function jsonText(v: unknown, indent: number): string {
  return JSON.stringify(v, null, 2)
    .split('\n')
    .map((l, i) => (i ? spaces(indent) + l : l))
    .join('\n');
}

/**
 * A string, number or boolean as a block-context YAML scalar: a `|` block (lines indented to
 * `base + 2`) for a text of several lines, the original quoting kept for one line.
 */
function blockScalar(v: unknown, base: number, type?: Scalar['type']): string {
  if (typeof v === 'string' && v.includes('\n')) {
    const body = v.endsWith('\n') ? v.slice(0, -1) : v;
    // A block cannot start with spaces (without an indentation sign) or keep several final breaks simply.
    if (/^[ \t]/.test(body) || body.endsWith('\n') || /[\r\t]/.test(body)) return JSON.stringify(v);
    const head = v.endsWith('\n') ? '|' : '|-';
    return `${head}\n${body
      .split('\n')
      .map((l) => (l ? spaces(base + 2) + l : ''))
      .join('\n')}`;
  }
  if (typeof v === 'string' && type === 'QUOTE_DOUBLE') return JSON.stringify(v);
  if (typeof v === 'string' && type === 'QUOTE_SINGLE') return `'${v.replace(/'/g, "''")}'`;
  return stringify(v, { lineWidth: 0 }).trimEnd();
}

/** A collection in block style, its first line where it stands and the rest indented to `col`. */
function blockCollection(v: unknown, col: number): string {
  return stringify(v, { lineWidth: 0 })
    .trimEnd()
    .split('\n')
    .map((l, i) => (i && l ? spaces(col) + l : l))
    .join('\n');
}

function isEmptyCollection(v: unknown): boolean {
  return !!v && typeof v === 'object' && Object.keys(v).length === 0;
}

/** A value after `key:` in a block map whose keys start at `col`: " text", or a block on the next lines. */
function blockPairValue(v: unknown, col: number): string {
  if (isPlainValue(v)) return ` ${blockScalar(v, col)}`;
  if (isEmptyCollection(v)) return Array.isArray(v) ? ' []' : ' {}';
  return `\n${spaces(col + 2)}${blockCollection(v, col + 2)}`;
}

/** A list item's text after "- ", its continuation lines indented past the dash at `dashCol`. */
function blockItem(v: unknown, dashCol: number): string {
  if (isPlainValue(v)) return blockScalar(v, dashCol);
  if (isEmptyCollection(v)) return Array.isArray(v) ? '[]' : '{}';
  return blockCollection(v, dashCol + 2);
}

function keyText(key: string, json: boolean): string {
  return json ? JSON.stringify(key) : stringify(key).trimEnd();
}

function rangeOf(n: YamlNode | null | undefined): [number, number] | undefined {
  return n?.range ? [n.range[0], n.range[1]] : undefined;
}

/** Where a map's pair starts and its value ends. */
function pairSpan(p: Pair): [number, number] {
  const k = rangeOf(p.key as YamlNode);
  const v = rangeOf(p.value as YamlNode | null);
  const from = k?.[0] ?? v?.[0] ?? 0;
  return [from, v?.[1] ?? k?.[1] ?? from];
}

/** Whether a flow collection is written over several lines (then new entries go on lines of their own). */
function multiLine(text: string, c: YAMLMap | YAMLSeq): boolean {
  const r = c.range;
  return !!r && text.slice(r[0], r[1]).includes('\n');
}

/** A text editing session over one scenario text: each edit re-reads the new text. */
export class StoryText {
  private docCache: Document.Parsed | undefined;
  constructor(
    private current: string,
    readonly format: TextFormat,
  ) {}

  /** The text after the edits so far. */
  get text(): string {
    return this.current;
  }

  /** The document of the current text. */
  get doc(): Document.Parsed {
    this.docCache ??= parseStory(this.current);
    return this.docCache;
  }

  /** The plain value at a path (undefined when absent). */
  get(path: EditPath): unknown {
    const at = nodeAtPath(this.doc, path);
    if (!at) return undefined;
    const n = at.node;
    return n && typeof (n as { toJSON?: unknown }).toJSON === 'function'
      ? (n as unknown as { toJSON(): unknown }).toJSON()
      : isScalar(n)
        ? n.value
        : (n ?? null);
  }

  private get json(): boolean {
    return this.format === 'json';
  }

  private apply(from: number, to: number, insert: string): void {
    const next = this.current.slice(0, from) + insert + this.current.slice(to);
    const doc = parseStory(next);
    this.current = next;
    this.docCache = doc;
  }

  private collectionAt(path: EditPath): YAMLMap | YAMLSeq | undefined {
    const at = nodeAtPath(this.doc, path);
    return at && (isMap(at.node) || isSeq(at.node)) ? (at.node as YAMLMap | YAMLSeq) : undefined;
  }

  /** Set the value at a path (creating missing maps on the way); `undefined` removes the key. */
  set(path: EditPath, value: unknown): this {
    if (!path.length) throw new StoryEditError('cannot replace the whole file');
    const parentPath = path.slice(0, -1);
    const key = path[path.length - 1]!;
    const parent = this.collectionAt(parentPath);
    if (!parent) {
      if (value === undefined) return this;
      if (typeof key === 'number') throw new StoryEditError(`no list at ${parentPath.join('.')}`);
      return this.set(parentPath, { [key]: value });
    }
    if (isMap(parent)) {
      const pair = parent.items.find((p) => keyMatches(p, key));
      if (value === undefined) {
        if (pair) this.removePair(parentPath, parent, pair);
      } else if (pair) this.replaceValue(parent, pair, value);
      else this.addPair(parent, String(key), value);
      return this;
    }
    if (typeof key !== 'number') throw new StoryEditError(`${parentPath.join('.')} is a list`);
    if (value === undefined) return this.remove(path);
    if (key < parent.items.length) this.replaceItem(parent, key, value);
    else this.insert(parentPath, value);
    return this;
  }

  /** Add an item to the list at a path (at `index`, or at the end); a missing list is created. */
  insert(path: EditPath, value: unknown, index?: number): this {
    const seq = this.collectionAt(path);
    if (!seq) {
      const at = nodeAtPath(this.doc, path);
      if (at && at.node !== null && !(isScalar(at.node) && at.node.value === null))
        throw new StoryEditError(`${path.join('.')} is not a list`);
      return this.set(path, [value]);
    }
    if (!isSeq(seq)) throw new StoryEditError(`${path.join('.')} is not a list`);
    const items = seq.items as YamlNode[];
    const i = index === undefined ? items.length : Math.max(0, Math.min(index, items.length));
    const text = this.current;
    if (this.json || seq.flow) {
      const r = seq.range!;
      if (!items.length) {
        const open = text.indexOf('[', r[0]);
        return this.applyThen(
          open + 1,
          open + 1,
          this.json ? jsonText(value, lineIndent(text, r[0])) : flowYaml(value),
        );
      }
      const ml = multiLine(text, seq);
      const anchor = items[Math.min(i, items.length - 1)]!;
      const indent = colOf(text, anchor.range![0]);
      const v = this.json ? jsonText(value, indent) : flowYaml(value);
      const sep = ml ? `,\n${spaces(indent)}` : ', ';
      if (i === items.length) return this.applyThen(anchor.range![1], anchor.range![1], `${sep}${v}`);
      return this.applyThen(anchor.range![0], anchor.range![0], `${v}${sep}`);
    }
    const dashAt = seq.range![0];
    const dashCol = colOf(text, dashAt);
    const item = `${spaces(dashCol)}- ${blockItem(value, dashCol)}`;
    if (i < items.length) {
      const at = lineStart(text, items[i]!.range![0]);
      return this.applyThen(at, at, `${item}\n`);
    }
    const end = items[items.length - 1]!.range![1];
    if (text[end - 1] === '\n') return this.applyThen(end, end, `${item}\n`);
    const le = lineEnd(text, end);
    return this.applyThen(le, le, `\n${item}`);
  }

  /** Remove the key or list item at a path (nothing when it is not there). */
  remove(path: EditPath): this {
    if (!path.length) throw new StoryEditError('cannot remove the whole file');
    const parentPath = path.slice(0, -1);
    const key = path[path.length - 1]!;
    const parent = this.collectionAt(parentPath);
    if (!parent) return this;
    if (isMap(parent)) {
      const pair = parent.items.find((p) => keyMatches(p, key));
      if (pair) this.removePair(parentPath, parent, pair);
      return this;
    }
    if (typeof key !== 'number' || key >= parent.items.length) return this;
    const items = parent.items as YamlNode[];
    const text = this.current;
    if (items.length === 1) {
      const r = parent.range!;
      if (this.json || parent.flow) {
        const open = text.indexOf('[', r[0]);
        const close = text.lastIndexOf(']', r[1]);
        return this.applyThen(open + 1, close, '');
      }
      return this.set(parentPath, []);
    }
    if (this.json || parent.flow) {
      const item = items[key]!;
      if (key < items.length - 1) return this.applyThen(item.range![0], items[key + 1]!.range![0], '');
      return this.applyThen(items[key - 1]!.range![1], item.range![1], '');
    }
    const item = items[key]!;
    const from = lineStart(text, item.range![0]);
    const to =
      key < items.length - 1
        ? lineStart(text, items[key + 1]!.range![0])
        : text[item.range![1] - 1] === '\n'
          ? item.range![1]
          : Math.min(text.length, lineEnd(text, item.range![1]) + 1);
    return this.applyThen(from, to, '');
  }

  /** Rename the key `from` of the map at `path` to `to`, in place: its value, comments and order stay. */
  renameKey(path: EditPath, from: string, to: string): this {
    const map = this.collectionAt(path);
    if (!map || !isMap(map)) return this;
    const pair = map.items.find((p) => keyMatches(p, from));
    const r = rangeOf(pair?.key as YamlNode | undefined);
    if (!pair || !r) return this;
    const key = pair.key as YamlNode;
    const type = isScalar(key) ? key.type : undefined;
    const text = this.json
      ? JSON.stringify(to)
      : type === 'QUOTE_DOUBLE'
        ? JSON.stringify(to)
        : type === 'QUOTE_SINGLE'
          ? `'${to.replace(/'/g, "''")}'`
          : keyText(to, false);
    return this.applyThen(r[0], r[1], text);
  }

  /** Move a list item from one index to another (for reordering choices). */
  move(path: EditPath, from: number, to: number): this {
    const items = this.get(path);
    if (!Array.isArray(items) || from === to || !(from in items)) return this;
    const value = items[from] as unknown;
    this.remove([...path, from]);
    return this.insert(path, value, to);
  }

  private applyThen(from: number, to: number, insert: string): this {
    this.apply(from, to, insert);
    return this;
  }

  private replaceItem(seq: YAMLSeq, index: number, value: unknown): void {
    const item = seq.items[index] as YamlNode;
    const r = item.range!;
    const text = this.current;
    if (this.json || seq.flow) {
      this.apply(r[0], r[1], this.json ? jsonText(value, colOf(text, r[0])) : flowYaml(value));
      return;
    }
    const dashCol = colOf(text, seq.range![0]);
    const old = text.slice(r[0], r[1]);
    this.apply(r[0], r[1], blockItem(value, dashCol) + trailingBreaks(old));
  }

  private replaceValue(map: YAMLMap, pair: Pair, value: unknown): void {
    const text = this.current;
    const old = pair.value as YamlNode | null;
    const keyNode = pair.key as YamlNode;
    const oldRange = rangeOf(old);
    if (this.json || map.flow) {
      if (!oldRange) throw new StoryEditError('a key without a value in a flow map');
      const v = this.json ? jsonText(value, lineIndent(text, keyNode.range![0])) : flowYaml(value);
      this.apply(oldRange[0], oldRange[1], v);
      return;
    }
    const keyCol = colOf(text, keyNode.range![0]);
    const colon = text.indexOf(':', keyNode.range![1]);
    const end = oldRange?.[1] ?? colon + 1;
    const tail = oldRange ? trailingBreaks(text.slice(oldRange[0], oldRange[1])) : '';
    if (old && isScalar(old) && oldRange && isPlainValue(value) && old.value !== null) {
      // Only the scalar's own characters change (its quoting kept).
      this.apply(oldRange[0], oldRange[1], blockScalar(value, keyCol, old.type) + tail);
      return;
    }
    if (old && isCollection(old) && old.flow && oldRange && !isPlainValue(value)) {
      this.apply(oldRange[0], oldRange[1], flowYaml(value));
      return;
    }
    if (old && isCollection(old) && !old.flow && oldRange && !isPlainValue(value) && !isEmptyCollection(value)) {
      const col = colOf(text, oldRange[0]);
      this.apply(oldRange[0], oldRange[1], blockCollection(value, col) + tail);
      return;
    }
    this.apply(colon + 1, end, blockPairValue(value, keyCol) + tail);
  }

  private addPair(map: YAMLMap, key: string, value: unknown): void {
    const text = this.current;
    const items = map.items as Pair[];
    if (this.json || map.flow) {
      if (!items.length) {
        const open = text.indexOf('{', map.range![0]);
        const kv = this.json
          ? `${keyText(key, true)}: ${jsonText(value, lineIndent(text, open))}`
          : ` ${keyText(key, false)}: ${flowYaml(value)} `;
        this.apply(open + 1, open + 1, kv);
        return;
      }
      const last = items[items.length - 1]!;
      const [from, end] = pairSpan(last);
      const ml = multiLine(text, map);
      const indent = ml ? colOf(text, from) : 0;
      const v = this.json ? jsonText(value, ml ? indent : lineIndent(text, from)) : flowYaml(value);
      this.apply(end, end, `${ml ? `,\n${spaces(indent)}` : ', '}${keyText(key, this.json)}: ${v}`);
      return;
    }
    const col = colOf(text, (items[0]!.key as YamlNode).range![0]);
    const entry = `${spaces(col)}${keyText(key, false)}:${blockPairValue(value, col)}`;
    const [, end] = pairSpan(items[items.length - 1]!);
    if (text[end - 1] === '\n') this.apply(end, end, `${entry}\n`);
    else {
      const le = lineEnd(text, end);
      this.apply(le, le, `\n${entry}`);
    }
  }

  private removePair(mapPath: EditPath, map: YAMLMap, pair: Pair): void {
    const text = this.current;
    const items = map.items as Pair[];
    const i = items.indexOf(pair);
    if (items.length === 1) {
      if (this.json || map.flow) {
        const open = text.indexOf('{', map.range![0]);
        const close = text.lastIndexOf('}', map.range![1]);
        this.apply(open + 1, close, '');
      } else if (mapPath.length) this.set(mapPath, {});
      else throw new StoryEditError('cannot remove the last key of the file');
      return;
    }
    const [from, end] = pairSpan(pair);
    if (this.json || map.flow) {
      if (i < items.length - 1) this.apply(from, pairSpan(items[i + 1]!)[0], '');
      else this.apply(pairSpan(items[i - 1]!)[1], end, '');
      return;
    }
    const before = text.slice(lineStart(text, from), from);
    if (/^\s*$/.test(before) === false) {
      // The first key of a list item ("- id: …"): the next key moves up beside the dash.
      this.apply(from, pairSpan(items[i + 1]!)[0], '');
      return;
    }
    const to =
      i < items.length - 1
        ? lineStart(text, pairSpan(items[i + 1]!)[0])
        : text[end - 1] === '\n'
          ? end
          : Math.min(text.length, lineEnd(text, end) + 1);
    this.apply(lineStart(text, from), to, '');
  }
}

/** The format a file name implies. */
export function formatOfName(fileName: string): TextFormat {
  return /\.json$/i.test(fileName) ? 'json' : 'yaml';
}
