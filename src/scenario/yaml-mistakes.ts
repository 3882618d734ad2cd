/**
 * Plain-language messages for the YAML mistakes teachers really make (an unquoted meter test, a
 * colon inside a text, a list item without its "-", a mis-indented key, a key without its colon,
 * two lines joined into one), in place of the parser's own words, each at the line and column of
 * the mistake itself, with the follow-on errors of one mistake folded into it.
 */
import { isMap, isPair, isScalar, isSeq, visit, type Document, type LineCounter, type YAMLError } from 'yaml';
import type { Diagnostic } from './diagnostics.ts';

type Position = { line: number; col: number };

/** A `key: value` line: indent (with a list dash), key, and where the value starts. */
const KEY_LINE = /^(\s*(?:-\s+)?)([A-Za-z_][\w-]*|"[^"]*"|'[^']*'):(?:\s+(.*))?$/;
/** An unquoted meter test such as `>= 40` after a key (block or flow style). */
const METER_TEST = /([A-Za-z_][\w-]*):[ \t]+((?:>=|<=|==|!=|>|<|=)[ \t]*-?\d+(?:\.\d+)?)/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** A line that starts with a word and no colon after it: `title "Painful peace"`, `- id act`, `choices`. */
const NO_COLON_LINE = /^(\s*(?:-\s+)?)([A-Za-z_][\w-]*)(?:[ \t]+(.*))?$/;

/** The keys written as `key:` at the start of some line of the file. */
function keysOfFile(lines: string[]): Set<string> {
  const keys = new Set<string>();
  for (const l of lines) {
    const k = KEY_LINE.exec(l);
    if (k) keys.add(k[2]!);
  }
  return keys;
}

/** The column (1-based) where a line's key starts, after any list dash. */
function keyColumn(keyLine: RegExpExecArray): number {
  return keyLine[1]!.length + 1;
}

/**
 * `key: some text  other: value`: a second `key:` inside the value, where `other` is a key this
 * file uses elsewhere, or comes after two spaces (where a line break was lost). Where `other`
 * starts, or undefined.
 */
function joinedKey(value: string, keys: Set<string>): { key: string; index: number } | undefined {
  const re = /(\s+)([a-z][\w-]*):(?:\s|$)/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    if (keys.has(m[2]!) || m[1]!.length >= 2 || m[1]!.includes('\t'))
      return { key: m[2]!, index: m.index + m[1]!.length };
  }
  return undefined;
}

function isBlankOrComment(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}

