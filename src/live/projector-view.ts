/**
 * The projector's view of a committee (a DOM view on the phone page's code, no Phaser): the join
 * code while the class gathers, then the node and, on each advisor's plate, the seat's holders,
 * the choice it backs and its argument, live; the outcome and the ending for the whole room.
 */
import type { ProjectorView } from '../live-session/views.ts';
import { h } from '../ui/dom.ts';
import { endingSection, nodeSection, outcomeSection, timerLine } from './phone-view.ts';

/** Draw the projector's view into the page. */
export function renderProjector(root: HTMLElement, v: ProjectorView, status: HTMLElement): void {
  const plates = h(
    'ul',
    { class: 'live-plates', 'aria-label': 'Advisors' },
    ...v.seats.map((s) =>
      h(
        'li',
        { class: 'live-plate', 'aria-label': s.name },
        h('p', { class: 'live-plate-name' }, s.name),
        h('p', { class: 'live-note' }, s.title),
        s.holders.length ? h('p', { class: 'live-plate-holders' }, `Seat: ${s.holders.join(', ')}`) : null,
        h('p', { class: 'live-plate-backs' }, s.backingLabel ? `Backs: ${s.backingLabel}` : 'Backs: (not yet)'),
        s.argument ? h('blockquote', { class: 'live-plate-argument' }, s.argument) : null,
      ),
    ),
  );
  const head = h(
    'header',
    { class: 'live-head' },
    h('p', { class: 'live-title' }, v.scenarioTitle),
    h('p', { class: 'live-me' }, `Join code ${v.code} · ${v.participants} joined · President: ${v.president}`),
  );
  const body: (HTMLElement | undefined)[] = [];
  if (v.status === 'lobby')
    body.push(
      h('h1', {}, 'Join the class'),
      h('p', { class: 'live-big-code', 'aria-label': `Join code ${v.code.split('').join(' ')}` }, v.code),
      h('p', {}, `Open ${location.origin}/?join=${v.code} on your phone, or scan the code on the teacher’s screen.`),
    );
  else if (v.ending) body.push(h('h1', {}, 'Debrief'), endingSection(v.ending));
  else if (v.outcome) body.push(outcomeSection(v.outcome));
  else if (v.node) {
    body.push(timerLine(v.time, v.paused), v.paused ? h('p', { class: 'live-paused' }, 'Paused.') : undefined);
    body.push(nodeSection(v.node));
    if (v.voting)
      body.push(h('p', { class: 'live-note' }, `The class votes: ${v.votes} vote${v.votes === 1 ? '' : 's'} so far.`));
  }
  const main = h('div', { class: 'live-proj-main' }, ...body.filter((x): x is HTMLElement => !!x));
  root.replaceChildren(head, h('div', { class: 'live-proj' }, main, plates), status);
}
