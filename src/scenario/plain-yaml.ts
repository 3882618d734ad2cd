/**
 * A fast reader for the plain YAML that scenario files are written in: block maps and lists,
 * flow `[…]` and `{…}`, plain, single- and double-quoted one-line scalars, and comments.
 * It keeps no positions. Whenever a text steps outside that subset, or might be an error, it gives
 * up (`undefined`) and the caller reads the text with the full `yaml` parser, which reports
 * errors with positions. Where it returns data, that data equals the full parser's (YAML 1.2 core
 * schema, unique keys); tests/unit/property.test.ts checks this on every fixture and on thousands
 * of mutated files.
 */

/** Thrown inside the reader when the text leaves the subset; never escapes `parsePlainYaml`. */
const GIVE_UP = Symbol('give up');

/** Deeper than this the reader gives up (the checker's own depth limit is lower). */
const MAX_NESTING = 100;

// Characters that may not start a plain scalar (YAML 1.2, c-indicator), besides "-", "?" and ":".
const INDICATOR = new Set([...',[]{}#&*!|>\'"%@`']);
const FLOW_END = new Set([...',[]{}']);
const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const NOT_A_STRING_KEY = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^-?[0-9]{1,15}$/;
const FLOAT = /^-?[0-9]{1,15}\.[0-9]{1,15}$/;
// The core schema's other number forms (octal, hex, signed, exponent, .inf, .nan, "5."): left to the full parser.
const OTHER_NUMBER =
  /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;
// Line breaks other than \n, tabs, control characters and a byte-order mark inside the text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for.
const OUTSIDE_SUBSET = /[\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]/;
const ESCAPES: Record<string, string> = {
  '\\': '\\',
  '"': '"',
  '/': '/',
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '0': '\0',
};

const NL = 10;
const SPACE = 32;
const HASH = 35;
const COLON = 58;

