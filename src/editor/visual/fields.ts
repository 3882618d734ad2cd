/**
 * The form kit of the visual editor: labelled fields bound to a data path of the scenario, each
 * with a place beside it for the checker's messages about that path. A field writes through the
 * owner's `write` (which edits the text, so undo, drafts and the check all see it).
 */
import { h, uid } from '../../ui/dom.ts';
import type { EditPath } from '../../story-edit/text-edit.ts';

/** A change a form makes; `soft` when the form stays as it is (typing in a text field). */
export type FormWrite = (change: (edit: FormEdit) => void, soft?: boolean) => void;

/** The edits a form can make on the text. */
export interface FormEdit {
  set(path: EditPath, value: unknown): FormEdit;
  insert(path: EditPath, value: unknown, index?: number): FormEdit;
  remove(path: EditPath): FormEdit;
  get(path: EditPath): unknown;
  renameKey(path: EditPath, from: string, to: string): FormEdit;
}

/** A field that can show the checker's messages about its path. */
export interface BoundField {
  path: EditPath;
  message: HTMLElement;
  control: HTMLElement;
}

/** What the fields of one form need. */
export interface FieldKit {
  write: FormWrite;
  fields: BoundField[];
}

/** The key a control is found by again after the form is drawn anew (to keep the focus). */
export function fieldKey(path: EditPath, suffix = ''): string {
  return `${path.join('.')}${suffix ? `#${suffix}` : ''}`;
}

function bind(kit: FieldKit, path: EditPath, control: HTMLElement, box: HTMLElement, suffix = ''): HTMLElement {
  const message = h('p', { class: 'cr-field-problem', id: uid('field-problem'), hidden: true });
  control.setAttribute('aria-describedby', message.id);
  control.setAttribute('data-field', fieldKey(path, suffix));
  box.appendChild(message);
  kit.fields.push({ path, message, control });
  return box;
}

/** A text field (one line, or several with `multiline`); an empty optional field removes its key. */
export function textField(
  kit: FieldKit,
  label: string,
  path: EditPath,
  value: unknown,
  opts: { multiline?: boolean; optional?: boolean; placeholder?: string; onWrite?: (v: string) => void } = {},
): HTMLElement {
  const id = uid('field');
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  const control = opts.multiline
    ? h('textarea', { id, rows: 3, spellcheck: 'true', placeholder: opts.placeholder })
    : h('input', { id, type: 'text', spellcheck: 'false', placeholder: opts.placeholder });
  control.value = text;
  control.addEventListener('input', () => {
    const v = control.value;
    if (opts.onWrite) opts.onWrite(v);
    else kit.write((e) => e.set(path, v === '' && opts.optional ? undefined : v), true);
  });
  return bind(kit, path, control, h('div', { class: 'cr-field' }, h('label', { for: id }, label), control));
}

/**
 * An id, renamed with every reference to it when the teacher leaves the field (or presses Enter):
 * `commit` makes the change, or answers why it cannot (an id already taken), shown beside the field.
 */
export function idField(
  kit: FieldKit,
  label: string,
  path: EditPath,
  value: unknown,
  commit: (v: string) => string | undefined,
): HTMLElement {
  const id = uid('field');
  const control = h('input', { id, type: 'text', spellcheck: 'false', autocomplete: 'off' });
  control.value = typeof value === 'string' ? value : '';
  const box = bind(kit, path, control, h('div', { class: 'cr-field' }, h('label', { for: id }, label), control));
  const message = kit.fields[kit.fields.length - 1]!.message;
  control.addEventListener('change', () => {
    const refused = commit(control.value.trim());
    message.hidden = !refused;
    message.textContent = refused ?? '';
    if (refused) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  });
  control.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') control.dispatchEvent(new Event('change'));
  });
  return box;
}

