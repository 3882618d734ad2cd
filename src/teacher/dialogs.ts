/**
 * Modal dialogs of the teacher layer, on the native `<dialog>` element (focus trap, Escape, top
 * layer above the canvas): a yes/no question (never `window.confirm`) and the "Scenario problems"
 * panel with every diagnostic, its `line:col`, rule, message and the source line with a caret.
 */
import { button, downloadText, h } from '../ui/dom.ts';
import { openDialog, type OpenDialog } from '../ui/dialog.ts';
import { countSummary, MAX_PROBLEM_ROWS, problemRows, progressText, type CheckedScenario } from './intake.ts';

// The modal dialog itself lives in the shared DOM kit (src/ui/dialog.ts): the replay viewer uses it too.
export { askConfirm, openDialog, type OpenDialog } from '../ui/dialog.ts';

/** The "Loading scenario" dialog of a slow `?scenario=` address: what is loading, and Cancel (Escape too). */
export function showLoading(doc: Document, url: string): OpenDialog {
  return openDialog(doc, 'Loading scenario', (body, close) => {
    body.appendChild(h('p', { class: 'cr-message' }, `Loading the scenario from ${url}…`));
    const row = h('div', { class: 'cr-dialog-buttons' });
    const cancel = button('Cancel', () => close());
    row.appendChild(cancel);
    body.appendChild(row);
    queueMicrotask(() => cancel.focus());
  });
}

/** A damaged library entry as the "Damaged scenarios" dialog lists it. */
export interface DamagedItem {
  key: string;
  title: string;
  raw: string;
  fileName: string;
}

/** The "Damaged scenarios" dialog: each damaged library entry with Export (its text) and Remove. */
export function showDamaged(
  doc: Document,
  items: readonly DamagedItem[],
  remove: (key: string) => Promise<void>,
): OpenDialog {
  return openDialog(doc, 'Damaged scenarios in your library', (body, close) => {
    body.appendChild(
      h(
        'p',
        { class: 'cr-message' },
        'These library entries cannot be played. Export one to keep its text, or remove it.',
      ),
    );
    const list = h('ul', { class: 'cr-damaged', 'aria-label': 'Damaged scenarios' });
    for (const it of items) {
      const li = h('li', {}, h('p', {}, it.title));
      li.appendChild(
        h(
          'div',
          { class: 'cr-dialog-buttons' },
          button('Export', () => downloadText(it.fileName, it.raw, 'text/plain'), {
            'aria-description': `Export ${it.title}`,
          }),
          button(
            'Remove',
            () =>
              void remove(it.key).then(() => {
                li.remove();
                if (!list.childElementCount) close();
              }),
            { 'aria-description': `Remove ${it.title}` },
          ),
        ),
      );
      list.appendChild(li);
    }
    body.appendChild(list);
    const row = h('div', { class: 'cr-dialog-buttons' });
    const ok = button('Close', () => close());
    row.appendChild(ok);
    body.appendChild(row);
    queueMicrotask(() => ok.focus());
  });
}

/** Show a message (an explained failure) in a modal dialog with one "Close" button. */
export function showMessage(
  doc: Document,
  title: string,
  message: string,
  extra?: (body: HTMLElement) => void,
): OpenDialog {
  return openDialog(doc, title, (body, close) => {
    body.appendChild(h('p', { class: 'cr-message' }, message));
    extra?.(body);
    const row = h('div', { class: 'cr-dialog-buttons' });
    const ok = button('Close', () => close());
    row.appendChild(ok);
    body.appendChild(row);
    queueMicrotask(() => ok.focus());
  });
}

/**
 * The "Scenario problems" dialog: one list item per diagnostic, in the checker's order, each with
 * its position, rule, message, the CLI's exact line, and the source line with a caret.
 * With only warnings, `onPlay` offers to play anyway.
 */
