/**
 * "New scenario": one short form (the crisis, the player's role, two to four meters, two to four
 * advisors) that lays out a first decision with three choices and three endings, ready to play.
 */
import { button, h, uid } from '../../ui/dom.ts';
import { openDialog } from '../../ui/dialog.ts';
import { quickStartText, uniqueId, type QuickStart } from '../../story-edit/story.ts';

function field(label: string, placeholder = ''): { box: HTMLElement; input: HTMLInputElement } {
  const id = uid('quick');
  const input = h('input', { id, type: 'text', placeholder });
  return { box: h('label', { for: id }, label, input), input };
}

/** Ask the quick start's questions; resolves with the new file (or undefined when cancelled). */
export function askQuickStart(doc: Document): Promise<{ text: string; fileName: string } | undefined> {
  return new Promise((resolve) => {
    let result: { text: string; fileName: string } | undefined;
    const d = openDialog(
      doc,
      'New scenario',
      (body, close) => {
        const crisis = field('The crisis', 'Flood in the valley');
        const role = field("The player's role", 'You are the mayor.');
        const meters = [1, 2, 3, 4].map((i) =>
          field(`Meter ${i}`, i === 1 ? 'Public order' : i === 2 ? 'Budget' : 'optional'),
        );
        const advisors = [1, 2, 3, 4].map((i) => ({
          name: field(`Advisor ${i}: name`, i > 2 ? 'optional' : ''),
          title: field(`Advisor ${i}: office`, i > 2 ? 'optional' : ''),
        }));
        const problem = h('p', { class: 'cr-field-problem', role: 'alert' });
        const create = () => {
          const q: QuickStart = {
            crisis: crisis.input.value,
            role: role.input.value,
            meters: meters.map((m) => m.input.value.trim()).filter(Boolean),
            advisors: advisors
              .map((a) => ({ name: a.name.input.value.trim(), title: a.title.input.value.trim() }))
              .filter((a) => a.name),
          };
          const missing = [
            !q.crisis.trim() ? 'the crisis' : '',
            !q.role.trim() ? "the player's role" : '',
            q.meters.length < 2 ? 'at least two meters' : '',
            q.advisors.length < 2 ? 'at least two advisors (a name each)' : '',
          ].filter(Boolean);
          if (missing.length) {
            problem.textContent = `Still needed: ${missing.join(', ')}.`;
            return;
          }
          result = { text: quickStartText(q), fileName: `${uniqueId(q.crisis, [], 'my-scenario')}.yaml` };
          close();
        };
        body.append(
          h(
            'form',
            { class: 'cr-quick-start', 'aria-label': 'New scenario' },
            h(
              'p',
              {},
              'A first decision with three choices and three endings is laid out on the map; you rewrite the words.',
            ),
            crisis.box,
            role.box,
            h('div', { class: 'cr-quick-row' }, ...meters.map((m) => m.box)),
            ...advisors.map((a) => h('div', { class: 'cr-quick-row' }, a.name.box, a.title.box)),
            problem,
            h(
              'div',
              { class: 'cr-dialog-buttons' },
              button('Create the scenario', create),
              button('Cancel', () => close(), { class: 'ghost' }),
            ),
          ),
        );
        body.querySelector('form')!.addEventListener('submit', (ev) => {
          ev.preventDefault();
          create();
        });
      },
      { className: 'cr-quick-start-dialog' },
    );
    void d.closed.then(() => resolve(result));
  });
}
