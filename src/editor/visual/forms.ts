/**
 * The visual editor's forms: a node (title, place and date, text, news, each advisor's advice
 * with the choice they recommend, timer, history with sources), a choice (label, detail, effects
 * per meter, flags, condition, outcome, news, where it leads: one place or branches with
 * conditions and chances), an ending, and the scenario's details with tables of meters,
 * advisors, sources and learning goals. Conditions are built from rows, never typed.
 */
import { button, h } from '../../ui/dom.ts';
import { NewsSchema } from '../../scenario/schema.ts';
import {
  METER_TESTS,
  readCondition,
  writeCondition,
  type ConditionModel,
  type ConditionRow,
} from '../../story-edit/condition.ts';
import { followTitle, type IdKind, type Story } from '../../story-edit/story.ts';
import type { EditPath } from '../../story-edit/text-edit.ts';
import {
  checkField,
  fieldKey,
  idField,
  idListField,
  numberField,
  selectField,
  textField,
  type FieldKit,
} from './fields.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** What every form is drawn from. */
export interface FormContext extends FieldKit {
  story: Story;
  data: Obj;
  /** Open another form (a choice of this node, the node of a choice, …). */
  open(target: FormTarget): void;
  /** Rename an id and every reference to it; the reason when it cannot be (shown beside the field). */
  rename(kind: IdKind, from: string, to: string): string | undefined;
  /** Delete a decision or an ending (asking first when choices lead there). */
  deleteCard(kind: 'node' | 'ending', index: number): void;
}

/** A card's title: the labels "Go to: {title}" of choices drawn to it follow it while nobody rewrote them. */
function titleField(ctx: FormContext, base: EditPath, value: unknown, id: string): HTMLElement {
  return textField(ctx, 'Title', [...base, 'title'], value, {
    onWrite: (v) =>
      ctx.write((e) => {
        const old = e.get([...base, 'title']);
        e.set([...base, 'title'], v);
        if (typeof old === 'string' && id) followTitle(e, id, old, v);
      }, true),
  });
}

/** What the form panel shows. */
export type FormTarget =
  | { kind: 'node'; index: number }
  | { kind: 'choice'; node: number; choice: number }
  | { kind: 'ending'; index: number }
  | { kind: 'scenario' };

/** Whether news items take a condition in this version of the format. */
const NEWS_HAS_IF = 'if' in (NewsSchema as unknown as { shape: Obj }).shape;

function section(title: string, ...children: (HTMLElement | string | false)[]): HTMLElement {
  return h('fieldset', { class: 'cr-form-section' }, h('legend', {}, title), ...children);
}

function cardOptions(story: Story): { value: string; label: string }[] {
  return story.cards.map((c) => ({ value: c.id, label: `${c.kind === 'ending' ? 'Ending' : 'Decision'}: ${c.title}` }));
}

