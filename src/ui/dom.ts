/**
 * The one small DOM kit every screen builds with (game mirror, teacher tools, replay viewer, …).
 * Text goes in through text nodes only and attributes through `setAttribute` with fixed names:
 * nothing from a file is ever parsed as HTML, so `<script>` or `onerror=` in a scenario shows as characters.
 */
import { splitParagraphs } from '../scenario/text.ts';

/** Children: elements, or text (becomes a text node); null/undefined/false are skipped. */
export type Child = Node | string | number | null | undefined | false;

/** Attributes: string values set as is; `true` sets an empty attribute; false/undefined skip it. */
export type Attrs = Record<string, string | number | boolean | undefined>;

/** Create an element with attributes and children (text children are text nodes, never HTML). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (/^on/i.test(k)) throw new Error(`h(): event handler attribute "${k}" is not allowed; use addEventListener`);
    // Through the CSSOM, which a strict style-src Content-Security-Policy allows.
    if (k === 'style') el.style.cssText = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, ...children);
  return el;
}

/** Append children (text as text nodes). */
export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** A button with a click handler; `children` replace the label as content when given. */
export function button(
  label: string,
  onClick: (ev: MouseEvent) => void,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attrs }, ...(children.length ? children : [label]));
  b.addEventListener('click', onClick);
  return b;
}

/** Paragraph elements of a plain text, reflowed as the canvas reflows it (see `splitParagraphs`). */
export function paragraphs(text: string): HTMLParagraphElement[] {
  return splitParagraphs(text).map((p) => h('p', {}, p));
}

/** An external link, only for http(s) URLs; anything else becomes plain text. */
export function safeLink(url: string | undefined, text: string): HTMLElement {
  if (url && /^https?:\/\//i.test(url)) {
    const a = h('a', { target: '_blank', rel: 'noopener noreferrer' }, text);
    a.href = url;
    return a;
  }
  return h('span', {}, text);
}

let idCounter = 0;
/** A document-unique id for aria-labelledby and friends. */
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** Offer a text as a file download (no server involved). */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: fileName, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The DOM event (bubbling) fired on a button whose label changed, so a layer that draws the button
 * elsewhere (the game's canvas twins) draws the new label: the hand-in's "Name on your path: Ana ✓".
 */
export const RELABELLED = 'cr-relabelled';