export function showProblems(doc: Document, checked: CheckedScenario, onPlay?: () => void): OpenDialog {
  return openDialog(
    doc,
    'Scenario problems',
    (body, close) => {
      const intro = checked.playable
        ? `${checked.file}: ${countSummary(checked.errors, checked.warnings)}. The scenario can still be played; fixing the warnings makes it better.`
        : `${checked.file} was not loaded: ${countSummary(checked.errors, checked.warnings)}. Fix the errors below in your file and load it again.`;
      body.appendChild(h('p', { class: 'cr-problems-summary' }, intro));
      const list = h('ol', { class: 'cr-problems', 'aria-label': 'Problems' });
      for (const row of problemRows(checked.check.diagnostics, checked.text)) {
        // The same three lines the CLI prints: FILE:LINE:COL: severity: message [rule], the source line, the caret.
        const cli = `${row.formatted}\n    ${row.excerpt.line}\n    ${row.excerpt.caret}`;
        const item = h(
          'li',
          { class: `cr-problem cr-${row.severity}` },
          h(
            'p',
            { class: 'cr-problem-head' },
            h('span', { class: 'cr-severity' }, row.severity === 'error' ? 'Error' : 'Warning'),
            ' at line:col ',
            h('span', { class: 'cr-position' }, row.position),
            ', rule ',
            h('code', { class: 'cr-rule' }, row.rule),
            ': ',
            h('span', { class: 'cr-problem-message' }, row.message),
          ),
          // tabindex 0: a long source line scrolls sideways, and keyboard users must be able to scroll it.
          h('pre', { class: 'cr-excerpt', tabindex: 0 }, cli),
        );
        list.appendChild(item);
      }
      body.appendChild(list);
      const more = checked.check.diagnostics.length - MAX_PROBLEM_ROWS;
      if (more > 0)
        body.appendChild(
          h(
            'p',
            { class: 'cr-problems-more' },
            `…and ${more.toLocaleString('en')} more problem${more === 1 ? '' : 's'} not listed here. Fix these first, or run "npm run scenario -- check ${checked.file}" to see them all.`,
          ),
        );
      const buttons = h('div', { class: 'cr-dialog-buttons' });
      if (checked.playable && onPlay) {
        buttons.appendChild(
          button('Play anyway', () => {
            close();
            onPlay();
          }),
        );
      }
      const closeButton = button('Close', () => close());
      buttons.appendChild(closeButton);
      body.appendChild(buttons);
      queueMicrotask(() => closeButton.focus());
    },
    { className: 'cr-problems-dialog' },
  );
}

/** The "Checking scenario" dialog while the full check runs: its progress, and closing it. */
export interface ProgressDialog extends OpenDialog {
  /** Show the states explored so far (of at most `limit`). */
  update(states: number, limit: number): void;
}

/**
 * The "Checking scenario" dialog: a progress bar reading "Checking scenario… N states" and a
 * "Cancel" button (Escape too). `closed` resolves however it closes; the caller tells a cancel
 * from its own `close()` after the check.
 */
export function showProgress(doc: Document, file: string, what: string): ProgressDialog {
  let bar!: HTMLElement;
  let fill!: HTMLElement;
  let label!: HTMLElement;
  const d = openDialog(
    doc,
    'Checking scenario',
    (body, close) => {
      body.appendChild(h('p', { class: 'cr-message' }, what));
      label = h('span', { class: 'cr-progress-label' }, 'Checking scenario…');
      fill = h('span', { class: 'cr-progress-fill', 'aria-hidden': 'true' });
      bar = h(
        'div',
        {
          role: 'progressbar',
          'aria-label': `Checking ${file}`,
          'aria-valuetext': 'Checking scenario…',
          class: 'cr-progress',
        },
        label,
        h('span', { class: 'cr-progress-track', 'aria-hidden': 'true' }, fill),
      );
      body.appendChild(bar);
      body.appendChild(
        h(
          'p',
          { class: 'cr-note' },
          'Every combination of meters and flags a player can reach is tried (up to 1,000,000), so that no player can get stuck or trapped.',
        ),
      );
      const row = h('div', { class: 'cr-dialog-buttons' });
      const cancel = button('Cancel', () => close());
      row.appendChild(cancel);
      body.appendChild(row);
      queueMicrotask(() => cancel.focus());
    },
    { className: 'cr-progress-dialog' },
  );
  return {
    ...d,
    update(states: number, limit: number) {
      const text = progressText(states);
      label.textContent = text;
      bar.setAttribute('aria-valuemin', '0');
      bar.setAttribute('aria-valuemax', String(limit));
      bar.setAttribute('aria-valuenow', String(Math.min(states, limit)));
      bar.setAttribute('aria-valuetext', `${text} (at most ${limit.toLocaleString('en')})`);
      fill.style.width = `${Math.min(100, (100 * states) / Math.max(1, limit))}%`;
    },
  };
}