/** The condition builder: rows of meter tests and flag tests, joined by "all" or "any". */
export function conditionEditor(ctx: FormContext, label: string, path: EditPath, value: unknown): HTMLElement {
  const model = readCondition(value);
  const box = h('fieldset', { class: 'cr-condition', 'data-field': fieldKey(path) }, h('legend', {}, label));
  if (!model) {
    box.append(
      h(
        'p',
        { class: 'cr-note' },
        `This condition is written in a way the builder cannot show: ${JSON.stringify(value)}. Edit it in the Text view, or start again.`,
      ),
      button('Remove this condition', () => ctx.write((e) => e.set(path, undefined)), {
        'data-field': fieldKey(path, 'clear'),
      }),
    );
    return box;
  }
  const save = (m: ConditionModel, soft = false) => ctx.write((e) => e.set(path, writeCondition(m)), soft);
  const meters = ctx.story.meters;
  if (!model.rows.length) box.append(h('p', { class: 'cr-note' }, 'Always (no condition).'));
  if (model.rows.length > 1) {
    const join = h('select', { 'aria-label': `${label}: how the tests combine`, 'data-field': fieldKey(path, 'join') });
    join.append(
      h('option', { value: 'all' }, 'all of these hold'),
      h('option', { value: 'any' }, 'any of these holds'),
    );
    join.value = model.join;
    join.addEventListener('change', () => save({ ...model, join: join.value as 'all' | 'any' }));
    box.append(join);
  }
  model.rows.forEach((row, i) => {
    // Typing in a row's number or flag keeps the form as it is (soft); a pick from a list redraws it.
    const replace = (r: ConditionRow, soft = false) => {
      model.rows[i] = r;
      save({ ...model, rows: [...model.rows] }, soft);
    };
    const what = h('select', {
      'aria-label': `${label}, test ${i + 1}: what`,
      'data-field': fieldKey(path, `${i}-what`),
    });
    what.append(
      ...meters.map((m) => h('option', { value: `meter:${m.id}` }, m.label)),
      h('option', { value: 'flag' }, 'a flag'),
    );
    what.value = row.kind === 'meter' ? `meter:${row.meter}` : 'flag';
    if (row.kind === 'meter' && !meters.some((m) => m.id === row.meter)) {
      what.append(h('option', { value: `meter:${row.meter}` }, `${row.meter} (not in this file)`));
      what.value = `meter:${row.meter}`;
    }
    what.addEventListener('change', () =>
      replace(
        what.value === 'flag'
          ? { kind: 'flag', flag: ctx.story.flags[0] ?? 'my-flag', set: true }
          : {
              kind: 'meter',
              meter: what.value.slice(6),
              test: row.kind === 'meter' ? row.test : 'at least',
              value: row.kind === 'meter' ? row.value : 50,
            },
      ),
    );
    const parts: HTMLElement[] = [what];
    if (row.kind === 'meter') {
      const test = h('select', {
        'aria-label': `${label}, test ${i + 1}: comparison`,
        'data-field': fieldKey(path, `${i}-test`),
      });
      test.append(...METER_TESTS.map((t) => h('option', { value: t.words }, t.words)));
      test.value = row.test;
      test.addEventListener('change', () =>
        replace({ ...row, test: test.value as ConditionRow & { kind: 'meter' } extends { test: infer T } ? T : never }),
      );
      const num = h('input', {
        type: 'number',
        step: 1,
        'aria-label': `${label}, test ${i + 1}: value`,
        'data-field': fieldKey(path, `${i}-value`),
      });
      num.value = String(row.value);
      num.addEventListener('input', () => {
        const n = Number(num.value);
        if (num.value.trim() !== '' && Number.isInteger(n))
          replace({ ...(model.rows[i] as typeof row), value: n }, true);
      });
      parts.push(test, num);
    } else {
      const flag = h('input', {
        type: 'text',
        spellcheck: 'false',
        'aria-label': `${label}, test ${i + 1}: flag`,
        'data-field': fieldKey(path, `${i}-flag`),
      });
      flag.value = row.flag;
      flag.addEventListener('input', () => {
        const f = flag.value.trim();
        if (f) replace({ ...(model.rows[i] as typeof row), flag: f }, true);
      });
      const is = h('select', { 'aria-label': `${label}, test ${i + 1}: is`, 'data-field': fieldKey(path, `${i}-is`) });
      is.append(h('option', { value: 'set' }, 'is set'), h('option', { value: 'unset' }, 'is not set'));
      is.value = row.set ? 'set' : 'unset';
      is.addEventListener('change', () => replace({ ...row, set: is.value === 'set' }));
      parts.push(flag, is);
    }
    parts.push(
      button('Remove', () => save({ ...model, rows: model.rows.filter((_, k) => k !== i) }), {
        'aria-label': `${label}: remove test ${i + 1}`,
        class: 'ghost',
      }),
    );
    box.append(h('div', { class: 'cr-condition-row' }, ...parts));
  });
  box.append(
    h(
      'div',
      { class: 'cr-form-buttons' },
      meters.length
        ? button(
            'Add a meter test',
            () =>
              save({
                ...model,
                rows: [...model.rows, { kind: 'meter', meter: meters[0]!.id, test: 'at least', value: 50 }],
              }),
            {
              'aria-label': `${label}: add a meter test`,
              'data-field': fieldKey(path, 'add-meter'),
            },
          )
        : '',
      button(
        'Add a flag test',
        () =>
          save({ ...model, rows: [...model.rows, { kind: 'flag', flag: ctx.story.flags[0] ?? 'my-flag', set: true }] }),
        {
          'aria-label': `${label}: add a flag test`,
          'data-field': fieldKey(path, 'add-flag'),
        },
      ),
    ),
  );
  return box;
}

