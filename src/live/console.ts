/**
 * The teacher's side of a live class, opened by the title screen's "Run a live class": the
 * "Live class" dialog (scenario, mode, seed, timer, "Open the room"), then the console — the join
 * code, the "Join link" and its QR code, the "Participants" and the live "Students" table, seat
 * and President assignment, "Pause", "Resume", "Add one minute", the class vote, "End session"
 * (the session file and the Class review) and "End and delete". When no live server answers,
 * "Run a live class" says why and how to start one.
 */
import type { CompiledScenario } from '../engine/machine.ts';
import type { ReplayFile } from '../scenario/schema.ts';
import type { ConsoleView, SessionFile } from '../live-session/views.ts';
import { qrCodeOf } from '../class-review/qr.ts';
import { openDialog } from '../ui/dialog.ts';
import { button, downloadText, h, uid } from '../ui/dom.ts';
import { JoinRefused, LiveConnection } from './connection.ts';
import { forgetConsole, keepConsole, keptConsole, type KeptConsole } from './kept-console.ts';
import { clockText } from './phone-view.ts';
import './console.css';

/** What the console needs from the game page. */
export interface LiveConsoleHost {
  /** Every scenario the teacher has (built-in, library, loaded files), in title-screen order. */
  scenarios(): readonly CompiledScenario[];
  /** Open the Class review with these replays (one per student). */
  reviewReplays(items: { name: string; text: string }[]): void;
}

/** The one sentence shown when no live server answers. */
export const NO_SERVER =
  'A live class needs the live server, which is not running here: start Crisis Room with "npm start" (or "npm run serve" on the school network) and open this page from it.';

async function serverUp(): Promise<boolean> {
  try {
    const ctl = new AbortController();
    const t = setTimeout(() => ctl.abort(), 3000);
    const res = await fetch('/live/api/health', { signal: ctl.signal, cache: 'no-store' });
    clearTimeout(t);
    return res.ok && ((await res.json()) as { live?: boolean }).live === true;
  } catch {
    return false;
  }
}

/** "Run a live class": the dialog, or one sentence on why it is unavailable. */
export async function openLiveClass(doc: Document, host: LiveConsoleHost): Promise<void> {
  if (!(await serverUp())) {
    openDialog(doc, 'Live class', (body, close) =>
      body.append(
        h('p', { role: 'alert' }, NO_SERVER),
        h('div', { class: 'cr-dialog-buttons' }, button('Close', close)),
      ),
    );
    return;
  }
  const scenarios = host.scenarios();
  openDialog(doc, 'Live class', (body, close) => {
    const ids = { scenario: uid('live-scenario'), seed: uid('live-seed'), timer: uid('live-timer') };
    const select = h(
      'select',
      { id: ids.scenario },
      ...scenarios.map((c, i) => h('option', { value: String(i) }, c.scenario.title)),
    );
    const radio = (value: string, label: string, checked: boolean) => {
      const id = uid('live-mode');
      return h(
        'div',
        { class: 'cr-live-radio' },
        h('input', { type: 'radio', name: 'live-mode', id, value, checked }),
        h('label', { for: id }, label),
      );
    };
    const seed = h('input', { id: ids.seed, inputmode: 'numeric', autocomplete: 'off', placeholder: 'random' });
    const timer = h(
      'select',
      { id: ids.timer },
      h('option', { value: 'normal' }, 'As in the scenario'),
      h('option', { value: 'double' }, 'Double time'),
      h('option', { value: 'off' }, 'No timer'),
    );
    const error = h('p', { role: 'alert', class: 'cr-live-error' });
    const form = h(
      'form',
      { class: 'cr-live-form' },
      h('label', { for: ids.scenario }, 'Scenario'),
      select,
      h(
        'fieldset',
        {},
        h('legend', {}, 'Mode'),
        radio('committee', 'Committee', true),
        h('p', { class: 'cr-note' }, 'The class is the advisor room: each advisor is a seat on a phone.'),
        radio('everyone', 'Everyone plays', false),
        h('p', { class: 'cr-note' }, 'Every student plays their own run on a phone, same seed.'),
      ),
      h('label', { for: ids.seed }, 'Seed (optional)'),
      seed,
      h('label', { for: ids.timer }, 'Timer'),
      timer,
      error,
      h(
        'div',
        { class: 'cr-dialog-buttons' },
        h('button', { type: 'submit' }, 'Open the room'),
        button('Cancel', close),
      ),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const compiled = scenarios[Number(select.value)];
      const mode = (form.querySelector('input[name="live-mode"]:checked') as HTMLInputElement | null)?.value;
      const seedText = seed.value.trim();
      if (seedText && !/^\d{1,10}$/.test(seedText)) {
        error.textContent = 'Seed: a whole number from 0 to 4294967295, or leave it empty for a random one.';
        seed.focus();
        return;
      }
      if (!compiled) return;
      void (async () => {
        const res = await fetch('/live/api/sessions', {
          method: 'POST',
          body: JSON.stringify({
            // The scenario's data as JSON (a valid scenario file): the server checks it again.
            scenarioText: JSON.stringify(compiled.scenario),
            fileName: `${compiled.scenario.id}.json`,
            mode,
            timer: timer.value,
            ...(seedText ? { seed: Number(seedText) } : {}),
          }),
        }).catch(() => undefined);
        const answer = (await res?.json().catch(() => undefined)) as
          | { code: string; teacherSecret: string; projectorKey: string; error?: string }
          | undefined;
        if (!res?.ok || !answer?.code) {
          error.textContent = `The room could not be opened: ${answer?.error ?? 'the live server did not answer'}.`;
          return;
        }
        close();
        const kept = { ...answer, title: compiled.scenario.title };
        keepConsole(kept);
        openConsole(doc, host, kept);
      })();
    });
    body.append(form);
  });
}