/** A whole-number field; empty removes an optional key. */
export function numberField(
  kit: FieldKit,
  label: string,
  path: EditPath,
  value: unknown,
  opts: { optional?: boolean; min?: number; max?: number; scale?: number; step?: number } = {},
): HTMLElement {
  const id = uid('field');
  const scale = opts.scale ?? 1;
  const control = h('input', {
    id,
    type: 'number',
    step: opts.step ?? 1,
    min: opts.min,
    max: opts.max,
    inputmode: 'numeric',
  });
  control.value = typeof value === 'number' ? String(Math.round(value * scale * 1000) / 1000) : '';
  control.addEventListener('input', () => {
    const raw = control.value.trim();
    if (raw === '') {
      if (opts.optional) kit.write((e) => e.set(path, undefined), true);
      return;
    }
    const n = Number(raw);
    if (!Number.isFinite(n)) return;
    kit.write((e) => e.set(path, scale === 1 ? n : Math.round((n / scale) * 10000) / 10000), true);
  });
  return bind(
    kit,
    path,
    control,
    h('div', { class: 'cr-field cr-field-number' }, h('label', { for: id }, label), control),
  );
}

/** A choice from a list (`''` for "none" when `none` is given: the key is removed). */
export function selectField(
  kit: FieldKit,
  label: string,
  path: EditPath,
  value: unknown,
  options: { value: string; label: string }[],
  opts: { none?: string; onChange?: (v: string) => void } = {},
): HTMLElement {
  const id = uid('field');
  const control = h('select', { id });
  const all = [...(opts.none !== undefined ? [{ value: '', label: opts.none }] : []), ...options];
  const current = typeof value === 'string' ? value : '';
  if (current && !all.some((o) => o.value === current))
    all.push({ value: current, label: `${current} (not in this file)` });
  control.replaceChildren(...all.map((o) => h('option', { value: o.value }, o.label)));
  control.value = current;
  control.addEventListener('change', () => {
    if (opts.onChange) opts.onChange(control.value);
    else kit.write((e) => e.set(path, control.value === '' ? undefined : control.value));
  });
  return bind(kit, path, control, h('div', { class: 'cr-field' }, h('label', { for: id }, label), control));
}

/** A yes/no box; unticked removes the key when `optional`. */
export function checkField(
  kit: FieldKit,
  label: string,
  path: EditPath,
  value: boolean,
  onChange: (checked: boolean) => void,
): HTMLElement {
  const id = uid('field');
  const control = h('input', { id, type: 'checkbox' });
  control.checked = value;
  control.addEventListener('change', () => onChange(control.checked));
  return bind(
    kit,
    path,
    control,
    h('div', { class: 'cr-field cr-field-check' }, control, h('label', { for: id }, label)),
  );
}

/** A list of ids typed with commas ("talks, curfew"); empty removes the key. */
export function idListField(kit: FieldKit, label: string, path: EditPath, value: unknown, hint: string): HTMLElement {
  const id = uid('field');
  const control = h('input', { id, type: 'text', spellcheck: 'false', placeholder: hint });
  control.value = Array.isArray(value) ? value.join(', ') : '';
  control.addEventListener('change', () => {
    const ids = control.value
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    kit.write((e) => e.set(path, ids.length ? ids : undefined));
  });
  return bind(kit, path, control, h('div', { class: 'cr-field' }, h('label', { for: id }, label), control));
}

/** Show the checker's messages beside the fields they are about (the deepest field that holds each path). */
export function showFieldProblems(
  fields: readonly BoundField[],
  problems: readonly { path: readonly (string | number)[]; text: string }[],
): { path: readonly (string | number)[]; text: string }[] {
  for (const f of fields) {
    f.message.hidden = true;
    f.message.textContent = '';
    f.control.removeAttribute('aria-invalid');
  }
  const left: { path: readonly (string | number)[]; text: string }[] = [];
  for (const p of problems) {
    let best: BoundField | undefined;
    for (const f of fields)
      if (f.path.length <= p.path.length && f.path.every((s, i) => String(s) === String(p.path[i])))
        if (!best || f.path.length > best.path.length) best = f;
    if (!best) {
      left.push(p);
      continue;
    }
    best.message.hidden = false;
    best.message.textContent = best.message.textContent ? `${best.message.textContent} ${p.text}` : p.text;
    best.control.setAttribute('aria-invalid', 'true');
  }
  return left;
}
