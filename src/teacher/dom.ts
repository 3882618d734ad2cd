/**
 * The one way the teacher and replay-viewer layers build DOM: text goes in through `textContent`
 * only, attributes through `setAttribute` with fixed names. Nothing from a file is ever parsed as
 * HTML, so `<script>` or `onerror=` in a scenario shows as characters.
 */

/** Children: elements, or text (becomes a text node); null/undefined/false are skipped. */
export type Child = Node | string | number | null | undefined | false;

/** Attributes: string values set as is; `true` sets an empty attribute; false/undefined skip it. */
export type Attrs = Record<string, string | number | boolean | undefined>;

/** Create an element with attributes and children (text children are text nodes, never HTML). */
export function h<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (/^on/i.test(k)) throw new Error(`h(): event handler attribute "${k}" is not allowed; use addEventListener`);
    el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, ...children);
  return el;
}

/** Append children (text as text nodes). */
export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(
      typeof c === 'string' || typeof c === 'number' ? parent.ownerDocument!.createTextNode(String(c)) : c,
    );
  }
}

/** Paragraphs of plain text (a blank line separates them, as the format says). */
export function paragraphs(doc: Document, text: string, attrs: Attrs = {}): HTMLElement {
  const box = h(doc, 'div', attrs);
  for (const p of text.split(/\r?\n\s*\r?\n/)) {
    const t = p.trim();
    if (t) box.appendChild(h(doc, 'p', {}, t));
  }
  return box;
}

/** A button with a click handler. */
export function button(
  doc: Document,
  label: string,
  onClick: (ev: MouseEvent) => void,
  attrs: Attrs = {},
): HTMLButtonElement {
  const b = h(doc, 'button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

let idCounter = 0;
/** A document-unique id for aria-labelledby and friends. */
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** Offer a text as a file download (no server involved). */
export function downloadText(doc: Document, fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h(doc, 'a', { href: url, download: fileName, hidden: true });
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