/** Open again the console this tab had open before a reload; false when there is none. */
export function reopenLiveConsole(doc: Document, host: LiveConsoleHost): boolean {
  const kept = keptConsole();
  if (kept) openConsole(doc, host, kept);
  return !!kept;
}

/** A full-page console over the game (the game takes no input meanwhile). */
function openConsole(doc: Document, host: LiveConsoleHost, opened: KeptConsole): void {
  const app = doc.getElementById('app');
  app?.setAttribute('inert', '');
  const joinUrl = `${location.origin}/?join=${opened.code}`;
  const headingId = uid('live-console');
  const qr = h('div', { class: 'cr-live-qr' });
  void qrCodeOf(joinUrl).then((r) => {
    if (!r.ok) return;
    const svg = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', `-2 -2 ${r.size + 4} ${r.size + 4}`);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'QR code of the join link');
    const bg = doc.createElementNS('http://www.w3.org/2000/svg', 'rect');
    for (const [k, v] of Object.entries({ x: -2, y: -2, width: r.size + 4, height: r.size + 4, fill: '#fff' }))
      bg.setAttribute(k, String(v));
    const path = doc.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', r.path);
    path.setAttribute('fill', '#000');
    svg.append(bg, path);
    qr.replaceChildren(svg);
  });
  const joinLink = h('a', { href: joinUrl, target: '_blank', rel: 'noopener' }, 'Join link');
  const projectorLink = h(
    'a',
    {
      href: `${location.origin}/?projector=${opened.code}#key=${opened.projectorKey}`,
      target: '_blank',
      rel: 'noopener',
    },
    'Projector view',
  );
  const status = h('p', { role: 'status', 'aria-live': 'polite', class: 'cr-live-status' });
  const controls = h('div', { class: 'cr-live-controls', role: 'group', 'aria-label': 'Session controls' });
  const live = h('div', { class: 'cr-live-body' });
  const element = h(
    'section',
    { class: 'cr-live-console', 'aria-labelledby': headingId },
    h('h1', { id: headingId }, `Live class: ${opened.title}`),
    h(
      'div',
      { class: 'cr-live-join' },
      h(
        'div',
        {},
        h('p', {}, 'Join code'),
        h('p', { class: 'cr-live-code', 'aria-label': `Join code ${opened.code.split('').join(' ')}` }, opened.code),
        h('p', {}, joinLink, ' · ', projectorLink),
        h('p', { class: 'cr-note' }, joinUrl),
      ),
      qr,
    ),
    status,
    controls,
    live,
  );
  doc.body.appendChild(element);
  let ended = false;
  let file: SessionFile | undefined;
  const link = new LiveConnection<ConsoleView & { sessionFile?: SessionFile }>(
    location.origin,
    opened.code,
    { teacher: opened.teacherSecret },
    {
      view: (v) => {
        if (v.sessionFile) file = v.sessionFile;
        draw(v);
        if (v.status === 'ended' && !ended) {
          ended = true;
          review(v.replays.length ? v.replays : (file?.replays ?? []));
        }
      },
      refused: (r) => {
        status.textContent = `Not done: ${r}.`;
      },
      state: (s, detail) => {
        if (s === 'reconnecting') status.textContent = 'Connection to the live server lost: reconnecting…';
        if (s === 'closed') status.textContent = detail ?? 'Disconnected.';
      },
    },
  );
  const send = (type: string, extra: Record<string, unknown> = {}) => link.send({ type, ...extra });
  const closeConsole = () => {
    forgetConsole();
    void link.close();
    element.remove();
    app?.removeAttribute('inert');
  };
  void link.connect().catch((e: Error) => {
    // Refused (the session was deleted, or this secret is not the teacher's): a reload starts afresh.
    if (e instanceof JoinRefused) forgetConsole();
    status.textContent = `The console could not join the session: ${e.message}`;
  });
  const review = (replays: ReplayFile[]) =>
    host.reviewReplays(replays.map((r) => ({ name: `${r.player ?? 'student'}.json`, text: JSON.stringify(r) })));

  function draw(v: ConsoleView): void {
    const committee = v.mode === 'committee';
    const where =
      v.status === 'lobby'
        ? `Waiting to start: ${v.students.length} joined.`
        : v.status === 'ended'
          ? 'The session has ended.'
          : committee
            ? v.ending
              ? `Ending: ${v.ending.title}.`
              : v.phase === 'outcome'
                ? `Outcome: ${v.outcome?.label ?? ''}.`
                : `Decision: ${v.node?.title ?? ''}${v.time ? `, ${clockText(v.time.leftMs)} left` : ''}${v.paused ? ' (paused)' : ''}.`
            : `Everyone plays: ${v.students.length} students${v.paused ? ' (paused)' : ''}.`;
    if (!status.textContent?.startsWith('Not done')) status.textContent = where;
    else setTimeout(() => (status.textContent = where), 4000);
    const b: HTMLElement[] = [];
    if (v.status === 'lobby') b.push(button('Start', () => send('start')));
    if (v.status === 'playing') {
      b.push(v.paused ? button('Resume', () => send('resume')) : button('Pause', () => send('pause')));
      b.push(button('Add one minute', () => send('add-minute')));
      if (committee && v.phase === 'decision')
        b.push(
          v.voting ? button('Close the vote', () => send('vote-close')) : button('Class vote', () => send('vote-open')),
        );
      if (committee && v.phase === 'outcome' && v.presidentId === null)
        b.push(button('Continue', () => send('continue')));
      if (!committee && v.replays.length) b.push(button('Class review', () => review(v.replays)));
      b.push(button('End session', () => send('end')));
    }
    if (v.status === 'ended') {
      if (file) {
        const f = file;
        b.push(
          button('Download session file', () =>
            downloadText(`${f.scenario.id}-session-${v.code}.json`, `${JSON.stringify(f, null, 2)}\n`),
          ),
        );
      }
      b.push(button('Class review', () => review(v.replays.length ? v.replays : (file?.replays ?? []))));
    }
    b.push(
      button('End and delete', () => {
        forgetConsole();
        send('delete');
      }),
    );
    b.push(button('Close console', closeConsole));
    controls.replaceChildren(...b);

    const parts: HTMLElement[] = [];
    if (
      committee &&
      v.status === 'playing' &&
      v.phase === 'decision' &&
      v.node &&
      v.presidentId === null &&
      !v.voting
    ) {
      parts.push(
        h('h2', {}, `Decide as the President: ${v.node.title}`),
        h(
          'div',
          { role: 'group', 'aria-label': 'Decide', class: 'cr-live-decide' },
          ...v.node.choices
            .filter((c) => !v.tied || v.tied.includes(c.id))
            .map((c) => button(`Decide: ${c.label}`, () => send('decide', { choice: c.id }))),
        ),
      );
    }
    if (committee) {
      const hide = (label: string, checked: boolean, set: (x: boolean) => Record<string, boolean>) => {
        const id = uid('live-hide');
        const box = h('input', { type: 'checkbox', id, checked });
        box.addEventListener('change', () => send('hide', set(box.checked)));
        return h('span', { class: 'cr-live-check' }, box, h('label', { for: id }, label));
      };
      const presidentId = uid('live-president');
      const president = h(
        'select',
        { id: presidentId },
        h('option', { value: '' }, 'The teacher'),
        ...v.students.map((s) => h('option', { value: s.id, selected: s.id === v.presidentId }, s.name)),
      );
      president.addEventListener('change', () => send('president', { pid: president.value || null }));
      parts.push(
        h(
          'div',
          { class: 'cr-live-options' },
          h('label', { for: presidentId }, 'President'),
          president,
          hide('Hide names on the projector', v.hideNames, (x) => ({ names: x, arguments: v.hideArguments })),
          hide('Hide arguments on the projector', v.hideArguments, (x) => ({ names: v.hideNames, arguments: x })),
        ),
        h(
          'table',
          { class: 'cr-class-table' },
          h('caption', {}, 'Seats'),
          h(
            'thead',
            {},
            h('tr', {}, ...['Advisor', 'Held by', 'Backs', 'Argument'].map((c) => h('th', { scope: 'col' }, c))),
          ),
          h(
            'tbody',
            {},
            ...v.seats.map((s) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, s.name),
                h('td', {}, s.holders.join(', ')),
                h('td', {}, s.backingLabel ?? ''),
                h('td', { class: 'cr-live-argument' }, s.argument ?? ''),
              ),
            ),
          ),
        ),
      );
      if (v.voting)
        parts.push(h('p', {}, `Votes: ${v.votes.map((x) => `${x.choice} ${x.count}`).join(', ') || 'none yet'}`));
    }
    parts.push(
      h('h2', {}, 'Participants'),
      h(
        'ul',
        { 'aria-label': 'Participants', class: 'cr-live-participants' },
        ...v.students.map((s) => h('li', {}, `${s.name}${s.connected ? '' : ' (offline)'}`)),
      ),
      studentsTable(v, send),
    );
    if (committee && v.decisions.length)
      parts.push(
        h('h2', {}, 'Decisions'),
        h(
          'ol',
          { class: 'cr-live-decisions' },
          ...v.decisions.map((d) =>
            h(
              'li',
              {},
              `${d.node}: ${d.choice} (${d.how})`,
              h(
                'ul',
                {},
                ...d.backings.map((x) => h('li', {}, `${x.seat} backed ${x.choice} (${x.by})`)),
                ...d.arguments.map((x) => h('li', {}, `${x.seat}: “${x.text}” (${x.by})`)),
              ),
            ),
          ),
        ),
      );
    live.replaceChildren(...parts);
  }
}

