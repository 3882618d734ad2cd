/**
 * A document of the project (the format reference, the authoring guide, the checker's rule list)
 * inside the site, in a dialog: its heading and Close stay in view while the text scrolls between
 * them, with a table of contents whose links jump to the sections. The Markdown is drawn with the
 * DOM kit, as text nodes only (never innerHTML): headings, paragraphs, lists, tables, code blocks,
 * `code`, **bold** and links (links inside the page jump to their heading; links to another of
 * these documents open it; web links open in a new tab; links to other files show as their text).
 */
import { openDialog, type OpenDialog } from '../ui/dialog.ts';
import { button, h, safeLink } from '../ui/dom.ts';

/** The project's documents that open inside the site, by their file name in docs/. */
export type HelpDoc = 'scenario-format.md' | 'authoring.md' | 'checker-rules.md';
export const HELP_DOCS: readonly HelpDoc[] = ['scenario-format.md', 'authoring.md', 'checker-rules.md'];

/** Opens another of the documents (at a heading when `anchor` names one). */
export type OpenHelpDoc = (file: HelpDoc, anchor?: string) => void;

/** How a page's links are followed: a heading of this page, or another document. */
interface Links {
  jump(anchor: string): void;
  open?: OpenHelpDoc;
}

/** The id a heading gets, as GitHub makes it ("Branching `next`" → "branching-next"). */
export function headingSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** Inline Markdown as nodes: `code`, **bold**, [text](target). */
function inline(text: string, links: Links): Node[] {
  const out: Node[] = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index! > last) out.push(document.createTextNode(text.slice(last, m.index)));
    if (m[1] !== undefined) out.push(h('code', {}, m[1]));
    else if (m[2] !== undefined) out.push(h('strong', {}, ...inline(m[2], links)));
    else {
      const label = m[3]!.replace(/`/g, '');
      const target = m[4]!;
      if (target.startsWith('#')) {
        const a = h('a', { href: target, class: 'cr-ref-jump' }, label);
        a.addEventListener('click', (ev) => {
          // Inside the dialog: never touch the address (its #s= and #r= carry shared files).
          ev.preventDefault();
          links.jump(target.slice(1));
        });
        out.push(a);
      } else {
        const other = /^(?:\.\/|docs\/)?([\w-]+\.md)(?:#(.*))?$/.exec(target);
        const file = other && (HELP_DOCS as readonly string[]).includes(other[1]!) ? (other[1] as HelpDoc) : undefined;
        if (file && links.open) {
          const open = links.open;
          const a = h('a', { href: `#${file}`, class: 'cr-ref-jump' }, label);
          a.addEventListener('click', (ev) => {
            ev.preventDefault();
            open(file, other?.[2]);
          });
          out.push(a);
        } else out.push(safeLink(target, label));
      }
    }
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}

/**
 * Draw a document's Markdown into `into`; `jump` scrolls to a heading by its slug, `open` opens
 * another document. Headings get the id `${idPrefix}${slug}`.
 */
export function renderReference(
  markdown: string,
  into: HTMLElement,
  jump: (anchor: string) => void,
  open?: OpenHelpDoc,
  idPrefix = 'cr-ref-',
): void {
  const links: Links = { jump, open };
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  const para: string[] = [];
  const flush = () => {
    if (para.length) into.appendChild(h('p', {}, ...inline(para.join(' '), links)));
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
      into.appendChild(h(`h${level}`, { id: `${idPrefix}${headingSlug(heading[2]!)}` }, ...inline(heading[2]!, links)));
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
          h('thead', {}, h('tr', {}, ...(head ?? []).map((c) => h('th', {}, ...inline(c, links))))),
          h('tbody', {}, ...body.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, ...inline(c, links)))))),
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
        li.append(...inline(text.join(' '), links));
        if (inner.length) renderReference(inner.join('\n'), li, jump, open, idPrefix);
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

/** The sections of a document: its `##` and `###` headings, in order. */
export function docSections(markdown: string): { level: 2 | 3; title: string; slug: string }[] {
  const out: { level: 2 | 3; title: string; slug: string }[] = [];
  let fenced = false;
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim().startsWith('```')) fenced = !fenced;
    const m = !fenced && /^(##|###)\s+(.*)$/.exec(line);
    if (m) out.push({ level: m[1]!.length as 2 | 3, title: m[2]!.replace(/`/g, ''), slug: headingSlug(m[2]!) });
  }
  return out;
}

let dialogCount = 0;

/**
 * Open a document in a dialog named `title`: the note under the heading, a table of contents
 * ("Contents", links to its sections), the text, and Close; the heading and Close stay in view
 * while the text between them scrolls. At a heading when `anchor` names one.
 */
export function openDocDialog(
  doc: Document,
  spec: { title: string; markdown: string; note: string; anchor?: string; open?: OpenHelpDoc },
): OpenDialog {
  dialogCount += 1;
  const prefix = `cr-doc${dialogCount}-`;
  return openDialog(
    doc,
    spec.title,
    (body, close) => {
      const scroller = h('div', { class: 'cr-doc-scroll', tabindex: '0', 'aria-label': `${spec.title}: text` });
      const text = h('div', { class: 'cr-reference' });
      const jump = (id: string) =>
        scroller
          .querySelector(`[id="${CSS.escape(prefix + id)}"]`)
          ?.scrollIntoView({ block: 'start', behavior: 'instant' });
      renderReference(spec.markdown, text, jump, spec.open, prefix);
      const sections = docSections(spec.markdown);
      const toc = h('nav', { class: 'cr-doc-toc', 'aria-label': 'Contents' });
      const top = h('ul', {});
      let sub: HTMLElement | undefined;
      for (const s of sections) {
        const a = h('a', { href: `#${s.slug}`, class: 'cr-ref-jump' }, s.title);
        a.addEventListener('click', (ev) => {
          // Inside the dialog: never touch the address (its #s= and #r= carry shared files).
          ev.preventDefault();
          jump(s.slug);
        });
        const li = h('li', {}, a);
        if (s.level === 2 || !top.lastElementChild) {
          top.appendChild(li);
          sub = undefined;
        } else {
          if (!sub) {
            sub = h('ul', {});
            top.lastElementChild.appendChild(sub);
          }
          sub.appendChild(li);
        }
      }
      toc.append(h('h3', {}, 'Contents'), top);
      scroller.append(toc, text);
      body.append(
        h('p', { class: 'cr-note' }, spec.note),
        scroller,
        h(
          'div',
          { class: 'cr-dialog-buttons cr-doc-buttons' },
          button('Close', () => close()),
        ),
      );
      if (spec.anchor) {
        const anchor = spec.anchor;
        queueMicrotask(() => jump(anchor));
      }
    },
    { className: 'cr-editor-reference-dialog cr-doc-dialog' },
  );
}
