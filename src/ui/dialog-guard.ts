/**
 * One watch over every `<dialog>` in the document, present and future: the game shell uses it to
 * take all pointer and key input away from the canvas (and pause the countdown) while any dialog is
 * open. A modal dialog stops clicks from reaching the page's elements, but not a canvas library
 * that listens for `mouseup` on the window, so the canvas must be switched off explicitly.
 */

/** Whether any dialog in the document is open. */
export function anyDialogOpen(doc: Document): boolean {
  return doc.querySelector('dialog[open]') !== null;
}

/**
 * Call `onChange(true)` when the first dialog opens and `onChange(false)` when the last one closes
 * (opened, closed, added or removed anywhere in the document). Returns the function that stops watching.
 */
export function watchDialogs(doc: Document, onChange: (open: boolean) => void): () => void {
  let open = anyDialogOpen(doc);
  if (open) onChange(true);
  const check = () => {
    const now = anyDialogOpen(doc);
    if (now === open) return;
    open = now;
    onChange(now);
  };
  const observer = new MutationObserver(check);
  observer.observe(doc.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['open'],
  });
  // `open` is set synchronously by showModal(); the observer reports it at the next microtask, which
  // still comes before the next input event. The capture listener below closes even that gap.
  const early = () => check();
  doc.addEventListener('pointerdown', early, true);
  doc.addEventListener('mousedown', early, true);
  doc.addEventListener('mouseup', early, true);
  return () => {
    observer.disconnect();
    doc.removeEventListener('pointerdown', early, true);
    doc.removeEventListener('mousedown', early, true);
    doc.removeEventListener('mouseup', early, true);
  };
}
