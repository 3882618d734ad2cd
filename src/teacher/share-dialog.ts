/**
 * "Copy link" for a library scenario or a replay: the whole text, compressed, in the URL fragment,
 * copied to the clipboard and shown in the "Share link" dialog. Text only, never HTML.
 */
import { makeLink, makeLinkOf, type LinkKind, type LinkPart } from '../share/link.ts';
import { button, downloadText, h, uid } from '../ui/dom.ts';
import { openDialog } from './dialogs.ts';

/**
 * Make a `#s=` link for a scenario text, copy it to the clipboard when the browser lets us, and
 * show it in a dialog either way (so it can be copied by hand). Too large: say so, offer the file.
 */
export async function copyLink(
  doc: Document,
  text: string,
  fileName: string,
  title: string,
  kind: LinkKind = 'scenario',
  withScenario?: LinkPart,
): Promise<void> {
  // A replay of a library scenario carries the scenario too when both fit: the link then needs no file.
  const both = withScenario ? makeLinkOf(doc.location.href, [withScenario, { kind, text, fileName }]) : undefined;
  const made = both?.ok ? both : makeLink(doc.location.href, kind, text, fileName);
  if (!made.ok || !made.url) {
    openDialog(doc, 'Share link', (body, close) => {
      body.appendChild(h('p', { class: 'cr-message' }, made.ok ? 'No link could be made.' : made.message));
      body.appendChild(
        h(
          'div',
          { class: 'cr-dialog-buttons' },
          button('Download file', () => downloadText(fileName, text, 'text/plain')),
          button('Close', () => close()),
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
        'p',
        { role: 'status' },
        `${copied ? `A link to ${title} is on your clipboard.` : `Copy this link to share ${title}.`} ${kind === 'scenario' ? 'Anyone who opens it gets this scenario in their library' : both?.ok ? 'It carries the scenario too: anyone can open it in the replay viewer' : 'Anyone who has the scenario can open it in the replay viewer'}; the link holds everything, no server keeps it.`,
      ),
    );
    const inputId = uid('share-link');
    const input = h('input', { id: inputId, type: 'text', readonly: true, class: 'cr-link-field', value: url });
    input.value = url;
    input.addEventListener('focus', () => input.select());
    body.appendChild(h('label', { for: inputId }, 'Link'));
    body.appendChild(input);
    body.appendChild(h('p', { class: 'cr-note' }, `${made.bytes.toLocaleString('en')} characters.`));
    const closeButton = button('Close', () => close());
    body.appendChild(h('div', { class: 'cr-dialog-buttons' }, closeButton));
    queueMicrotask(() => input.focus());
  });
}
