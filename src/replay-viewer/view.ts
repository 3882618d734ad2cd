/**
 * The replay viewer (DOM first): a modal with a region "Replay viewer". Step with "Previous step" /
 * "Next step" or the ← → keys; each step shows the node, every advisor's words, the choice taken,
 * the historical choice and the meters; the "Timeline" list jumps to any step; "Branch from here"
 * hands a live run (same seed, the earlier steps replayed) to the game.
 */
import { button, h, paragraphs, uid } from '../ui/dom.ts';
import { whenText } from '../scenario/text.ts';
import { openDialog, type OpenDialog } from '../ui/dialog.ts';
import { shorten, timelinePage, type ReplayModel, type ReplayStepView } from './model.ts';

/** What the viewer asks of the game. */
export interface ReplayViewerActions {
  /** Start a live game after the first `steps` steps of the replay (the player decides next). */
  branch(steps: number): void;
}

/** An open viewer. */
export interface ReplayViewer {
  dialog: OpenDialog;
  /** The 0-based step shown. */
  readonly index: number;
  show(index: number): void;
}

/** Open the viewer on a verified replay, at `start` (0-based). */
export function openReplayViewer(
  doc: Document,
  model: ReplayModel,
  actions: ReplayViewerActions,
  start = 0,
): ReplayViewer {
  const s = model.compiled.scenario;
  const total = model.steps.length;
  let index = Math.max(0, Math.min(start, total - 1));
  let stepBox!: HTMLElement;
  let position!: HTMLElement;
  let prev!: HTMLButtonElement;
  let next!: HTMLButtonElement;
  let branchButton!: HTMLButtonElement;
  const timelineButtons: HTMLButtonElement[] = [];
  // The timeline is drawn a page at a time (timelinePage): a 10,000-step replay costs 100 rows.
  let timeline!: HTMLElement;
  let earlier!: HTMLButtonElement;
  let later!: HTMLButtonElement;
  let page = { from: 0, to: 0 };
  const drawTimeline = (i: number) => {
    if (i >= page.from && i < page.to) return;
    const p = timelinePage(model, i);
    page = p;
    timelineButtons.length = 0;
    timeline.replaceChildren(
      ...p.entries.map((e) => {
        const b = button(e.label, () => show(e.index));
        timelineButtons.push(b);
        return h('li', {}, b);
      }),
    );
    earlier.hidden = p.from === 0;
    later.hidden = p.to >= total;
    if (!earlier.hidden) earlier.textContent = `Earlier steps (${p.from} before these)`;
    if (!later.hidden) later.textContent = `Later steps (${total - p.to} after these)`;
  };

  const show = (i: number) => {
    if (!total) return;
    index = Math.max(0, Math.min(i, total - 1));
    const step = model.steps[index]!;
    stepBox.replaceChildren(...renderStep(step, s.language));
    position.textContent = `Step ${index + 1} of ${total}: ${shorten(step.title)}`;
    // aria-disabled, not disabled: a disabled button drops focus to <body>, and ← → would stop working.
    setEnabled(prev, index > 0);
    setEnabled(next, index < total - 1);
    branchButton.textContent = 'Branch from here';
    branchButton.setAttribute('aria-description', `Play on live from step ${index + 1}, with the same seed`);
    drawTimeline(index);
    timelineButtons.forEach((b, j) => {
      if (page.from + j === index) b.setAttribute('aria-current', 'step');
      else b.removeAttribute('aria-current');
    });
  };

  const dialog = openDialog(
    doc,
    `Replay: ${s.title}`,
    (body, close) => {
      const regionHeading = uid('replay-viewer');
      const region = h('section', { class: 'cr-replay-viewer', 'aria-labelledby': regionHeading });
      region.appendChild(h('h3', { id: regionHeading }, 'Replay viewer'));
      const facts = [
        `Scenario ${s.id}, version ${s.version}`,
        `seed ${model.replay.seed}`,
        `${total} step${total === 1 ? '' : 's'}`,
      ];
      if (model.replay.player) facts.push(`player: ${model.replay.player}`);
      region.appendChild(h('p', { class: 'cr-note' }, facts.join(' · ')));
      for (const w of model.warnings) region.appendChild(h('p', { class: 'cr-warning' }, `Warning: ${w}`));
      region.appendChild(
        h(
          'p',
          { class: 'cr-replay-ending' },
          model.ending
            ? `Ending reached: ${model.ending.title} (${model.ending.tone})`
            : 'This replay stops before an ending.',
        ),
      );

      prev = button('Previous step', () => prev.getAttribute('aria-disabled') !== 'true' && show(index - 1));
      next = button('Next step', () => next.getAttribute('aria-disabled') !== 'true' && show(index + 1));
      prev.setAttribute('aria-keyshortcuts', 'ArrowLeft');
      next.setAttribute('aria-keyshortcuts', 'ArrowRight');
      position = h('p', { class: 'cr-replay-position', role: 'status', 'aria-live': 'polite' });
      region.appendChild(h('div', { class: 'cr-replay-controls' }, prev, position, next));

      stepBox = h('article', { class: 'cr-replay-step', 'aria-label': 'Current step' });
      region.appendChild(stepBox);

      timeline = h('ol', { class: 'cr-replay-timeline', 'aria-label': 'Timeline' });
      earlier = button('Earlier steps', () => show(page.from - 1));
      later = button('Later steps', () => show(page.to));
      earlier.hidden = true;
      later.hidden = true;
      region.appendChild(h('h4', {}, 'Timeline'));
      region.appendChild(earlier);
      region.appendChild(timeline);
      region.appendChild(later);

      branchButton = button('Branch from here', () => {
        const at = index;
        close();
        actions.branch(at);
      });
      region.appendChild(
        h(
          'div',
          { class: 'cr-dialog-buttons' },
          branchButton,
          button('Close', () => close()),
        ),
      );
      body.appendChild(region);

      if (!total) {
        stepBox.appendChild(h('p', {}, 'This replay has no steps: the game was stopped before the first decision.'));
        setEnabled(prev, false);
        setEnabled(next, false);
        branchButton.disabled = true;
      }
    },
    { className: 'cr-viewer-dialog' },
  );
  // ← → step wherever focus is while the viewer is open (even on <body>), except in text fields.
  const onKey = (ev: KeyboardEvent) => {
    if (ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight') return;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target as HTMLElement | null;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable))
      return;
    ev.preventDefault();
    ev.stopPropagation();
    show(index + (ev.key === 'ArrowLeft' ? -1 : 1));
  };
  doc.addEventListener('keydown', onKey, true);
  void dialog.closed.then(() => doc.removeEventListener('keydown', onKey, true));
  show(index);
  queueMicrotask(() => (total ? next : prev).focus());
  return {
    dialog,
    get index() {
      return index;
    },
    show,
  };
}

function setEnabled(b: HTMLButtonElement, on: boolean): void {
  if (on) b.removeAttribute('aria-disabled');
  else b.setAttribute('aria-disabled', 'true');
}

function renderStep(step: ReplayStepView, language: string): Node[] {
  const out: Node[] = [];
  out.push(h('h4', { class: 'cr-step-title' }, step.title));
  // The date as the room shows it ("September 13, 2022, 08:00"), not the file's ISO text.
  const when = [step.at && whenText(step.at, language), step.place].filter(Boolean).join(' · ');
  if (when) out.push(h('p', { class: 'cr-clock' }, when));
  out.push(h('div', { class: 'cr-situation' }, ...paragraphs(step.text)));

  const advice = h('ul', { class: 'cr-advice', 'aria-label': 'What the advisors said' });
  if (!step.advice.length) advice.appendChild(h('li', {}, 'No advisor spoke at this point.'));
  for (const a of step.advice) {
    advice.appendChild(
      h(
        'li',
        {},
        h('strong', {}, a.name),
        ': ',
        a.text,
        a.recommends ? ` (Backs: ${a.recommends.label})` : '',
        // The note says who the game made up, wherever the advisor speaks (a line of its own).
        ...(a.note ? [' ', h('span', { class: 'cr-note cr-advisor-note' }, a.note)] : []),
      ),
    );
  }
  out.push(h('h5', {}, 'What the advisors said'), advice);

  out.push(
    h('p', { class: 'cr-choice-taken' }, `Choice taken: ${step.choice.label}${step.timeout ? ' (time ran out)' : ''}`),
  );
  out.push(
    h(
      'p',
      { class: 'cr-choice-historical' },
      `Historical choice: ${step.historical ? step.historical.label : 'not recorded for this point'}`,
    ),
  );
  if (step.historyText) out.push(h('div', { class: 'cr-history' }, ...paragraphs(step.historyText)));
  out.push(h('p', { class: 'cr-led' }, `Led to: ${step.led.title}`));

  const table = h('table', { class: 'cr-meters-table' });
  table.appendChild(h('caption', {}, 'Meters at this step'));
  table.appendChild(
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Meter'),
        h('th', { scope: 'col' }, 'Before the choice'),
        h('th', { scope: 'col' }, 'After'),
      ),
    ),
  );
  const tbody = h('tbody');
  for (const m of step.meters) {
    const delta = m.after - m.before;
    tbody.appendChild(
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, m.hidden ? `${m.label} (hidden during play)` : m.label),
        h('td', {}, String(m.before)),
        h('td', {}, `${m.after}${delta ? ` (${delta > 0 ? '+' : ''}${delta})` : ''}`),
      ),
    );
  }
  table.appendChild(tbody);
  out.push(table);
  return out;
}
