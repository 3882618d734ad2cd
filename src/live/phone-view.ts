/**
 * A phone's screens drawn from its view: waiting, the room (the node, the seat's own advice and
 * brief, "Back this choice", "Your argument", the class vote, the President's decision), the
 * outcome and the debrief. Names and arguments are text nodes only (the DOM kit never parses HTML).
 */
import { LIVE_LIMITS } from '../live-session/log.ts';
import type { EndingView, NodeView, OutcomeView, PhoneView, TimeView } from '../live-session/views.ts';
import { button, h, paragraphs, uid } from '../ui/dom.ts';

/** What the phone's buttons do. */
export interface PhoneActions {
  send(intent: { type: string; [key: string]: unknown }): boolean;
}

/** m:ss of a number of milliseconds. */
export function clockText(ms: number): string {
  const s = Math.ceil(Math.max(0, ms) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

let ticker: ReturnType<typeof setInterval> | undefined;

/** A countdown that runs on this device between two views (the server's clock decides). */
export function timerLine(time: TimeView | undefined, paused: boolean): HTMLElement | undefined {
  if (ticker) clearInterval(ticker);
  ticker = undefined;
  if (!time) return undefined;
  const el = h('p', { class: 'live-timer', role: 'timer', 'aria-label': 'Time left' });
  const until = performance.now() + time.leftMs;
  const draw = () => {
    const left = time.running && !paused ? until - performance.now() : time.leftMs;
    el.textContent = `Time left ${clockText(left)}${paused ? ' (paused)' : ''}`;
  };
  draw();
  if (time.running && !paused) ticker = setInterval(draw, 1000);
  return el;
}

/** The node's heading, place, text and news (shared by the phone and the projector). */
export function nodeSection(node: NodeView): HTMLElement {
  return h(
    'section',
    { class: 'live-node', 'aria-labelledby': 'live-node-title' },
    h('h2', { id: 'live-node-title' }, node.title),
    node.place || node.at ? h('p', { class: 'live-note' }, [node.place, node.at].filter(Boolean).join(' · ')) : null,
    ...paragraphs(node.text),
    node.news.length
      ? h(
          'ul',
          { class: 'live-news', 'aria-label': 'News' },
          ...node.news.map((n) => h('li', {}, h('strong', {}, `${n.source}: `), n.text)),
        )
      : null,
  );
}

/** The outcome of the step just taken. */
export function outcomeSection(o: OutcomeView): HTMLElement {
  return h(
    'section',
    { class: 'live-outcome', 'aria-labelledby': 'live-outcome-title' },
    h('h2', { id: 'live-outcome-title' }, o.timeout ? `Time ran out: ${o.label}` : o.label),
    ...(o.text ? paragraphs(o.text) : []),
    o.news.length
      ? h(
          'ul',
          { class: 'live-news', 'aria-label': 'News' },
          ...o.news.map((n) => h('li', {}, `${n.source}: ${n.text}`)),
        )
      : null,
    o.changes.length
      ? h(
          'ul',
          { class: 'live-changes', 'aria-label': 'Changes' },
          ...o.changes.map((c) => h('li', {}, `${c.label} ${c.delta > 0 ? '+' : ''}${c.delta}`)),
        )
      : null,
  );
}

/** The ending reached, with its history. */
export function endingSection(e: EndingView): HTMLElement {
  return h(
    'section',
    { class: `live-ending live-tone-${e.tone}`, 'aria-labelledby': 'live-ending-title' },
    h('h2', { id: 'live-ending-title' }, e.title),
    ...paragraphs(e.text),
    e.history ? h('h3', {}, 'What happened in history') : null,
    ...(e.history ? paragraphs(e.history) : []),
  );
}

/** The seat's private brief as a disclosure (only this phone is sent it). */
function briefDetails(brief: string | undefined): HTMLElement | null {
  return brief
    ? h('details', { class: 'live-brief' }, h('summary', {}, 'Your brief (only you see it)'), ...paragraphs(brief))
    : null;
}

// The argument form outlives redraws (one per decision): what a student is typing is never lost
// to a new view, and a tap on "Send argument" is never lost to a button replaced under the finger.
let argument: { node: string; form: HTMLFormElement; sent: HTMLElement; send: (text: string) => void } | undefined;

function argumentForm(v: PhoneView, actions: PhoneActions): HTMLElement {
  const node = v.node?.id ?? '';
  if (!argument || argument.node !== node) {
    const box = h('textarea', { id: 'live-argument', maxlength: LIVE_LIMITS.argumentChars, rows: 3 });
    box.value = v.myArgument ?? '';
    const count = h('p', { class: 'live-note', id: 'live-argument-count' });
    const recount = () => (count.textContent = `${box.value.length} of ${LIVE_LIMITS.argumentChars} characters`);
    box.oninput = recount;
    recount();
    box.setAttribute('aria-describedby', 'live-argument-count');
    const sent = h('p', { class: 'live-note' });
    const form = h(
      'form',
      { class: 'live-argue' },
      h('label', { for: 'live-argument' }, 'Your argument'),
      box,
      count,
      h('button', { type: 'submit' }, 'Send argument'),
      sent,
    );
    const made: NonNullable<typeof argument> = { node, form, sent, send: () => undefined };
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      made.send(box.value.slice(0, LIVE_LIMITS.argumentChars));
    });
    argument = made;
  }
  argument.send = (text) => actions.send({ type: 'argue', text });
  argument.sent.textContent = v.myArgument ? 'Sent. The projector shows it on your plate.' : '';
  argument.sent.hidden = !v.myArgument;
  return argument.form;
}

