/**
 * The title screen's "Your scenarios" section: one card per library entry, with "New game",
 * "Copy link" (the whole file in the URL fragment) and "Remove". Text only, never HTML.
 */
import type { LibraryEntry } from '../library/entry.ts';
import { makeLink, makeLinkOf, type LinkKind, type LinkPart } from '../share/link.ts';
import { button, downloadText, h, uid } from './dom.ts';
import { openDialog } from './dialogs.ts';

/** What the cards ask of their owner. */
export interface LibraryViewActions {
  play(entry: LibraryEntry): void;
  remove(entry: LibraryEntry): void;
}

/** Render the "Your scenarios" section (empty entries render an explanation, not nothing). */
export function renderLibrary(doc: Document, entries: readonly LibraryEntry[], actions: LibraryViewActions, note?: string): HTMLElement {
  const headingId = uid('library-title');
  const section = h(doc, 'section', { class: 'cr-library', 'aria-labelledby': headingId }, h(doc, 'h2', { id: headingId }, 'Your scenarios'));
  if (note) section.appendChild(h(doc, 'p', { class: 'cr-note' }, note));
  if (!entries.length) {
    section.appendChild(h(doc, 'p', { class: 'cr-empty' }, 'Scenarios you load ("Load scenario file…", a dropped file, or a shared link) are kept here, in this browser.'));
    return section;
  }
  const list = h(doc, 'ul', { class: 'cr-library-list', 'aria-label': 'Loaded scenarios' });
  for (const e of entries) list.appendChild(h(doc, 'li', {}, renderCard(doc, e, actions)));
  section.appendChild(list);
  return section;
}

function renderCard(doc: Document, e: LibraryEntry, actions: LibraryViewActions): HTMLElement {
  const titleId = uid('library-card');
  const added = new Date(e.replaced ?? e.added);
  const when = Number.isNaN(added.getTime()) ? '' : added.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
  return h(
    doc,
    'article',
    { class: 'cr-card cr-library-card', 'aria-labelledby': titleId },
    h(doc, 'h3', { id: titleId }, e.title),
    h(doc, 'p', { class: 'cr-card-meta' }, `Version ${e.version} · ${e.fileName}${when ? ` · ${e.replaced ? 'replaced' : 'added'} ${when}` : ''}`),
    h(
      doc,
      'div',
      { class: 'cr-card-buttons' },
      button(doc, 'New game', () => actions.play(e)),
      button(doc, 'Copy link', () => void copyLink(doc, e.text, e.fileName, `"${e.title}"`)),
      button(doc, 'Remove', () => actions.remove(e)),
    ),
  );
}

/**
 * Make a `#s=` link for a scenario text, copy it to the clipboard when the browser lets us, and
 * show it in a dialog either way (so it can be copied by hand). Too large: say so, offer the file.
 */
export async function copyLink(doc: Document, text: string, fileName: string, title: string, kind: LinkKind = 'scenario', withScenario?: LinkPart): Promise<void> {
  // A replay of a library scenario carries the scenario too when both fit: the link then needs no file.
  const both = withScenario ? makeLinkOf(doc.location.href, [withScenario, { kind, text, fileName }]) : undefined;
  const made = both?.ok ? both : makeLink(doc.location.href, kind, text, fileName);
  if (!made.ok || !made.url) {
    openDialog(doc, 'Share link', (body, close) => {
      body.appendChild(h(doc, 'p', { class: 'cr-message' }, made.ok ? 'No link could be made.' : made.message));
      body.appendChild(
        h(
          doc,
          'div',
          { class: 'cr-dialog-buttons' },
          button(doc, 'Download file', () => downloadText(doc, fileName, text, 'text/plain')),
          button(doc, 'Close', () => close()),
        ),
      );
    });
    return;
  }
  const url = made.url;
  let copied = false;
  try {
    if (doc.defaultView?.navigator.clipboard) {
      await doc.defaultView.navigator.clipboard.writeText(url);
      copied = true;
    }
  } catch {
    copied = false;
  }
  openDialog(doc, 'Share link', (body, close) => {
    body.appendChild(
      h(
        doc,
        'p',
        { role: 'status' },
        `${copied ? `A link to ${title} is on your clipboard.` : `Copy this link to share ${title}.`} ${kind === 'scenario' ? 'Anyone who opens it gets this scenario in their library' : (both?.ok ? 'It carries the scenario too: anyone can open it in the replay viewer' : 'Anyone who has the scenario can open it in the replay viewer')}; the link holds everything, no server keeps it.`,
      ),
    );
    const inputId = uid('share-link');
    const input = h(doc, 'input', { id: inputId, type: 'text', readonly: true, class: 'cr-link-field', value: url });
    input.value = url;
    input.addEventListener('focus', () => input.select());
    body.appendChild(h(doc, 'label', { for: inputId }, 'Link'));
    body.appendChild(input);
    body.appendChild(h(doc, 'p', { class: 'cr-note' }, `${made.bytes.toLocaleString('en')} characters.`));
    const closeButton = button(doc, 'Close', () => close());
    body.appendChild(h(doc, 'div', { class: 'cr-dialog-buttons' }, closeButton));
    queueMicrotask(() => input.focus());
  });
}