/** `,`, `[`, `]`, `{` or `}`: the characters that end a plain scalar inside a flow collection. */
function isFlowEnd(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

/** The data of a YAML text in the plain subset, or undefined when the full parser must read it. */
export function parsePlainYaml(text: string): unknown {
  if (OUTSIDE_SUBSET.test(text)) return undefined;
  try {
    return new PlainYamlReader(text).document();
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

function giveUp(): never {
  throw GIVE_UP;
}

/**
 * A plain scalar without its trailing spaces and tabs, the only white space YAML trims; any other
 * (an em space U+2003, what `trimEnd` also removes) is left to the full parser to judge.
 */
function yamlTrimEnd(s: string): string {
  const t = s.replace(/[ \t]+$/, '');
  if (/\s$/.test(t)) giveUp();
  return t;
}

/** The value of a plain scalar under the core schema, for the forms this reader resolves itself. */
function plainValue(s: string): unknown {
  // Most scalars are words: only these first characters can start a null, a boolean or a number.
  if (s.length > 0 && !/[-+.~0-9nNtTfF]/.test(s[0]!)) return s;
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  if (INT.test(s)) return Number(s);
  if (FLOAT.test(s)) return Number.parseFloat(s);
  if (OTHER_NUMBER.test(s)) giveUp();
  return s;
}

/** Set a key once, as an own data property; a repeated key or "__proto__" is left to the full parser. */
function setKey(map: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__' || Object.hasOwn(map, key)) giveUp();
  map[key] = value;
}

class PlainYamlReader {
  private i = 0;
  private depth = 0;
  constructor(private readonly s: string) {}

  document(): unknown {
    const ind = this.nextIndent();
    if (ind < 0) giveUp();
    this.i += ind;
    const c = this.s[this.i];
    // Directives and document markers are left to the full parser.
    if (c === '%' || this.s.startsWith('---', this.i) || this.s.startsWith('...', this.i)) giveUp();
    let value: unknown;
    if (c === '[' || c === '{') {
      value = this.flow(-1);
      this.endOfLine();
    } else value = this.block(ind);
    if (this.nextIndent() >= 0) giveUp();
    return value;
  }

  /** From a line start: skip blank and comment lines; the next content line's indentation (i stays at its start), or -1 at the end. */
  private nextIndent(): number {
    const s = this.s;
    for (;;) {
      if (this.i >= s.length) return -1;
      let j = this.i;
      while (s.charCodeAt(j) === SPACE) j++;
      if (j >= s.length) {
        this.i = j;
        return -1;
      }
      const c = s.charCodeAt(j);
      if (c === NL) this.i = j + 1;
      else if (s[j] === '#') {
        const nl = s.indexOf('\n', j);
        this.i = nl < 0 ? s.length : nl + 1;
      } else return j - this.i;
    }
  }

  /** After a value on a line: only spaces and a comment may follow; moves to the next line start. */
  private endOfLine(): void {
    const s = this.s;
    let j = this.i;
    while (s.charCodeAt(j) === SPACE) j++;
    if (j < s.length && s.charCodeAt(j) !== NL) {
      if (s[j] !== '#' || j === this.i) giveUp();
      j = s.indexOf('\n', j);
      if (j < 0) j = s.length;
    }
    this.i = j < s.length ? j + 1 : j;
  }

  private enter(): void {
    if (++this.depth > MAX_NESTING) giveUp();
  }

  /** A block map or list whose first line's content starts at i, at column `indent`. */
  private block(indent: number): unknown {
    if (this.isDash(this.i)) return this.blockList(indent);
    return this.blockMap(indent);
  }

  /** "-" followed by a space or the line's end: a block list item. */
  private isDash(j: number): boolean {
    if (this.s[j] !== '-') return false;
    const n = this.s.charCodeAt(j + 1);
    return j + 1 >= this.s.length || n === SPACE || n === NL;
  }

  /** A key and its ":" at i (plain name or one-line quoted); undefined, with i unchanged, when there is none. */
  private key(): string | undefined {
    const s = this.s;
    const start = this.i;
    let key: string;
    if (s[start] === '"' || s[start] === "'") {
      key = this.quoted();
      if (s[this.i] !== ':') {
        this.i = start;
        return undefined;
      }
    } else {
      let j = start;
      while (j < s.length && s[j] !== ':' && s.charCodeAt(j) !== NL) j++;
      if (s[j] !== ':') return undefined;
      key = s.slice(start, j);
      // Not a plain name: a value (a flow map, an address), or a key only the full parser reads.
      if (!KEY.test(key)) return undefined;
      this.i = j;
    }
    const after = s.charCodeAt(this.i + 1);
    if (this.i + 1 < s.length && after !== SPACE && after !== NL) {
      this.i = start;
      return undefined;
    }
    if (NOT_A_STRING_KEY.test(key) || key.length > 1024) giveUp();
    this.i++; // the ":"
    return key;
  }

  private blockMap(indent: number): Record<string, unknown> {
    this.enter();
    const out: Record<string, unknown> = {};
    for (;;) {
      const key = this.key();
      if (key === undefined) giveUp();
      setKey(out, key, this.afterIndicator(indent, true));
      const ind = this.nextIndent();
      if (ind < indent) break;
      if (ind > indent) giveUp();
      this.i += ind;
    }
    this.depth--;
    return out;
  }

  private blockList(indent: number): unknown[] {
    this.enter();
    const out: unknown[] = [];
    for (;;) {
      this.i++; // the "-"
      let j = this.i;
      while (this.s.charCodeAt(j) === SPACE) j++;
      const c = this.s[j];
      if (j < this.s.length && c !== '\n' && c !== '#') {
        this.i = j;
        const at = this.i;
        // "- key: value" starts a map whose keys line up at this column.
        if (this.isDash(j) || this.s[j] === '?') giveUp();
        if (this.key() !== undefined) {
          this.i = at;
          out.push(this.blockMap(at - this.lineStart(at)));
        } else out.push(this.inline(indent));
      } else out.push(this.afterIndicator(indent, false));
      const ind = this.nextIndent();
      if (ind < indent) break;
      if (ind > indent) giveUp();
      if (!this.isDash(this.i + ind)) break; // a key of the map this list is the value of
      this.i += ind;
    }
    this.depth--;
    return out;
  }

  private lineStart(at: number): number {
    return this.s.lastIndexOf('\n', at - 1) + 1;
  }

  /** The value after "key:" or "-" of a collection at column `indent`: on this line, below it, or none. */
  private afterIndicator(indent: number, inMap: boolean): unknown {
    const s = this.s;
    let j = this.i;
    while (s.charCodeAt(j) === SPACE) j++;
    if (j < s.length && s.charCodeAt(j) !== NL && !(s[j] === '#' && j > this.i)) {
      if (j === this.i) giveUp();
      this.i = j;
      return this.inline(indent);
    }
    this.endOfLine();
    const ind = this.nextIndent();
    if (ind > indent || (inMap && ind === indent && this.isDash(this.i + ind))) {
      this.i += ind;
      return this.block(ind);
    }
    return null;
  }

  /** A value that starts on this line (flow collection, quoted or plain scalar); ends at the next line start. */
  private inline(indent: number): unknown {
    const s = this.s;
    const c = s[this.i]!;
    let value: unknown;
    if (c === '[' || c === '{') {
      value = this.flow(indent);
      this.endOfLine();
    } else if (c === '"' || c === "'") {
      value = this.quoted();
      this.endOfLine();
    } else if (c === '|' || c === '>') {
      value = this.blockScalar(indent);
    } else {
      if (INDICATOR.has(c) || ((c === '-' || c === '?' || c === ':') && this.isSpaceOrEnd(this.i + 1))) giveUp();
      let end = this.i;
      let cut = -1;
      for (; end < s.length; end++) {
        const ch = s.charCodeAt(end);
        if (ch === NL) break;
        if (ch === HASH && cut < 0 && s.charCodeAt(end - 1) === SPACE) cut = end;
      }
      const raw = yamlTrimEnd(s.slice(this.i, cut >= 0 ? cut : end));
      if (raw.includes(': ') || raw.endsWith(':')) giveUp();
      value = plainValue(raw);
      this.i = end < s.length ? end + 1 : end;
    }
    // A more indented line after a one-line value continues it (or is an error): the full parser decides.
    const ind = this.nextIndent();
    if (ind > indent) giveUp();
    return value;
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar with clip or strip (`-`) chomping, whose lines are
   * indented past `indent`; ends at the start of the first line less indented than its text.
   */
  private blockScalar(indent: number): string {
    const s = this.s;
    const literal = s[this.i] === '|';
    this.i++;
    const strip = s[this.i] === '-';
    if (strip) this.i++;
    // Keep chomping (+) and indentation indicators are left to the full parser.
    if (s.charCodeAt(this.i) !== SPACE && s.charCodeAt(this.i) !== NL && this.i < s.length) giveUp();
    this.endOfLine();
    const lines: string[] = [];
    const gaps: number[] = [];
    let blank = 0;
    let textIndent = -1;
    for (;;) {
      if (this.i >= s.length) break;
      const end = s.indexOf('\n', this.i);
      if (end < 0) giveUp(); // a last line without its line break: left to the full parser
      let j = this.i;
      while (s.charCodeAt(j) === SPACE) j++;
      if (j === end) {
        // An empty line; more spaces than the text's indentation would be content.
        if (textIndent >= 0 ? j - this.i > textIndent : j - this.i > indent + 1) giveUp();
        blank++;
        this.i = end + 1;
        continue;
      }
      const ind = j - this.i;
      if (textIndent < 0) {
        if (ind <= indent) giveUp(); // an empty block scalar
        textIndent = ind;
      }
      if (ind < textIndent) break;
      // More-indented lines fold differently: left to the full parser.
      if (ind > textIndent && !literal) giveUp();
      if (lines.length > 0) gaps.push(blank);
      else if (blank > 0) giveUp(); // empty lines before the text
      blank = 0;
      lines.push(s.slice(this.i + textIndent, end));
      this.i = end + 1;
    }
    if (lines.length === 0) giveUp();
    // Trailing empty lines belong to the scalar only under keep chomping; i stays at the next content line.
    let out = lines[0]!;
    for (let k = 1; k < lines.length; k++) {
      const g = gaps[k - 1]!;
      out += (literal ? '\n'.repeat(g + 1) : g === 0 ? ' ' : '\n'.repeat(g)) + lines[k];
    }
    return strip ? out : out + '\n';
  }

  private isSpaceOrEnd(j: number): boolean {
    const c = this.s.charCodeAt(j);
    return j >= this.s.length || c === SPACE || c === NL;
  }

  /** A one-line quoted scalar at i; i ends after the closing quote. */
  private quoted(): string {
    const s = this.s;
    const q = s[this.i];
    let out = '';
    let j = this.i + 1;
    for (;;) {
      if (j >= s.length) giveUp();
      const c = s[j]!;
      if (c === '\n') giveUp();
      if (c === q) {
        if (q === "'" && s[j + 1] === "'") {
          out += "'";
          j += 2;
          continue;
        }
        break;
      }
      if (c === '\\' && q === '"') {
        const e = s[j + 1]!;
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(j + 2, j + 6))) {
          out += String.fromCharCode(Number.parseInt(s.slice(j + 2, j + 6), 16));
          j += 6;
          continue;
        }
        const r = ESCAPES[e];
        if (r === undefined) giveUp();
        out += r;
        j += 2;
        continue;
      }
      out += c;
      j++;
    }
    this.i = j + 1;
    return out;
  }

  /** Skip spaces, line breaks and comments inside a flow collection; continuation lines must be indented past `indent`. */
  private flowSpace(indent: number): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === SPACE) this.i++;
      else if (c === NL) {
        this.i++;
        let j = this.i;
        while (s.charCodeAt(j) === SPACE) j++;
        if (j < s.length && s.charCodeAt(j) !== NL && j - this.i <= indent) giveUp();
        this.i = j;
      } else if (s[this.i] === '#') {
        const p = s.charCodeAt(this.i - 1);
        if (p !== SPACE && p !== NL) giveUp();
        const nl = s.indexOf('\n', this.i);
        if (nl < 0) giveUp();
        this.i = nl;
      } else return;
    }
  }

  /** A flow list or map at i, inside a block collection at column `indent`. */
  private flow(indent: number): unknown {
    const s = this.s;
    this.enter();
    const open = s[this.i];
    const close = open === '[' ? ']' : '}';
    this.i++;
    const list: unknown[] = open === '[' ? [] : (undefined as never);
    const map: Record<string, unknown> = open === '{' ? {} : (undefined as never);
    let first = true;
    for (;;) {
      this.flowSpace(indent);
      if (s[this.i] === close) {
        // "[a, ]": a trailing comma is left to the full parser.
        if (!first) giveUp();
        break;
      }
      if (open === '[') {
        list.push(this.flowValue(indent));
      } else {
        const key = this.key();
        if (key === undefined) giveUp();
        setKey(map, key, this.flowValue(indent));
      }
      first = false;
      this.flowSpace(indent);
      const c = s[this.i];
      if (c === ',') {
        this.i++;
        this.flowSpace(indent);
        if (s[this.i] === close) giveUp();
        continue;
      }
      if (c === close) break;
      giveUp();
    }
    this.i++; // the closing bracket
    this.depth--;
    return open === '[' ? list : map;
  }

  /** A value inside a flow collection. */
  private flowValue(indent: number): unknown {
    const s = this.s;
    this.flowSpace(indent);
    const c = s[this.i];
    if (c === undefined) giveUp();
    if (c === '[' || c === '{') return this.flow(indent);
    if (c === '"' || c === "'") {
      const v = this.quoted();
      if (s[this.i] === ':') giveUp();
      return v;
    }
    if (INDICATOR.has(c) || ((c === '-' || c === '?' || c === ':') && this.isSpaceOrEnd(this.i + 1))) giveUp();
    const start = this.i;
    let j = start;
    for (; j < s.length; j++) {
      const ch = s.charCodeAt(j);
      if (ch === NL || isFlowEnd(ch)) break;
      if (ch === COLON) {
        const n = s.charCodeAt(j + 1);
        // ": " or ":" before a flow indicator would make this a key: left to the full parser.
        if (j + 1 >= s.length || n === SPACE || n === NL || isFlowEnd(n)) giveUp();
      }
      if (ch === HASH && s.charCodeAt(j - 1) === SPACE) break;
    }
    this.i = j;
    if (s[j] === '\n' || s[j] === '#') {
      // A plain scalar that goes on past a line break (or a comment) is folded: left to the full parser.
      this.flowSpace(indent);
      if (!FLOW_END.has(s[this.i] ?? '')) giveUp();
    }
    return plainValue(yamlTrimEnd(s.slice(start, j)));
  }
}
