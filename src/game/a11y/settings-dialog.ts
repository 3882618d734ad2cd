/** The Settings dialog (native <dialog>, so Escape closes it and focus is trapped and restored). */
import type { GameSession } from '../session.ts';
import type { Settings } from '../storage/settings.ts';
import { button, h, uid } from '../../ui/dom.ts';

/** Build the dialog once; `open()` shows it. */
export class SettingsDialog {
  private dialog: HTMLDialogElement;
  private boxes = new Map<keyof Settings, HTMLInputElement>();
  private volume: HTMLInputElement;
  private opener: HTMLElement | undefined;

  constructor(session: GameSession) {
    const titleId = uid('settings-title');
    this.dialog = h('dialog', { 'aria-labelledby': titleId, class: 'settings' });
    const checkbox = (key: 'timersOff' | 'reducedMotion' | 'largerText' | 'muted', label: string, hint: string) => {
      const id = uid('set');
      const hintId = uid('hint');
      const input = h('input', { type: 'checkbox', id, 'aria-describedby': hintId });
      input.addEventListener('change', () => session.settings.update({ [key]: input.checked }));
      this.boxes.set(key, input);
      return h(
        'div',
        { class: 'setting' },
        input,
        h('label', { for: id }, label),
        h('p', { class: 'small', id: hintId }, hint),
      );
    };
    const volId = uid('vol');
    this.volume = h('input', { type: 'range', id: volId, min: 0, max: 100, step: 5 });
    this.volume.addEventListener('input', () => session.settings.update({ volume: Number(this.volume.value) / 100 }));
    const form = h(
      'div',
      { class: 'settings-body' },
      h('h2', { id: titleId }, 'Settings'),
      checkbox('timersOff', 'Timers off', 'Decisions have no time limit.'),
      checkbox('reducedMotion', 'Reduced motion', 'No moving ticker or animated gauges.'),
      checkbox('largerText', 'Larger text', 'Bigger text in the panel and on the canvas.'),
      checkbox('muted', 'Mute', 'Silence all sound (key M).'),
      h('div', { class: 'setting' }, h('label', { for: volId }, 'Volume'), this.volume),
      h(
        'div',
        { class: 'row' },
        button('Close', () => this.dialog.close(), { class: 'primary' }),
      ),
    );
    this.dialog.append(form);
    // The countdown pauses for every open dialog (main.ts, src/ui/dialog-guard.ts), this one too.
    this.dialog.addEventListener('close', () => this.opener?.focus());
    document.body.append(this.dialog);
    session.settings.subscribe((s) => this.sync(s));
    this.sync(session.settings.get());
  }

  private sync(s: Settings): void {
    for (const [k, box] of this.boxes) box.checked = Boolean(s[k]);
    this.volume.value = String(Math.round(s.volume * 100));
    this.volume.setAttribute('aria-valuetext', `${Math.round(s.volume * 100)} percent`);
  }

  /** Whether the dialog is showing. */
  get isOpen(): boolean {
    return this.dialog.open;
  }

  /** Show the dialog. */
  open(): void {
    if (this.dialog.open) return;
    this.opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    this.dialog.showModal();
  }
}