/** A list of news items: source, text (and a condition when the format has one), add and remove. */
function newsEditor(ctx: FormContext, path: EditPath, value: unknown): HTMLElement {
  const items = list(value);
  return section(
    'News',
    ...items.map((raw, i) => {
      const n = obj(raw);
      return h(
        'div',
        { class: 'cr-form-item' },
        textField(ctx, `News ${i + 1}: source`, [...path, i, 'source'], n.source),
        textField(ctx, `News ${i + 1}: headline`, [...path, i, 'text'], n.text),
        NEWS_HAS_IF ? conditionEditor(ctx, `News ${i + 1}: shown only when`, [...path, i, 'if'], n.if) : '',
        button('Remove', () => ctx.write((e) => (items.length === 1 ? e.remove(path) : e.remove([...path, i]))), {
          'aria-label': `Remove news ${i + 1}`,
          class: 'ghost',
        }),
      );
    }),
    button('Add a news item', () => ctx.write((e) => e.insert(path, { source: 'Local radio', text: 'A headline' })), {
      'data-field': fieldKey(path, 'add'),
    }),
  );
}

/** History: what really happened, the historical choice (nodes), and sources picked from the file's list. */
function historyEditor(
  ctx: FormContext,
  path: EditPath,
  value: unknown,
  choices?: { value: string; label: string }[],
): HTMLElement {
  const hist = obj(value);
  const has = value !== undefined;
  const sources = list(hist.sources).filter((s): s is string => typeof s === 'string');
  return section(
    'History',
    textField(ctx, 'What really happened', [...path, 'text'], hist.text, {
      multiline: true,
      onWrite: (v) =>
        ctx.write(
          (e) => (v === '' && !hist.choice && !sources.length ? e.set(path, undefined) : e.set([...path, 'text'], v)),
          has,
        ),
    }),
    has && choices
      ? selectField(ctx, 'The choice history took', [...path, 'choice'], hist.choice, choices, { none: '— none —' })
      : '',
    has && ctx.story.sources.length
      ? h(
          'div',
          { class: 'cr-field-group', role: 'group', 'aria-label': 'Sources' },
          h('p', {}, 'Sources'),
          ...ctx.story.sources.map((s) =>
            checkField(ctx, s.title, [...path, 'sources'], sources.includes(s.id), (on) => {
              const next = on ? [...sources, s.id] : sources.filter((x) => x !== s.id);
              ctx.write((e) => e.set([...path, 'sources'], next.length ? next : undefined));
            }),
          ),
        )
      : has
        ? h('p', { class: 'cr-note' }, 'Add sources under "Scenario details" to cite them here.')
        : '',
  );
}

