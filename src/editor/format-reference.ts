/**
 * The scenario format reference (docs/scenario-format.md) inside the editor, so the help's link
 * works wherever the game is served, with no copy of the repository beside it. The Markdown is
 * drawn with the DOM kit, as text nodes only: headings, paragraphs, lists, tables, code blocks,
 * `code`, **bold** and links (links inside the page jump to their heading; web links open in a new
 * tab; links to other files of the project show as their text).
 */
import reference from '../../docs/scenario-format.md?raw';
import { FORMAT_REFERENCE } from '../scenario/schema.ts';
import { openDialog, type OpenDialog } from '../ui/dialog.ts';
import { button, h, safeLink } from '../ui/dom.ts';

/** The id a heading gets, as GitHub makes it ("Branching `next`" → "branching-next"). */
export function headingSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** Inline Markdown as nodes: `code`, **bold**, [text](target). */
function inline(text: string, jump: (anchor: string) => void): Node[] {
  const out: Node[] = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index! > last) out.push(document.createTextNode(text.slice(last, m.index)));
    if (m[1] !== undefined) out.push(h('code', {}, m[1]));
    else if (m[2] !== undefined) out.push(h('strong', {}, ...inline(m[2], jump)));
    else {
      const label = m[3]!.replace(/`/g, '');
      const target = m[4]!;
      if (target.startsWith('#')) {
        const a = h('a', { href: target, class: 'cr-ref-jump' }, label);
        a.addEventListener('click', (ev) => {
          // Inside the dialog: never touch the address (its #s= and #r= carry shared files).
          ev.preventDefault();
          jump(target.slice(1));
        });
        out.push(a);
      } else out.push(safeLink(target, label));
    }
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}

/** Draw the reference's Markdown into `into`; `jump` scrolls to a heading by its id. */
export function renderReference(markdown: string, into: HTMLElement, jump: (anchor: string) => void): void {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  const para: string[] = [];
  const flush = () => {
    if (para.length) into.appendChild(h('p', {}, ...inline(para.join(' '), jump)));
    para.length = 0;
  };
  while (i < lines.length) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed.startsWith('```')) {
      flush();
      const indent = line.length - line.trimStart().length;
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i]!.trim().startsWith('```'); i++) code.push(lines[i]!.slice(indent));
      i++;
      into.appendChild(h('pre', {}, h('code', {}, code.join('\n'))));
      continue;
    }
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const level = Math.min(6, heading[1]!.length + 2) as 3 | 4 | 5 | 6;
      into.appendChild(h(`h${level}`, { id: `cr-ref-${headingSlug(heading[2]!)}` }, ...inline(heading[2]!, jump)));
      i++;
      continue;
    }
    if (trimmed.startsWith('|')) {
      flush();
      const rows: string[][] = [];
      for (; i < lines.length && lines[i]!.trim().startsWith('|'); i++) {
        const cells = lines[i]!.trim()
          .replace(/^\||\|$/g, '')
          .split(/(?<!\\)\|/)
          .map((c) => c.trim());
        if (!cells.every((c) => /^:?-+:?$/.test(c))) rows.push(cells);
      }
      const [head, ...body] = rows;
      into.appendChild(
        h(
          'table',
          {},
          h('thead', {}, h('tr', {}, ...(head ?? []).map((c) => h('th', {}, ...inline(c, jump))))),
          h('tbody', {}, ...body.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, ...inline(c, jump)))))),
        ),
      );
      continue;
    }
    const item = /^(\s*)(-|\d+\.)\s+(.*)$/.exec(line);
    if (item && item[1]!.length === 0) {
      flush();
      const ordered = item[2] !== '-';
      const list = h(ordered ? 'ol' : 'ul', {});
      // Items and their continuation lines (indented); a code block inside an item stays in it.
      while (i < lines.length) {
        const m = /^(-|\d+\.)\s+(.*)$/.exec(lines[i]!);
        if (!m) break;
        const li = h('li', {});
        const text = [m[2]!];
        const inner: string[] = [];
        for (i++; i < lines.length && /^\s+\S/.test(lines[i]!); i++) {
          if (lines[i]!.trim().startsWith('```') || inner.length) inner.push(lines[i]!);
          else text.push(lines[i]!.trim());
        }
        li.append(...inline(text.join(' '), jump));
        if (inner.length) renderReference(inner.join('\n'), li, jump);
        list.appendChild(li);
        if (i < lines.length && lines[i]!.trim() === '' && /^(-|\d+\.)\s/.test(lines[i + 1] ?? '')) i++;
      }
      into.appendChild(list);
      continue;
    }
    if (!trimmed) flush();
    else para.push(trimmed);
    i++;
  }
  flush();
}

/** Open the format reference in a dialog, at a heading when `anchor` names one. */
export function openFormatReference(doc: Document, anchor?: string): OpenDialog {
  return openDialog(
    doc,
    'Scenario format reference',
    (body, close) => {
      const text = h('div', { class: 'cr-reference' });
      const jump = (id: string) =>
        doc.getElementById(`cr-ref-${id}`)?.scrollIntoView({ block: 'start', behavior: 'instant' });
      renderReference(reference, text, jump);
      body.append(
        h('p', { class: 'cr-note' }, `This is ${FORMAT_REFERENCE} of the Crisis Room project.`),
        text,
        h(
          'div',
          { class: 'cr-dialog-buttons' },
          button('Close', () => close()),
        ),
      );
      if (anchor) queueMicrotask(() => jump(anchor));
    },
    { className: 'cr-editor-reference-dialog' },
  );
}