function studentsTable(v: ConsoleView, send: (type: string, extra?: Record<string, unknown>) => void): HTMLElement {
  const committee = v.mode === 'committee';
  const head = committee ? ['Name', 'Seat', 'Role', 'Online'] : ['Name', 'At', 'Decisions', 'Ending', 'Online'];
  return h(
    'table',
    { class: 'cr-class-table' },
    h('caption', {}, 'Students'),
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...v.students.map((s) => {
        if (!committee)
          return h(
            'tr',
            {},
            h('th', { scope: 'row' }, s.name),
            h('td', {}, s.at),
            h('td', {}, String(s.decisions)),
            h('td', {}, s.ending ?? ''),
            h('td', {}, s.connected ? 'yes' : 'no'),
          );
        const seat = h(
          'select',
          { 'aria-label': `Seat for ${s.name}` },
          ...v.seats.map((x) => h('option', { value: x.id, selected: x.name === s.seat }, x.name)),
        );
        seat.addEventListener('change', () => send('seat', { pid: s.id, seat: seat.value }));
        return h(
          'tr',
          {},
          h('th', { scope: 'row' }, s.name),
          h('td', {}, seat),
          h('td', {}, s.at),
          h('td', {}, s.connected ? 'yes' : 'no'),
        );
      }),
    ),
  );
}