/** The form of a decision node. */
export function nodeForm(ctx: FormContext, index: number): HTMLElement {
  const base: EditPath = ['nodes', index];
  const n = obj(list(ctx.data.nodes)[index]);
  const choices = list(n.choices).map((c, i) => ({
    value: str(obj(c).id),
    label: str(obj(c).label) || str(obj(c).id) || `choice ${i + 1}`,
  }));
  const advice = list(n.advice).map(obj);
  const id = str(n.id);
  return h(
    'div',
    { class: 'cr-form' },
    idField(ctx, 'Id', [...base, 'id'], n.id, (v) => ctx.rename('card', id, v)),
    titleField(ctx, base, n.title, id),
    h(
      'div',
      { class: 'cr-form-row' },
      textField(ctx, 'Place', [...base, 'place'], n.place, { optional: true }),
      textField(ctx, 'Date', [...base, 'at'], n.at, { optional: true, placeholder: '2022-01-02' }),
    ),
    textField(ctx, 'Text', [...base, 'text'], n.text, { multiline: true }),
    checkField(ctx, 'The scenario starts here', ['start'], ctx.data.start === id, (on) => {
      if (on) ctx.write((e) => e.set(['start'], id));
    }),
    section(
      'Choices',
      h(
        'ul',
        { class: 'cr-form-list' },
        ...choices.map((c, i) =>
          h(
            'li',
            {},
            button(`Edit choice: ${c.label}`, () => ctx.open({ kind: 'choice', node: index, choice: i })),
          ),
        ),
      ),
      button('Add a choice', () => {
        const taken = choices.map((c) => c.value);
        let k = choices.length + 1;
        while (taken.includes(`choice-${k}`)) k++;
        ctx.write((e) => e.insert([...base, 'choices'], { id: `choice-${k}`, label: `Choice ${k}`, next: id }));
        ctx.open({ kind: 'choice', node: index, choice: choices.length });
      }),
    ),
    section(
      'Advice',
      ...ctx.story.advisors.map((a) => {
        const k = advice.findIndex((x) => x.advisor === a.id);
        const item = k >= 0 ? advice[k]! : {};
        const resolve = (e: { get(p: EditPath): unknown }) =>
          list(obj(e.get(base)).advice).findIndex((x) => obj(x).advisor === a.id);
        return h(
          'div',
          { class: 'cr-form-item' },
          textField(ctx, `${a.name} says`, [...base, 'advice', k >= 0 ? k : advice.length, 'text'], item.text, {
            multiline: true,
            onWrite: (v) =>
              ctx.write(
                (e) => {
                  const at = resolve(e);
                  if (at < 0) {
                    if (v) e.insert([...base, 'advice'], { advisor: a.id, text: v });
                  } else if (!v) {
                    if (list(obj(e.get(base)).advice).length === 1) e.remove([...base, 'advice']);
                    else e.remove([...base, 'advice', at]);
                  } else e.set([...base, 'advice', at, 'text'], v);
                },
                k >= 0 && !!item.text,
              ),
          }),
          k >= 0
            ? selectField(ctx, `${a.name} recommends`, [...base, 'advice', k, 'recommends'], item.recommends, choices, {
                none: '— no choice —',
              })
            : '',
        );
      }),
      ctx.story.advisors.length ? '' : h('p', { class: 'cr-note' }, 'Add advisors under "Scenario details".'),
    ),
    newsEditor(ctx, [...base, 'news'], n.news),
    section(
      'Timer',
      numberField(ctx, 'Seconds to decide', [...base, 'timeLimit'], n.timeLimit, { optional: true, min: 5, max: 3600 }),
      selectField(ctx, 'When time runs out, take', [...base, 'onTimeout'], n.onTimeout, choices, {
        none: '— no timer —',
      }),
    ),
    historyEditor(ctx, [...base, 'history'], n.history, choices),
    h(
      'div',
      { class: 'cr-form-buttons' },
      button('Delete this decision', () => ctx.deleteCard('node', index), { class: 'cr-danger' }),
    ),
  );
}