/** What is wrong at the first syntax error, said for a teacher, and where. */
function explainSyntaxError(
  lines: string[],
  at: Position,
  parserMessage: string,
  code: string,
): Omit<Diagnostic, 'file'> {
  const text = lines[at.line - 1] ?? '';
  const meter = METER_TEST.exec(text);
  if (meter) {
    const col = meter.index + text.slice(meter.index).indexOf(meter[2]!) + 1;
    return {
      severity: 'error',
      rule: 'syntax',
      message: `a meter test must be in quotes: write ${meter[1]}: "${meter[2]}" (YAML reads a bare ">" or "<" as the start of a block of text)`,
      line: at.line,
      col,
    };
  }
  const keyLine = KEY_LINE.exec(text);
  const noColon = keyLine ? null : NO_COLON_LINE.exec(text);
  if (noColon) {
    const key = noColon[2]!;
    const value = noColon[3] ?? '';
    const written = value ? `${key}: ${value}` : `${key}:`;
    const col = keyColumn(noColon) + key.length;
    const known = keysOfFile(lines).has(key);
    return {
      severity: 'error',
      rule: 'syntax',
      message: known
        ? `a colon is missing after "${key}": write ${written}`
        : `this line does not start with "key:": if "${key}" is a key, put a colon after it (${written}); if the line goes on with the text above, indent it further than that text's key`,
      line: at.line,
      col,
    };
  }
  if (code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'MULTILINE_IMPLICIT_KEY') {
    const value = keyLine?.[3] ?? '';
    const key = keyLine?.[2] ?? '';
    const valueCol = keyLine ? text.indexOf(value, keyLine[1]!.length + key.length + 1) + 1 : 0;
    const joined = keyLine && value && !/^["'{[|>&*!]/.test(value) ? joinedKey(value, keysOfFile(lines)) : undefined;
    if (keyLine && joined) {
      const col = valueCol + joined.index;
      return {
        severity: 'error',
        rule: 'syntax',
        message: `two lines seem to be joined here: "${joined.key}:" starts a key of its own; break the line before "${joined.key}" and start "${joined.key}" on a new line in column ${keyColumn(keyLine)}, under "${key}" (if it is all one text, put the whole text in quotes instead)`,
        line: at.line,
        col,
      };
    }
    if (keyLine && value && !/^["'{[|>&*!]/.test(value) && /:\s/.test(value)) {
      return {
        severity: 'error',
        rule: 'syntax',
        message: `the text after "${key}:" has a colon and a space in it, which YAML reads as another key: put the whole text in quotes, e.g. ${key}: "${value.replace(/"/g, '\\"')}"`,
        line: at.line,
        col: valueCol,
      };
    }
    // A plain value followed by a deeper `key:` line: that key was indented too far, unless the
    // keys around this line agree with it, and this line is the one indented too little.
    if (keyLine) {
      const keyIndent = keyLine[1]!.replace(/-\s+$/, (d) => ' '.repeat(d.length)).length;
      for (let i = at.line; i < lines.length; i++) {
        const next = lines[i]!;
        if (isBlankOrComment(next)) continue;
        const nk = KEY_LINE.exec(next);
        if (nk && indentOf(next) > keyIndent) {
          const under = underIndented(lines, at.line, keyIndent, i + 1, indentOf(next));
          if (under) {
            const dash = keyLine[1]!.includes('-');
            return {
              severity: 'error',
              rule: 'syntax',
              message: tooLittle(key, keyIndent + 1, under, indentOf(next) + 1, dash),
              line: at.line,
              col: keyIndent + 1,
            };
          }
          return {
            severity: 'error',
            rule: 'syntax',
            message: `"${nk[2]}" is indented further than "${key}" above it: keys of the same map must start in the same column (column ${keyIndent + 1})`,
            line: i + 1,
            col: indentOf(next) + 1,
          };
        }
        break;
      }
    }
  }
  if ((code === 'BAD_INDENT' || code === 'MISSING_CHAR') && keyLine && !keyLine[1]!.includes('-')) {
    const col = indentOf(text) + 1;
    const key = keyLine[2]!;
    // The line this one belongs under is the nearest one above that is indented less (or as much):
    // a "- " there, in this very column, means this line lost its dash.
    let nearest: { key: string; col: number } | undefined;
    for (let i = at.line - 2; i >= 0; i--) {
      const prev = lines[i]!;
      if (isBlankOrComment(prev)) continue;
      const indent = indentOf(prev);
      const prevKey = KEY_LINE.exec(prev);
      if (indent <= col - 1) {
        if (indent === col - 1 && /^\s*-(\s|$)/.test(prev)) {
          // The item's other keys, above and below, start after the dash: then this key (not a
          // new item's "id") belongs with them and is indented too little.
          const itemKeys = prevKey && prevKey[1]!.includes('-') ? prevKey[1]!.length : -1;
          const above = siblingAbove(lines, at.line, itemKeys);
          const below = nextContent(lines, at.line);
          if (
            key !== 'id' &&
            above &&
            (below === undefined || indentOf(below) <= col - 1 || indentOf(below) === itemKeys)
          )
            return {
              severity: 'error',
              rule: 'syntax',
              message: tooLittle(key, col, `"${above}" above it`, itemKeys + 1, false),
              line: at.line,
              col,
            };
          return {
            severity: 'error',
            rule: 'syntax',
            message: `this line starts a new list item without its "-": write "- ${key}: …" (the dash in the same column as the "-" above)`,
            line: at.line,
            col,
          };
        }
        // A "- key:" line above: its key is a sibling too.
        if (prevKey && prevKey[1]!.includes('-') && prevKey[1]!.length > col - 1) {
          if (!nearest || prevKey[1]!.length + 1 < nearest.col)
            nearest = { key: prevKey[2]!, col: prevKey[1]!.length + 1 };
        }
        break;
      }
      if (prevKey && !prevKey[1]!.includes('-') && (!nearest || indent + 1 < nearest.col))
        nearest = { key: prevKey[2]!, col: indent + 1 };
    }
    if (nearest)
      return {
        severity: 'error',
        rule: 'syntax',
        message: `"${key}" is not lined up with "${nearest.key}" above it: it starts in column ${col}, "${nearest.key}" in column ${nearest.col}; keys of the same map must start in the same column`,
        line: at.line,
        col,
      };
  }
  return { severity: 'error', rule: 'syntax', message: `not valid YAML: ${parserMessage.split('\n')[0]}`, ...at };
}

/**
 * Line `line` (1-based, its key in column `indent`+1) is followed by a deeper key line `next`:
 * when the key line just above `line`, or another key line after `next`, is as deep as `next`,
 * the keys agree with each other and `line` is the one indented too little. Says which keys
 * (e.g. `"choice" above it and "sources" below it`), or undefined.
 */
function underIndented(
  lines: string[],
  line: number,
  indent: number,
  next: number,
  deeper: number,
): string | undefined {
  let above: string | undefined;
  for (let i = line - 2; i >= 0; i--) {
    const prev = lines[i]!;
    if (isBlankOrComment(prev)) continue;
    const pk = KEY_LINE.exec(prev);
    if (pk && !pk[1]!.includes('-') && indentOf(prev) === deeper) above = pk[2]!;
    break;
  }
  const below = [KEY_LINE.exec(lines[next - 1]!)![2]!];
  for (let i = next; i < lines.length; i++) {
    const l = lines[i]!;
    if (isBlankOrComment(l)) continue;
    if (indentOf(l) < deeper) break;
    const k = KEY_LINE.exec(l);
    if (k && indentOf(l) === deeper && !k[1]!.includes('-')) below.push(k[2]!);
  }
  if ((!above && below.length < 2) || indent >= deeper) return undefined;
  const keysBelow =
    below.length === 1
      ? `"${below[0]}" below it`
      : `the keys below it ("${below[0]}", "${below[1]}"${below.length > 2 ? ', …' : ''})`;
  return above ? `"${above}" above it and ${keysBelow}` : keysBelow;
}

/** The key of the nearest line above `line` (1-based) when that line is a key line whose key starts at `indent`. */
function siblingAbove(lines: string[], line: number, indent: number): string | undefined {
  for (let i = line - 2; i >= 0; i--) {
    const prev = lines[i]!;
    if (isBlankOrComment(prev)) continue;
    const k = KEY_LINE.exec(prev);
    return k && k[1]!.length === indent ? k[2] : undefined;
  }
  return undefined;
}

/** The next line after `line` (1-based) that is not blank or a comment. */
function nextContent(lines: string[], line: number): string | undefined {
  return lines.slice(line).find((l) => !isBlankOrComment(l));
}

/** The plain words for a key that starts `by` columns too far left. */
function tooLittle(key: string, col: number, others: string, othersCol: number, dash: boolean): string {
  const by = othersCol - col;
  const move = dash
    ? `move the "-" ${by} space${by === 1 ? '' : 's'} to the right`
    : `move "${key}" to column ${othersCol}`;
  return `"${key}" is indented too little: it starts in column ${col}, but ${others} start${/^"[^"]*" (above|below) it$/.test(others) ? 's' : ''} in column ${othersCol}; ${move}, so that the keys of the same map start in the same column`;
}

/**
 * List items that lost their "-": a map inside a list whose keys repeat (`id` again, or two keys
 * again). One diagnostic each, at the first repeated key, and the ranges whose duplicate-key
 * errors it explains.
 */
function missingDashes(
  doc: Document.Parsed,
  lc: LineCounter,
): { diagnostic: Omit<Diagnostic, 'file'>; range: [number, number] }[] {
  const out: { diagnostic: Omit<Diagnostic, 'file'>; range: [number, number] }[] = [];
  visit(doc, {
    Seq(_, seq) {
      if (!isSeq(seq)) return;
      for (const item of seq.items) {
        if (!isMap(item) || !item.range) continue;
        const seen = new Set<string>();
        const repeated: { key: string; offset: number }[] = [];
        for (const p of item.items) {
          if (!isPair(p) || !isScalar(p.key)) continue;
          const k = String(p.key.value);
          if (seen.has(k)) repeated.push({ key: k, offset: p.key.range?.[0] ?? 0 });
          seen.add(k);
        }
        if (repeated.length >= 2 || repeated.some((r) => r.key === 'id')) {
          const first = repeated[0]!;
          const pos = lc.linePos(first.offset);
          out.push({
            diagnostic: {
              severity: 'error',
              rule: 'syntax',
              message: `a list item is missing its "-": "${first.key}" appears a second time in the same item here; start the new item with "- ${first.key}: …"`,
              line: pos.line,
              col: pos.col,
            },
            range: [item.range[0], item.range[2]],
          });
        }
      }
    },
  });
  return out;
}

/**
 * The diagnostics for a YAML text the parser refused: the first syntax error explained, with the
 * errors that follow from it folded in; list items without a "-" as one message each; other
 * duplicate keys as they are.
 */
export function explainYamlErrors(
  errors: readonly YAMLError[],
  doc: Document.Parsed,
  text: string,
  lc: LineCounter,
  file: string,
): Diagnostic[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const out: Diagnostic[] = [];
  const duplicates = errors.filter((e) => e.code === 'DUPLICATE_KEY');
  const others = errors.filter((e) => e.code !== 'DUPLICATE_KEY').sort((a, b) => a.pos[0] - b.pos[0]);
  const dashes = duplicates.length ? missingDashes(doc, lc) : [];
  for (const d of dashes) out.push({ ...d.diagnostic, file });
  const first = others[0];
  for (const e of duplicates.slice(0, 20)) {
    if (dashes.some((d) => e.pos[0] >= d.range[0] && e.pos[0] <= d.range[1])) continue;
    // After a syntax error the parser's idea of which map a key is in is a guess: fold those in.
    if (first && e.pos[0] >= first.pos[0]) continue;
    const p = lc.linePos(e.pos[0]);
    out.push({
      severity: 'error',
      rule: 'duplicate-key',
      message: 'this key appears twice in the same map',
      file,
      line: p.line,
      col: p.col,
    });
  }
  if (first) {
    const p = lc.linePos(first.pos[0]);
    const explained = explainSyntaxError(lines, { line: p.line, col: p.col }, first.message, first.code);
    out.push({ ...explained, file });
    // A key moved into the wrong map by the mistake is a duplicate there: the same mistake.
    return out
      .filter((d) => !(d.rule === 'duplicate-key' && d.line === explained.line))
      .sort((a, b) => a.line - b.line || a.col - b.col);
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col);
}
