/**
 * The debrief's hand-in: a "Your name" field kept in the replay's `player` (so "Export decision
 * path" and "Copy replay link" carry it), and "Show QR code" with the `#r=` link for a phone.
 * The debrief calls `handInSection` with the run; nothing here imports the game.
 */
import type { Run } from '../engine/run.ts';
import { handInFileName } from '../engine/hand-in-name.ts';
import { makeLink } from '../share/link.ts';
import { makePathLink } from '../share/path-link.ts';
import { RELABELLED, button, downloadText, h, uid } from '../ui/dom.ts';
import { openDialog } from '../ui/dialog.ts';
import { qrCodeOf } from './qr.ts';
import './class-review.css';

const NAME_KEY = 'crisis-room.player-name';

/** The name typed last in this tab (so "Play again" keeps it); undefined when none or no storage. */
function storedName(): string | undefined {
  try {
    return sessionStorage.getItem(NAME_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function storeName(name: string): void {
  try {
    if (name) sessionStorage.setItem(NAME_KEY, name);
    else sessionStorage.removeItem(NAME_KEY);
  } catch {
    /* no storage (private mode): the name still goes into this run */
  }
}

/** The label of the name button: what it does, or the name it keeps. */
function nameLabel(name: string | undefined): string {
  return name ? `Name on your path: ${name} ✓` : 'Name on your path…';
}

/** The debrief section "Hand in your path": the name field and "Show QR code". */
export function handInSection(doc: Document, run: Run): HTMLElement {
  run.player ??= storedName();
  const id = uid('player-name');
  const input = h('input', {
    id,
    type: 'text',
    maxlength: 200,
    autocomplete: 'name',
    class: 'cr-name-field',
  });
  input.value = run.player ?? '';
  const said = h('p', { class: 'cr-name-saved', role: 'status' });
  // The field is not drawn on the canvas (only buttons are): this button is, so a mouse user of the
  // picture view can name their path too; its label shows the name kept.
  const nameButton = button(nameLabel(run.player), () => askName(doc, run, keep));
  /** Keep `name` on the run (and for "Play again" in this tab); say so when `say`. */
  const keep = (name: string, say: boolean) => {
    run.player = name || undefined;
    storeName(name);
    input.value = name;
    const label = nameLabel(run.player);
    if (nameButton.textContent !== label) {
      nameButton.textContent = label;
      nameButton.dispatchEvent(new Event(RELABELLED, { bubbles: true }));
    }
    if (say)
      said.textContent = name ? `Saved: your path carries the name "${name}".` : 'Saved: your path carries no name.';
  };
  input.addEventListener('input', () => keep(input.value.trim(), false));
  input.addEventListener('keydown', (ev) => {
    // Typing a name must not trigger the game's shortcut keys (1–9, M, …); Enter saves it and says so.
    ev.stopPropagation();
    if (ev.key === 'Enter') keep(input.value.trim(), true);
  });
  input.addEventListener('change', () => keep(input.value.trim(), true));
  return h(
    'section',
    { class: 'cr-hand-in', 'aria-label': 'Hand in your path' },
    h('h3', {}, 'Hand in your path'),
    h('label', { for: id }, 'Your name'),
    input,
    said,
    h(
      'p',
      { class: 'small' },
      'Your name goes with your decision path: hand it in with "Export decision path" (a file), "Copy replay link", or the QR code.',
    ),
    nameButton,
    button('Show QR code', () => void showQr(doc, run)),
  );
}

/** The "Name on your path" dialog: the same name as the debrief's field, for the picture view; Enter or Done keeps it. */
function askName(doc: Document, run: Run, keep: (name: string, say: boolean) => void): void {
  openDialog(doc, 'Name on your path', (body, close) => {
    const id = uid('player-name-dialog');
    const input = h('input', { id, type: 'text', maxlength: 200, autocomplete: 'name', class: 'cr-name-field' });
    input.value = run.player ?? '';
    const done = () => {
      keep(input.value.trim(), true);
      close();
    };
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        done();
      }
    });
    body.append(h('label', { for: id }, 'Name'), input, button('Done', done));
    queueMicrotask(() => input.focus());
  });
}

/** The "Replay QR code" dialog: the link as a QR code, or why it cannot be one and the file instead. */
export async function showQr(doc: Document, run: Run): Promise<void> {
  const s = run.compiled.scenario;
  const fileName = handInFileName(s.id, run.player, new Date());
  const text = `${JSON.stringify(run.record(), null, 2)}\n`;
  const replay = run.record();
  // The short link (only the choices and the seed) when the path can be one: a smaller QR code.
  const made =
    makePathLink(doc.location.href, replay, run.compiled) ??
    makeLink(doc.location.href, 'replay', JSON.stringify(replay), fileName);
  const qr = made.ok && made.url ? await qrCodeOf(made.url) : undefined;
  const body: Node[] = [];
  if (qr?.ok) {
    const svg = qrSvg(doc, qr, 'QR code of the replay link');
    body.push(
      h('p', {}, 'Scan this with a phone to open your decision path there, or to send it to your teacher.'),
      svg,
      h('p', { class: 'cr-note' }, `${s.title}${run.player ? `, played by ${run.player}` : ''}.`),
    );
  } else {
    body.push(
      h(
        'p',
        { class: 'cr-message' },
        qr && !qr.ok ? qr.message : made.ok ? 'No QR code could be made.' : `${made.message}`,
      ),
      button('Download file', () => downloadText(fileName, text)),
    );
  }
  const closeButton = button('Close', () => modal.close());
  const modal = openDialog(
    doc,
    'Replay QR code',
    (box) => box.append(...body, h('div', { class: 'cr-dialog-buttons' }, closeButton)),
    { className: 'cr-qr-dialog' },
  );
  closeButton.focus({ preventScroll: true });
  await modal.closed;
}

/** A QR code drawn as an SVG `img` named `label` (white quiet zone, crisp modules). */
export function qrSvg(doc: Document, qr: { size: number; path: string }, label: string): SVGSVGElement {
  const svg = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const quiet = 4;
  const full = qr.size + 2 * quiet;
  svg.setAttribute('viewBox', `${-quiet} ${-quiet} ${full} ${full}`);
  svg.setAttribute('width', String(Math.max(full * 4, 240)));
  svg.setAttribute('height', String(Math.max(full * 4, 240)));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('class', 'cr-qr');
  svg.setAttribute('shape-rendering', 'crispEdges');
  const bg = doc.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [k, v] of Object.entries({ x: -quiet, y: -quiet, width: full, height: full, fill: '#fff' }))
    bg.setAttribute(k, String(v));
  const path = doc.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', qr.path);
  path.setAttribute('fill', '#000');
  svg.append(bg, path);
  return svg;
}