/** The form of one choice of a node. */
export function choiceForm(ctx: FormContext, node: number, choice: number): HTMLElement {
  const base: EditPath = ['nodes', node, 'choices', choice];
  const n = obj(list(ctx.data.nodes)[node]);
  const c = obj(list(n.choices)[choice]);
  const effects = obj(c.effects);
  const targets = cardOptions(ctx.story);
  const next = c.next;
  const branches = Array.isArray(next) ? next.map(obj) : undefined;
  const leads = branches
    ? section(
        'Where it leads: branches, tried from the top',
        ...branches.map((b, i) =>
          h(
            'div',
            { class: 'cr-form-item' },
            h(
              'p',
              { class: 'cr-form-item-title' },
              `Branch ${i + 1}${i === branches.length - 1 ? ' (the last one: no condition, no chance, so one always holds)' : ''}`,
            ),
            i < branches.length - 1
              ? conditionEditor(ctx, `Branch ${i + 1}: only when`, [...base, 'next', i, 'if'], b.if)
              : '',
            i < branches.length - 1
              ? numberField(ctx, `Branch ${i + 1}: chance (%)`, [...base, 'next', i, 'chance'], b.chance, {
                  optional: true,
                  min: 0,
                  max: 100,
                  scale: 100,
                })
              : '',
            selectField(ctx, `Branch ${i + 1}: goes to`, [...base, 'next', i, 'goto'], b.goto, targets),
            branches.length > 1
              ? button(
                  'Remove',
                  () =>
                    ctx.write((e) =>
                      branches.length === 2
                        ? e.set([...base, 'next'], str(branches[1 - i]!.goto))
                        : e.remove([...base, 'next', i]),
                    ),
                  {
                    'aria-label': `Remove branch ${i + 1}`,
                    class: 'ghost',
                  },
                )
              : '',
          ),
        ),
        button(
          'Add a branch',
          () =>
            ctx.write((e) =>
              e.insert([...base, 'next'], { chance: 0.5, goto: str(branches[0]?.goto) }, branches.length - 1),
            ),
          {
            'data-field': fieldKey([...base, 'next'], 'add'),
          },
        ),
      )
    : section(
        'Where it leads',
        selectField(ctx, 'Leads to', [...base, 'next'], next, targets, {}),
        button('Split into branches (by chance or condition)', () => {
          const to = typeof next === 'string' ? next : '';
          ctx.write((e) => e.set([...base, 'next'], [{ chance: 0.5, goto: to }, { goto: to }]));
        }),
      );
  return h(
    'div',
    { class: 'cr-form' },
    h('p', { class: 'cr-note' }, `A choice of "${str(n.title) || str(n.id)}" · id: ${str(c.id)}`),
    textField(ctx, 'Label', [...base, 'label'], c.label),
    textField(ctx, 'Detail', [...base, 'detail'], c.detail, { optional: true, multiline: true }),
    section(
      'Effects on the meters',
      ...ctx.story.meters.map((m) =>
        numberField(ctx, `${m.label} changes by`, [...base, 'effects', m.id], effects[m.id], { optional: true }),
      ),
    ),
    h(
      'div',
      { class: 'cr-form-row' },
      idListField(ctx, 'Flags set', [...base, 'set'], c.set, 'talks-open, curfew'),
      idListField(ctx, 'Flags cleared', [...base, 'unset'], c.unset, 'curfew'),
    ),
    conditionEditor(ctx, 'Shown only when', [...base, 'if'], c.if),
    textField(ctx, 'Outcome', [...base, 'outcome'], c.outcome, { optional: true, multiline: true }),
    newsEditor(ctx, [...base, 'news'], c.news),
    leads,
    h(
      'div',
      { class: 'cr-form-buttons' },
      button(`Back to the decision`, () => ctx.open({ kind: 'node', index: node })),
      button(
        'Delete this choice',
        () => {
          ctx.write((e) => e.remove(base));
          ctx.open({ kind: 'node', index: node });
        },
        { class: 'cr-danger' },
      ),
    ),
  );
}

const TONES = [
  { value: 'good', label: 'good' },
  { value: 'mixed', label: 'mixed' },
  { value: 'bad', label: 'bad' },
];

/** The form of an ending. */
export function endingForm(ctx: FormContext, index: number): HTMLElement {
  const base: EditPath = ['endings', index];
  const e = obj(list(ctx.data.endings)[index]);
  return h(
    'div',
    { class: 'cr-form' },
    idField(ctx, 'Id', [...base, 'id'], e.id, (v) => ctx.rename('card', str(e.id), v)),
    titleField(ctx, base, e.title, str(e.id)),
    selectField(ctx, 'Tone', [...base, 'tone'], e.tone, TONES),
    textField(ctx, 'Text', [...base, 'text'], e.text, { multiline: true }),
    historyEditor(ctx, [...base, 'history'], e.history),
    h(
      'div',
      { class: 'cr-form-buttons' },
      button('Delete this ending', () => ctx.deleteCard('ending', index), { class: 'cr-danger' }),
    ),
  );
}

/** A column of a table: a text, a number, an id (renamed everywhere it is used) or a pick from a list. */
interface Column {
  label: string;
  key: string;
  kind?: 'number' | 'text' | 'id' | 'select';
  optional?: boolean;
  idKind?: IdKind;
  options?: { value: string; label: string }[];
}

function cell(ctx: FormContext, c: Column, label: string, path: EditPath, value: unknown): HTMLElement {
  if (c.kind === 'number') return numberField(ctx, label, path, value, { optional: c.optional });
  if (c.kind === 'id') return idField(ctx, label, path, value, (v) => ctx.rename(c.idKind!, str(value), v));
  if (c.kind === 'select') return selectField(ctx, label, path, value, c.options ?? []);
  return textField(ctx, label, path, value, { optional: c.optional });
}

