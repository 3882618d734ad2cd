/**
 * The phone page (live.html): `/?join=CODE` asks for a name and joins the class; `/?projector=CODE`
 * (with the projector's key after `#`) is the projector's view. No Phaser, no editor, no map: a
 * text client that renders the server's views with the game's roles and names, and marks its
 * screen on `body[data-screen]` (join, waiting, room, outcome, debrief) like the game.
 */
import './live.css';
import { h } from '../ui/dom.ts';
import { JOIN_CODE_PATTERN, LIVE_LIMITS } from '../live-session/log.ts';
import type { PhoneView } from '../live-session/views.ts';
import { JoinRefused, LiveConnection, type Credentials, type LinkState } from './connection.ts';
import { renderPhone, type PhoneActions } from './phone-view.ts';

const root = document.getElementById('live-root')!;
const params = new URLSearchParams(location.search);
const STORE = 'crisis-room-live:';

/** The saved participant for a join code (so a reload or a wake-up needs no second "Join"). */
function saved(code: string): { pid: string; token: string } | undefined {
  try {
    const v = JSON.parse(localStorage.getItem(STORE + code) ?? 'null') as { pid?: unknown; token?: unknown } | null;
    return typeof v?.pid === 'string' && typeof v.token === 'string' ? { pid: v.pid, token: v.token } : undefined;
  } catch {
    return undefined;
  }
}

function setScreen(screen: string): void {
  document.body.dataset.screen = screen;
}

const status = h('p', { class: 'live-status', role: 'status', 'aria-live': 'polite' });
const STATE_TEXT: Record<LinkState, string> = {
  connecting: 'Connecting…',
  connected: '',
  reconnecting: 'Connection lost: reconnecting to your seat…',
  closed: 'Disconnected.',
};

function joinPage(code: string, error?: string): void {
  setScreen('join');
  const codeField = h('input', {
    id: 'live-code',
    name: 'code',
    autocomplete: 'off',
    autocapitalize: 'characters',
    maxlength: 6,
    value: code,
    spellcheck: 'false',
  });
  const nameField = h('input', {
    id: 'live-name',
    name: 'name',
    autocomplete: 'given-name',
    maxlength: LIVE_LIMITS.nameChars,
    required: true,
  });
  const errorLine = h('p', { class: 'live-error', role: 'alert' }, error ?? '');
  const form = h(
    'form',
    { class: 'live-join', 'aria-label': 'Join the class' },
    h('label', { for: 'live-code' }, 'Join code'),
    codeField,
    h('label', { for: 'live-name' }, 'Your name'),
    h('p', { class: 'live-note', id: 'live-name-note' }, 'A first name or a group name. No account, no e-mail.'),
    nameField,
    errorLine,
    h('button', { type: 'submit', class: 'live-primary' }, 'Join'),
  );
  nameField.setAttribute('aria-describedby', 'live-name-note');
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const c = codeField.value.trim().toUpperCase();
    const name = nameField.value.trim();
    if (!JOIN_CODE_PATTERN.test(c)) {
      errorLine.textContent = 'The join code is 6 letters and digits, as shown on the projector.';
      codeField.focus();
      return;
    }
    if (!name) {
      errorLine.textContent = 'Write your first name or your group’s name.';
      nameField.focus();
      return;
    }
    void start(c, { name });
  });
  root.replaceChildren(h('h1', {}, 'Join the class'), form, status);
  (code ? nameField : codeField).focus();
}

async function start(code: string, credentials: Credentials): Promise<void> {
  status.textContent = STATE_TEXT.connecting;
  let actions: PhoneActions | undefined;
  let lastJson = '';
  const link: LiveConnection<PhoneView> = new LiveConnection<PhoneView>(location.origin, code, credentials, {
    view: (v) => {
      const json = JSON.stringify(v);
      if (json === lastJson) return;
      lastJson = json;
      setScreen(v.screen);
      renderPhone(root, v, actions!, status);
    },
    refused: (reason) => {
      status.textContent = `Not accepted: ${reason}.`;
    },
    welcome: (pid, token) => {
      try {
        localStorage.setItem(STORE + code, JSON.stringify({ pid, token }));
      } catch {
        // Private mode: the phone still plays, it just cannot come back after a reload.
      }
    },
    state: (state, detail) => {
      status.textContent = detail ?? STATE_TEXT[state];
      if (state === 'closed' && detail) {
        try {
          localStorage.removeItem(STORE + code);
        } catch {
          /* nothing saved */
        }
      }
    },
  });
  actions = { send: (intent) => link.send(intent) };
  try {
    await link.connect();
  } catch (e) {
    if ('rejoin' in credentials) {
      // The saved seat is gone (the session ended or was deleted): join afresh.
      localStorage.removeItem(STORE + code);
      return joinPage(code, e instanceof JoinRefused ? e.message : undefined);
    }
    joinPage(
      code,
      e instanceof JoinRefused ? e.message : 'The live server cannot be reached: check the network and try again.',
    );
  }
}

async function projector(code: string, key: string): Promise<void> {
  const { renderProjector } = await import('./projector-view.ts');
  setScreen('projector');
  const link = new LiveConnection(
    location.origin,
    code,
    { projector: key },
    {
      view: (v) => renderProjector(root, v as never, status),
      state: (state, detail) => {
        status.textContent = detail ?? STATE_TEXT[state];
      },
    },
  );
  try {
    await link.connect();
  } catch (e) {
    root.replaceChildren(h('h1', {}, 'Projector'), h('p', { role: 'alert' }, (e as Error).message));
  }
}

const projectorCode = params.get('projector');
if (projectorCode)
  void projector(projectorCode.toUpperCase(), new URLSearchParams(location.hash.slice(1)).get('key') ?? '');
else {
  const code = (params.get('join') ?? '').trim().toUpperCase();
  const seat = JOIN_CODE_PATTERN.test(code) ? saved(code) : undefined;
  if (seat) void start(code, { rejoin: seat });
  else joinPage(code);
}
