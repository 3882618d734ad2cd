/**
 * Plain-language messages for the YAML mistakes teachers really make (an unquoted meter test, a
 * colon inside a text, a list item without its "-", a mis-indented key), in place of the parser's
 * own words, with the follow-on errors of one mistake folded into it.
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
  if (code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'MULTILINE_IMPLICIT_KEY') {
    const value = keyLine?.[3] ?? '';
    const key = keyLine?.[2] ?? '';
    if (keyLine && value && !/^["'{[|>&*!]/.test(value) && /:\s/.test(value)) {
      return {
        severity: 'error',
        rule: 'syntax',
        message: `the text after "${key}:" has a colon and a space in it, which YAML reads as another key: put the whole text in quotes, e.g. ${key}: "${value.replace(/"/g, '\\"')}"`,
        line: at.line,
        col: text.indexOf(value, keyLine[1]!.length + key.length + 1) + 1,
      };
    }
    // A plain value followed by a deeper `key:` line: that key was indented too far.
    if (keyLine) {
      const keyIndent = keyLine[1]!.replace(/-\s+$/, (d) => ' '.repeat(d.length)).length;
      for (let i = at.line; i < lines.length; i++) {
        const next = lines[i]!;
        if (isBlankOrComment(next)) continue;
        const nk = KEY_LINE.exec(next);
        if (nk && indentOf(next) > keyIndent) {
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
    out.push({ ...explainSyntaxError(lines, { line: p.line, col: p.col }, first.message, first.code), file });
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col);
}
