/**
 * "Copy link" for a library scenario or a replay: the whole text, compressed, in the URL fragment,
 * copied to the clipboard and shown in the "Share link" dialog. Text only, never HTML.
 */
import { makeLink, makeLinkOf, type LinkKind, type LinkPart } from '../share/link.ts';
import { makePathLink } from '../share/path-link.ts';
import type { CompiledScenario } from '../engine/machine.ts';
import type { ReplayFile } from '../scenario/schema.ts';
import { button, downloadText, h, uid } from '../ui/dom.ts';
import { openDialog } from './dialogs.ts';
import { qrCodeOf } from '../class-review/qr.ts';
import { qrSvg } from '../class-review/hand-in.ts';

/** The timer a class link can fix, as the game's `?timer=` reads it, with the words the teacher picks from. */
const CLASS_TIMERS = [
  ['normal', 'Normal time'],
  ['double', 'Double time'],
  ['off', 'No timers'],
] as const;

/** A link for a whole class: `url` with `?seed=` (the same chance draws for all) and `?timer=` fixed. */
export function classLinkOf(url: string, seed: number, timer: string): string {
  const u = new URL(url);
  u.searchParams.set('seed', String(seed >>> 0));
  u.searchParams.set('timer', timer);
  return u.toString();
}

/**
 * "For a class": the timer to fix, "Copy link for the class" (a fresh seed, so every student meets
 * the same chance draws; the timer fixed, so no student can change it) and its QR code.
 */
function classLinkSection(doc: Document, url: string, title: string): HTMLElement {
  const timerId = uid('class-timer');
  const select = h('select', { id: timerId }, ...CLASS_TIMERS.map(([v, label]) => h('option', { value: v }, label)));
  const fieldId = uid('class-link');
  const field = h('input', { id: fieldId, type: 'text', readonly: true, class: 'cr-link-field' });
  field.addEventListener('focus', () => field.select());
  const said = h('p', { role: 'status', class: 'cr-note' });
  const qrBox = h('div', {});
  const shown = h('div', { hidden: true }, h('label', { for: fieldId }, 'Class link'), field, said, qrBox);
  let link = '';
  const make = async () => {
    const seed = doc.defaultView!.crypto.getRandomValues(new Uint32Array(1))[0]!;
    link = classLinkOf(url, seed, select.value);
    field.value = link;
    shown.hidden = false;
    qrBox.replaceChildren();
    let copied = false;
    try {
      await doc.defaultView?.navigator.clipboard.writeText(link);
      copied = true;
    } catch {
      copied = false;
    }
    const timer = CLASS_TIMERS.find(([v]) => v === select.value)![1].toLowerCase();
    said.textContent = `${copied ? 'On your clipboard: a' : 'Copy this'} link to ${title} for the class: every student gets the same chance draws (seed ${seed}) and ${timer}, which students cannot change.`;
  };
  const showQr = async () => {
    if (!link) await make();
    const qr = await qrCodeOf(link);
    qrBox.replaceChildren(
      qr.ok ? qrSvg(doc, qr, 'QR code of the class link') : h('p', { class: 'cr-message' }, qr.message),
    );
  };
  return h(
    'section',
    { class: 'cr-class-link', 'aria-label': 'For a class' },
    h('h3', {}, 'For a class'),
    h('label', { for: timerId }, 'Timer for the class'),
    select,
    h(
      'div',
      { class: 'cr-dialog-buttons' },
      button('Copy link for the class', () => void make()),
      button('Show QR code of the class link', () => void showQr()),
    ),
    shown,
  );
}

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
  /** A replay on its scenario: the link is the short `#p=` one (only the choices and the seed) when it can be. */
  path?: { replay: ReplayFile; compiled: CompiledScenario },
): Promise<void> {
  const short = path ? makePathLink(doc.location.href, path.replay, path.compiled) : undefined;
  // Otherwise a replay of a library scenario carries the scenario too when both fit: the link then needs no file.
  const both =
    !short && withScenario ? makeLinkOf(doc.location.href, [withScenario, { kind, text, fileName }]) : undefined;
  const made = short ?? (both?.ok ? both : makeLink(doc.location.href, kind, text, fileName));
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
        `${copied ? `A link to ${title} is on your clipboard.` : `Copy this link to share ${title}.`} ${kind === 'scenario' ? 'Anyone who opens it gets this scenario in their library; the link holds everything, no server keeps it.' : short ? `It holds only the choices and the seed: anyone who has the scenario "${path!.compiled.scenario.title}" (version ${path!.compiled.scenario.version}) can open it in the replay viewer or add it to Class review; no server keeps it.` : `${both?.ok ? 'It carries the scenario too: anyone can open it in the replay viewer' : 'Anyone who has the scenario can open it in the replay viewer'}; the link holds everything, no server keeps it.`}`,
      ),
    );
    const inputId = uid('share-link');
    const input = h('input', { id: inputId, type: 'text', readonly: true, class: 'cr-link-field', value: url });
    input.value = url;
    input.addEventListener('focus', () => input.select());
    body.appendChild(h('label', { for: inputId }, 'Link'));
    body.appendChild(input);
    body.appendChild(h('p', { class: 'cr-note' }, `${made.bytes.toLocaleString('en')} characters.`));
    if (kind === 'scenario') body.appendChild(classLinkSection(doc, url, title));
    const closeButton = button('Close', () => close());
    body.appendChild(h('div', { class: 'cr-dialog-buttons' }, closeButton));
    queueMicrotask(() => input.focus());
  });
}
