/**
 * A native modal `<dialog>` named by its heading (focus trap, Escape, top layer above the canvas)
 * for the class review screens. Their own small copy, so class-review/ never imports teacher/,
 * which imports class-review/ to offer its buttons.
 */
import { h, uid } from '../ui/dom.ts';

/** An open modal: its element, and a promise that resolves once it has closed. */
export interface Modal {
  dialog: HTMLDialogElement;
  closed: Promise<void>;
  close(): void;
}

/** Open a modal dialog with a level 2 heading `title`; it is removed, and focus restored, on close. */
export function openModal(doc: Document, title: string, className: string, ...children: Node[]): Modal {
  const headingId = uid('modal-title');
  const dialog = h('dialog', { 'aria-labelledby': headingId, class: `cr-dialog ${className}` });
  dialog.append(h('h2', { id: headingId }, title), ...children);
  // Keys pressed here belong to the dialog, not to the game underneath (1–9, A–L, arrows).
  dialog.addEventListener('keydown', (ev) => ev.stopPropagation());
  const opener = doc.activeElement instanceof HTMLElement ? doc.activeElement : undefined;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener?.isConnected) opener.focus();
    resolveClosed();
  });
  doc.body.appendChild(dialog);
  dialog.showModal();
  return { dialog, closed, close: () => dialog.close() };
}
