/** The Settings dialog (native <dialog>, so Escape closes it and focus is trapped and restored). */
import type { GameSession } from '../session.ts';
import type { Settings } from '../storage/settings.ts';
import { textViewOn } from '../text-view.ts';
import { button, h, uid } from '../../ui/dom.ts';

/** Build the dialog once; `open()` shows it. */
export class SettingsDialog {
  private dialog: HTMLDialogElement;
  private boxes = new Map<keyof Settings, HTMLInputElement>();
  private volume: HTMLInputElement;
  private opener: HTMLElement | undefined;

  constructor(private session: GameSession) {
    const titleId = uid('settings-title');
    this.dialog = h('dialog', { 'aria-labelledby': titleId, class: 'settings' });
    const fixed = session.settings.timer;
    const checkbox = (
      key: 'timersOff' | 'doubleTime' | 'reducedMotion' | 'largerText' | 'muted',
      label: string,
      hint: string,
    ) => {
      const id = uid('set');
      const hintId = uid('hint');
      const input = h('input', { type: 'checkbox', id, 'aria-describedby': hintId });
      input.addEventListener('change', () => session.settings.update({ [key]: input.checked }));
      // A timer fixed by the page address (?timer=) is the teacher's: shown, not changeable.
      if (fixed && (key === 'timersOff' || key === 'doubleTime')) input.disabled = true;
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
      checkbox('doubleTime', 'Double time', 'Timed decisions give twice as long.'),
      fixed
        ? h(
            'p',
            { class: 'small fixed-timer' },
            `Locked by your teacher's link: ${fixed === 'off' ? 'no timers' : fixed === 'double' ? 'double time' : 'normal time'} for the whole class (the link sets it, so it cannot be changed here).`,
          )
        : undefined,
      this.textViewBox(),
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

  private textView!: HTMLInputElement;

  /** "Text view": the game as a readable text panel (saved; on by default in narrow windows). */
  private textViewBox(): HTMLElement {
    const id = uid('set');
    const hintId = uid('hint');
    this.textView = h('input', { type: 'checkbox', id, 'aria-describedby': hintId });
    this.textView.addEventListener('change', () => this.session.settings.update({ textView: this.textView.checked }));
    return h(
      'div',
      { class: 'setting' },
      this.textView,
      h('label', { for: id }, 'Text view'),
      h('p', { class: 'small', id: hintId }, 'Everything on screen as readable text beside the picture.'),
    );
  }

  private sync(s: Settings): void {
    for (const [k, box] of this.boxes) box.checked = Boolean(s[k]);
    this.textView.checked = textViewOn(s);
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