/** A yes/no key that is absent unless ticked (`hidden`), or present only when unticked (`higherIsBetter`, true by default). */
function flagCheck(ctx: FormContext, label: string, path: EditPath, value: unknown, byDefault: boolean): HTMLElement {
  const on = typeof value === 'boolean' ? value : byDefault;
  return checkField(ctx, label, path, on, (checked) =>
    ctx.write((e) => e.set(path, checked === byDefault ? undefined : checked)),
  );
}

/** A table of a top-level list: one row per item, one cell per column, add and remove rows. */
function table(
  ctx: FormContext,
  title: string,
  key: string,
  columns: Column[],
  blank: (i: number) => Obj,
  itemName: (item: Obj, i: number) => string,
  more?: (item: Obj, i: number, name: string) => (HTMLElement | string)[],
): HTMLElement {
  const items = list(ctx.data[key]).map(obj);
  const tableEl = h(
    'table',
    { class: 'cr-form-table', 'aria-label': title },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...columns.map((c) => h('th', { scope: 'col' }, c.label)),
        h('th', { scope: 'col' }, h('span', { class: 'cr-visually-hidden' }, 'Remove')),
      ),
    ),
    h(
      'tbody',
      {},
      ...items.map((item, i) =>
        h(
          'tr',
          {},
          ...columns.map((c) =>
            h('td', {}, cell(ctx, c, `${itemName(item, i)}: ${c.label}`, [key, i, c.key], item[c.key])),
          ),
          h(
            'td',
            {},
            button('Remove', () => ctx.write((e) => e.remove([key, i])), {
              'aria-label': `Remove ${itemName(item, i)}`,
              class: 'ghost',
            }),
          ),
        ),
      ),
    ),
  );
  return section(
    title,
    tableEl,
    ...(more
      ? items.map((item, i) =>
          h(
            'div',
            { class: 'cr-form-item cr-form-more', role: 'group', 'aria-label': `More about ${itemName(item, i)}` },
            h('p', { class: 'cr-form-item-title' }, `More about ${itemName(item, i)}`),
            ...more(item, i, itemName(item, i)),
          ),
        )
      : []),
    button(`Add to ${title.toLowerCase()}`, () => ctx.write((e) => e.insert([key], blank(items.length + 1))), {
      'data-field': fieldKey([key], 'add'),
    }),
  );
}

