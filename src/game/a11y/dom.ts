/** Building DOM nodes safely: text goes in with textContent only, never as markup. */

type Attrs = Record<string, string | number | boolean | undefined>;

/** Create an element with attributes and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    // Through the CSSOM, which a strict style-src Content-Security-Policy allows.
    else if (k === 'style') el.style.cssText = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

/** A button with a click handler. */
export function button(
  label: string,
  onClick: () => void,
  attrs: Attrs = {},
  ...children: (Node | string)[]
): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attrs }, ...(children.length ? children : [label]));
  b.addEventListener('click', onClick);
  return b;
}

/** Paragraphs from a text with blank-line breaks. */
export function paragraphs(text: string): HTMLParagraphElement[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => h('p', {}, p));
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
/** A unique element id. */
export function uid(prefix: string): string {
  return `${prefix}-${++idCounter}`;
}