function choiceGroup(
  name: string,
  node: NodeView,
  label: (c: NodeView['choices'][number]) => string,
  pressed: (id: string) => boolean,
  act: (id: string) => void,
  only?: readonly string[],
): HTMLElement {
  return h(
    'div',
    { role: 'group', 'aria-label': name, class: 'live-choices' },
    ...node.choices
      .filter((c) => !only || only.includes(c.id))
      .map((c) => {
        // The detail sits under the button as its description, not inside it: the button's name
        // ("Back this choice: …") then holds all of its visible text (axe: label-content-name-mismatch).
        const detailId = c.detail ? uid('live-choice-detail') : undefined;
        const choice = button(
          label(c),
          () => act(c.id),
          {
            'aria-label': label(c),
            'aria-pressed': pressed(c.id) ? 'true' : undefined,
            'aria-describedby': detailId,
            class: 'live-choice',
          },
          h('span', { class: 'live-choice-label' }, c.label),
        );
        if (!c.detail) return choice;
        return h(
          'div',
          { class: 'live-choice-row' },
          choice,
          h('p', { class: 'live-choice-detail', id: detailId }, c.detail),
        );
      }),
  );
}

function roomScreen(v: PhoneView, actions: PhoneActions): HTMLElement[] {
  const node = v.node!;
  const out: HTMLElement[] = [];
  const timer = timerLine(v.time, v.paused);
  if (timer) out.push(timer);
  if (v.paused) out.push(h('p', { class: 'live-paused', role: 'status' }, 'Paused by the teacher.'));
  out.push(nodeSection(node));
  if (v.mode === 'everyone') {
    out.push(
      choiceGroup(
        'Choices',
        node,
        (c) => c.label,
        () => false,
        (id) => actions.send({ type: 'choose', choice: id }),
      ),
    );
    return out;
  }
  if (v.seat) {
    out.push(
      h(
        'section',
        { class: 'live-seat', 'aria-labelledby': 'live-seat-title' },
        h('h2', { id: 'live-seat-title' }, `Your seat: ${v.seat.name}`),
        h('p', { class: 'live-note' }, [v.seat.title, v.seat.stance].filter(Boolean).join(' · ')),
        v.seat.advice ? h('blockquote', { class: 'live-advice' }, v.seat.advice) : null,
        briefDetails(v.seat.brief),
      ),
    );
    out.push(
      h('h3', {}, 'Back this choice'),
      choiceGroup(
        'Choices',
        node,
        (c) => `Back this choice: ${c.label}`,
        (id) => v.myBacking === id,
        (id) => actions.send({ type: 'back', choice: id }),
      ),
      argumentForm(v, actions),
    );
  }
  if (v.voting)
    out.push(
      h('h3', {}, v.myVote ? 'You have voted' : 'The class votes'),
      choiceGroup(
        'Class vote',
        node,
        (c) => `Vote: ${c.label}`,
        (id) => v.myVote === id,
        (id) => {
          if (!v.myVote) actions.send({ type: 'vote', choice: id });
        },
      ),
    );
  if (v.canDecide)
    out.push(
      h('h3', {}, v.tied ? 'The vote tied: you decide' : 'You are the President: decide'),
      choiceGroup(
        'Decide',
        node,
        (c) => `Decide: ${c.label}`,
        () => false,
        (id) => actions.send({ type: 'decide', choice: id }),
        v.tied,
      ),
    );
  return out;
}

/** Draw a phone's view into the page. */
export function renderPhone(root: HTMLElement, v: PhoneView, actions: PhoneActions, status: HTMLElement): void {
  const head = h(
    'header',
    { class: 'live-head' },
    h('p', { class: 'live-title' }, v.scenarioTitle),
    h(
      'p',
      { class: 'live-me' },
      `${v.me.name}${v.me.president ? ' · President' : ''}${v.seat ? ` · ${v.seat.name}` : ''}`,
    ),
  );
  let body: HTMLElement[];
  if (v.screen === 'waiting')
    body = (
      [
        h('h1', {}, 'You are in'),
        h('p', {}, 'Waiting for the teacher to start.'),
        v.seat ? h('p', {}, `Your seat: ${v.seat.name}, ${v.seat.title}.`) : null,
        briefDetails(v.seat?.brief),
      ] as (HTMLElement | null)[]
    ).filter((x): x is HTMLElement => !!x);
  else if (v.screen === 'room') body = roomScreen(v, actions);
  else if (v.screen === 'outcome')
    body = [
      outcomeSection(v.outcome!),
      v.canContinue
        ? button('Continue', () => actions.send({ type: 'continue' }), { class: 'live-primary' })
        : h(
            'p',
            { class: 'live-note' },
            v.ended ? 'The teacher ended the session.' : 'The teacher moves the class on.',
          ),
    ];
  else
    body = [
      h('h1', {}, 'Debrief'),
      v.ending ? endingSection(v.ending) : h('p', {}, 'The teacher ended the session before an ending.'),
      h('p', { class: 'live-note' }, 'The teacher discusses the class’s paths on the projector.'),
    ];
  if (v.screen !== 'room') timerLine(undefined, false);
  root.replaceChildren(head, ...body, status);
}