/** The scenario's details: the top keys, and tables of meters, advisors, endings, sources and learning goals. */
export function scenarioForm(ctx: FormContext): HTMLElement {
  const d = ctx.data;
  const goals = list(d.learningGoals);
  return h(
    'div',
    { class: 'cr-form' },
    textField(ctx, 'Scenario title', ['title'], d.title),
    textField(ctx, "The player's role", ['role'], d.role),
    textField(ctx, 'Summary', ['summary'], d.summary, { multiline: true }),
    h(
      'div',
      { class: 'cr-form-row' },
      textField(ctx, 'Author', ['author'], d.author, { optional: true }),
      textField(ctx, 'Version', ['version'], d.version),
      textField(ctx, 'Language', ['language'], d.language),
    ),
    table(
      ctx,
      'Meters',
      'meters',
      [
        { label: 'Id', key: 'id', kind: 'id', idKind: 'meter' },
        { label: 'Label', key: 'label' },
        { label: 'Start', key: 'start', kind: 'number' },
        { label: 'Min', key: 'min', kind: 'number', optional: true },
        { label: 'Max', key: 'max', kind: 'number', optional: true },
      ],
      (i) => ({ id: `meter-${i}`, label: `Meter ${i}`, start: 50 }),
      (m, i) => `Meter ${str(m.label) || i + 1}`,
      (m, i, name) => [
        textField(ctx, `${name}: description`, ['meters', i, 'description'], m.description, {
          optional: true,
          multiline: true,
        }),
        h(
          'div',
          { class: 'cr-form-row' },
          selectField(ctx, `${name}: at its minimum, go to`, ['meters', i, 'onMin'], m.onMin, cardOptions(ctx.story), {
            none: '— nothing happens —',
          }),
          selectField(ctx, `${name}: at its maximum, go to`, ['meters', i, 'onMax'], m.onMax, cardOptions(ctx.story), {
            none: '— nothing happens —',
          }),
        ),
        h(
          'div',
          { class: 'cr-form-row' },
          flagCheck(ctx, `${name}: higher is better`, ['meters', i, 'higherIsBetter'], m.higherIsBetter, true),
          flagCheck(ctx, `${name}: hidden from the player`, ['meters', i, 'hidden'], m.hidden, false),
        ),
      ],
    ),
    table(
      ctx,
      'Advisors',
      'advisors',
      [
        { label: 'Id', key: 'id', kind: 'id', idKind: 'advisor' },
        { label: 'Name', key: 'name' },
        { label: 'Office', key: 'title' },
      ],
      (i) => ({ id: `advisor-${i}`, name: `Advisor ${i}`, title: 'Adviser' }),
      (a, i) => `Advisor ${str(a.name) || i + 1}`,
      (a, i, name) => [
        h(
          'div',
          { class: 'cr-form-row' },
          textField(ctx, `${name}: stance`, ['advisors', i, 'stance'], a.stance, {
            optional: true,
            placeholder: 'hawk, dove, cautious…',
          }),
          textField(ctx, `${name}: colour`, ['advisors', i, 'color'], a.color, {
            optional: true,
            placeholder: '#b03a2e',
          }),
        ),
        textField(ctx, `${name}: note`, ['advisors', i, 'note'], a.note, { optional: true, multiline: true }),
        textField(
          ctx,
          `${name}: brief (the private role card of a live-class seat)`,
          ['advisors', i, 'brief'],
          a.brief,
          {
            optional: true,
            multiline: true,
          },
        ),
      ],
    ),
    table(
      ctx,
      'Endings',
      'endings',
      [
        { label: 'Id', key: 'id', kind: 'id', idKind: 'card' },
        { label: 'Title', key: 'title' },
        { label: 'Tone', key: 'tone', kind: 'select', options: TONES },
      ],
      (i) => ({ id: `ending-${i}`, title: `Ending ${i}`, tone: 'mixed', text: 'What became of it.' }),
      (e, i) => `Ending ${str(e.title) || i + 1}`,
    ),
    table(
      ctx,
      'Sources',
      'sources',
      [
        { label: 'Id', key: 'id', kind: 'id', idKind: 'source' },
        { label: 'Title', key: 'title' },
        { label: 'Publisher', key: 'publisher', optional: true },
        { label: 'Date', key: 'date', optional: true },
        { label: 'Address (URL)', key: 'url', optional: true },
      ],
      (i) => ({ id: `source-${i}`, title: `Source ${i}` }),
      (s, i) => `Source ${str(s.title) || i + 1}`,
    ),
    section(
      'Flags',
      ctx.story.flags.length
        ? h(
            'p',
            { class: 'cr-note' },
            'The flags your choices set, clear and test. Renaming one renames it everywhere.',
          )
        : h('p', { class: 'cr-note' }, 'No flags yet: a choice sets one under "Flags set".'),
      ...ctx.story.flags.map((f, i) =>
        idField(ctx, `Flag ${f}: name`, ['x-flags', i], f, (v) => ctx.rename('flag', f, v)),
      ),
    ),
    section(
      'Learning goals',
      ...goals.map((g, i) =>
        h(
          'div',
          { class: 'cr-form-item cr-form-inline' },
          textField(ctx, `Learning goal ${i + 1}`, ['learningGoals', i], g),
          button(
            'Remove',
            () => ctx.write((e) => (goals.length === 1 ? e.remove(['learningGoals']) : e.remove(['learningGoals', i]))),
            {
              'aria-label': `Remove learning goal ${i + 1}`,
              class: 'ghost',
            },
          ),
        ),
      ),
      button(
        'Add a learning goal',
        () => ctx.write((e) => e.insert(['learningGoals'], 'What the class should understand.')),
        {
          'data-field': fieldKey(['learningGoals'], 'add'),
        },
      ),
    ),
  );
}
