/**
 * A modal dialog on the native `<dialog>` element (focus trap, Escape, top layer above the canvas),
 * named by its heading and removed when closed. While it is open the game takes no input
 * (dialog-guard.ts watches every dialog).
 */
import { button, h, uid } from './dom.ts';

/** A modal dialog: its element and a way to close it. */
export interface OpenDialog {
  dialog: HTMLDialogElement;
  close(): void;
  /** Resolves when the dialog has closed (by a button, Escape or `close()`). */
  closed: Promise<void>;
}

/** Open a modal dialog named by its heading. `fill` adds the body; the dialog is removed on close. */
export function openDialog(
  doc: Document,
  title: string,
  fill: (body: HTMLElement, close: () => void) => void,
  attrs: { className?: string } = {},
): OpenDialog {
  const headingId = uid('dialog-title');
  const dialog = h('dialog', { 'aria-labelledby': headingId, class: `cr-dialog ${attrs.className ?? ''}`.trim() });
  dialog.appendChild(h('h2', { id: headingId }, title));
  const body = h('div', { class: 'cr-dialog-body' });
  dialog.appendChild(body);
  const opener = doc.activeElement instanceof HTMLElement ? doc.activeElement : undefined;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const close = () => {
    if (dialog.open) dialog.close();
    else finish();
  };
  const finish = () => {
    if (!dialog.isConnected) return;
    dialog.remove();
    if (opener?.isConnected) opener.focus();
    resolveClosed();
  };
  dialog.addEventListener('close', finish);
  // Keys pressed in a dialog belong to it, not to the game underneath (1–9, A–L, arrows).
  dialog.addEventListener('keydown', (ev) => ev.stopPropagation());
  fill(body, close);
  doc.body.appendChild(dialog);
  if (typeof dialog.showModal === 'function') dialog.showModal();
  else dialog.setAttribute('open', '');
  return { dialog, close, closed };
}

/** Ask a yes/no question in a modal dialog; Escape or closing means no. */
export function askConfirm(
  doc: Document,
  title: string,
  question: string,
  yes: string,
  no = 'Cancel',
): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = false;
    const d = openDialog(doc, title, (body, close) => {
      body.appendChild(h('p', {}, question));
      const row = h('div', { class: 'cr-dialog-buttons' });
      const yesButton = button(yes, () => {
        answer = true;
        close();
      });
      row.append(
        yesButton,
        button(no, () => close()),
      );
      body.appendChild(row);
      queueMicrotask(() => yesButton.focus());
    });
    void d.closed.then(() => resolve(answer));
  });
}
