/**
 * The "Class review" dialog: a teacher adds the class's replays (file picker, a drop of files or
 * folders, pasted `#r=` links), and sees for one scenario the "Endings", "Choices by decision" and
 * "Students" tables, the scenario map with the class's traffic, two CSV downloads and a one-page
 * print layout. Nothing is uploaded: every file is read and checked in this browser.
 */
import {
  ClassReviewCollector,
  studentsCsv,
  summarizeGroup,
  summaryCsv,
  TIME_RAN_OUT_LABEL,
  type AcceptedReplay,
  type ClassSummary,
  type FindScenario,
  type HandedIn,
  type ReplayGroup,
} from '../analysis/class-review.ts';
import type { ReplayFile } from '../scenario/schema.ts';
import type { CompiledScenario } from '../engine/machine.ts';
import { renderScenarioMap } from '../scenario-map/view.ts';
import { scenarioMapGraph, trafficOf } from '../scenario-map/model.ts';
import { startMapLayout, type LayoutJob } from '../scenario-map/layout-job.ts';
import { button, downloadText, h, uid, type Child } from '../ui/dom.ts';
import { askConfirm, openDialog } from '../ui/dialog.ts';
import { filesFromDrop, replaysFromLinks, type NamedFile } from './inputs.ts';
import { keptReplays, type KeptReplay, type KeptReplays } from './kept.ts';
import './class-review.css';

/** What the class review needs from the page. */
export interface ClassReviewHost {
  /** A scenario on offer by id, preferring the file with this sha256. */
  findScenario: FindScenario;
  /** Every scenario on offer, for short `#p=` links (which name their file by the start of its hash). */
  scenarios?(): CompiledScenario[];
  /** Open one student's replay in the replay viewer. */
  openReplay(replay: ReplayFile, file: string): void;
}

/** The open class review. */
export interface ClassReviewScreen {
  dialog: HTMLDialogElement;
  /** Resolves when the dialog has closed. */
  closed: Promise<void>;
  /** Add handed-in replays (as the picker, a drop or pasted links do); resolves once counted and shown. */
  add(items: readonly (HandedIn | NamedFile)[]): Promise<void>;
}

/** Replays read between two repaints of the progress bar. */
const BATCH = 25;

const plural = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;

/**
 * Open the "Class review" dialog. The replays kept in this browser (kept.ts) are read back first;
 * every replay counted after that is kept too, per scenario, until the teacher clears them.
 */
export function openClassReview(doc: Document, host: ClassReviewHost): ClassReviewScreen {
  let selected: string | undefined;
  /** Counted runs not yet kept in the browser (none while kept ones are read back). */
  let pending: KeptReplay[] = [];
  let restoring = false;
  const newCollector = () => {
    const c = new ClassReviewCollector(host.findScenario);
    c.onCounted = (run: AcceptedReplay) => {
      if (!restoring)
        pending.push({ scenario: run.replay.scenario.id, name: run.name, text: JSON.stringify(run.replay) });
    };
    return c;
  };
  let collector = newCollector();
  let store: KeptReplays | undefined;
  const storeReady = keptReplays();

  const status = h('p', { role: 'status', 'aria-live': 'polite', class: 'cr-class-review-status' });
  // What happened to the browser's copy: read back, not kept (a limit, a refused write), cleared.
  const storageNote = h('div', { role: 'alert', class: 'cr-class-review-storage cr-no-print' });
  const tell = (...lines: string[]) =>
    storageNote.replaceChildren(...lines.map((l) => h('p', { class: 'cr-warning' }, l)));
  const progressHolder = h('div', { class: 'cr-no-print' });
  const results = h('div', { class: 'cr-class-review-results' });

  const fileId = uid('replay-files');
  const fileInput = h('input', { id: fileId, type: 'file', multiple: true, accept: '.json,application/json' });
  fileInput.addEventListener('change', () => {
    const files = Array.from(fileInput.files ?? []).map((file) => ({ name: file.name, file }));
    fileInput.value = '';
    void add(files);
  });
  const linksId = uid('replay-links');
  const links = h('textarea', { id: linksId, rows: 3, class: 'cr-link-field', spellcheck: 'false' });
  const addLinks = button('Add links', () => {
    const { items, failures } = replaysFromLinks(links.value, host.scenarios?.() ?? []);
    for (const f of failures) collector.refuseUnreadable(f.name, f.reason);
    links.value = '';
    void add(items);
  });

  const { dialog, closed } = openDialog(
    doc,
    'Class review',
    (body) =>
      body.append(
        h(
          'section',
          { class: 'cr-class-review-intake cr-no-print', 'aria-label': 'Add replays' },
          h(
            'p',
            {},
            'Add the decision paths your students handed in ("Export decision path" files or replay links). Nothing is uploaded: every file is read and checked in this browser only.',
          ),
          h(
            'div',
            { class: 'cr-class-review-drop' },
            h('label', { for: fileId }, 'Add replay files'),
            fileInput,
            h('p', { class: 'cr-note' }, 'Or drop many files, or a whole folder, anywhere on this dialog.'),
          ),
          h('label', { for: linksId }, 'Paste replay links'),
          links,
          h('p', { class: 'cr-note' }, 'One link per line (each holds "#r=").'),
          h('div', { class: 'cr-dialog-buttons' }, addLinks),
        ),
        progressHolder,
        status,
        storageNote,
        results,
        h(
          'div',
          { class: 'cr-dialog-buttons cr-no-print' },
          button('Close', () => dialog.close()),
        ),
      ),
    { className: 'cr-class-review-dialog' },
  );
  // While open, printing the page prints this one-page sheet alone (see class-review.css). It is
  // outside the modal dialog, which the browser keeps in the top layer and would cut at the page end.
  const sheet = h('div', { class: 'cr-print-sheet', 'aria-hidden': 'true' });
  doc.body.appendChild(sheet);
  doc.body.classList.add('cr-printing-class-review');
  // One layout per scenario for the whole review: the screen's map and the printed page's share it,
  // and a render after more replays (traffic changes only the arrows' widths) lays nothing out again.
  const layouts = new Map<string, LayoutJob>();
  const layoutOf = (group: ReplayGroup): LayoutJob => {
    let job = layouts.get(group.key);
    if (!job) {
      job = startMapLayout(scenarioMapGraph(group.compiled.scenario));
      layouts.set(group.key, job);
    }
    return job;
  };
  void closed.then(() => {
    for (const job of layouts.values()) job.cancel();
    sheet.remove();
    doc.body.classList.remove('cr-printing-class-review');
  });

  // Drops on the dialog are the class's replays: keep them from the page's own drop target.
  const onDrag = (ev: Event) => {
    const e = ev as DragEvent;
    if (!e.dataTransfer || !Array.from(e.dataTransfer.types).includes('Files')) return;
    e.preventDefault();
    e.stopPropagation();
    if (e.type === 'dragover') e.dataTransfer.dropEffect = 'copy';
    dialog.classList.toggle('cr-dropping', e.type === 'dragenter' || e.type === 'dragover');
    if (e.type === 'drop') {
      const files = filesFromDrop(e.dataTransfer);
      void files.then((f) => add(f));
    }
  };
  for (const t of ['dragenter', 'dragover', 'dragleave', 'drop']) dialog.addEventListener(t, onDrag);
  fileInput.focus();
  render();

  // First the replays this browser kept (from earlier reviews, before a reload), then what is added.
  let queue: Promise<void> = storeReady
    .then(async (opened) => {
      store = opened.store;
      const notes: string[] = opened.warning ? [opened.warning] : [];
      const { replays, damaged } = await store.load();
      if (damaged)
        notes.push(
          `${plural(damaged, 'record')} kept in this browser could not be read as a replay and ${damaged === 1 ? 'was' : 'were'} skipped and removed.`,
        );
      if (notes.length) tell(...notes);
      restoring = true;
      try {
        await count(replays.map((r) => ({ name: r.name, text: r.text })));
      } finally {
        restoring = false;
      }
    })
    .catch((e: unknown) => {
      progressHolder.replaceChildren();
      tell(`The replays kept in this browser could not be read back (${errorText(e)}). Add the files again.`);
    })
    .then(render);

  function add(items: readonly (HandedIn | NamedFile)[]): Promise<void> {
    // One batch at a time, in order; a batch that fails still leaves the review usable for the next.
    queue = queue
      .then(() => count(items))
      .catch((e: unknown) => {
        progressHolder.replaceChildren();
        console.warn('class review: a batch of replays could not be read', e);
      })
      .then(keepPending)
      .then(render);
    return queue;
  }

  /** Keep the runs just counted in this browser; say what was not kept, and why. */
  async function keepPending(): Promise<void> {
    const batch = pending;
    pending = [];
    if (!batch.length || !store) return;
    try {
      const notKept = await store.keep(batch);
      if (notKept.length)
        tell(
          `${plural(notKept.length, 'replay')} counted but not kept in this browser (${notKept[0]!.reason}): ${notKept
            .slice(0, 5)
            .map((r) => r.name)
            .join(', ')}${notKept.length > 5 ? ', …' : ''}. Clear the replays of a finished class to make room.`,
        );
    } catch (e) {
      tell(
        `Not kept in this browser: it refused to store ${plural(batch.length, 'replay')} (${errorText(e)}). They are counted until the page is closed; download the CSV to keep the numbers.`,
      );
    }
  }

  /** Ask, then forget every replay of a scenario (here and in the browser). */
  async function clearScenario(group: ReplayGroup): Promise<void> {
    const id = group.scenario.id;
    const title = group.compiled.scenario.title;
    const runs = collector.replayGroups.filter((g) => g.scenario.id === id).reduce((k, g) => k + g.runs.length, 0);
    const yes = await askConfirm(
      doc,
      'Clear replays?',
      `Remove the ${plural(runs, 'replay')} of "${title}" from Class review and from this browser? Replays of other scenarios stay. Download the CSV first to keep the numbers.`,
      'Clear',
      'Keep them',
    );
    if (!yes) return;
    queue = queue.then(async () => {
      try {
        await store?.clear(id);
      } catch (e) {
        tell(`The replays of "${title}" could not be removed from this browser (${errorText(e)}).`);
        return;
      }
      const before = collector;
      collector = newCollector();
      collector.refused.push(...before.refused);
      restoring = true;
      try {
        for (const g of before.replayGroups)
          if (g.scenario.id !== id) for (const r of g.runs) collector.addReplay(r.name, r.replay);
      } finally {
        restoring = false;
      }
      tell(`Cleared: the ${plural(runs, 'replay')} of "${title}" are no longer in Class review or this browser.`);
      render();
      fileInput.focus();
    });
    await queue;
  }

  async function count(items: readonly (HandedIn | NamedFile)[]): Promise<void> {
    const total = items.length;
    if (!total) return;
    const bar = h('div', {
      role: 'progressbar',
      'aria-label': 'Reading replays',
      'aria-valuemin': 0,
      'aria-valuemax': total,
      'aria-valuenow': 0,
      class: 'cr-progress',
    });
    const fill = h('span', { class: 'cr-progress-fill', 'aria-hidden': 'true' });
    const label = h('span', { class: 'cr-progress-label' }, `Reading replays… 0 of ${total}`);
    bar.append(label, h('span', { class: 'cr-progress-track', 'aria-hidden': 'true' }, fill));
    progressHolder.replaceChildren(bar);
    for (let i = 0; i < total; i++) {
      const item = items[i]!;
      if ('file' in item) {
        let text: string | undefined;
        try {
          text = await item.file.text();
        } catch {
          collector.refuseUnreadable(item.name, 'the file could not be read');
        }
        if (text !== undefined) collector.add({ name: item.name, text });
      } else collector.add(item);
      if ((i + 1) % BATCH === 0 || i + 1 === total) {
        const text = `Reading replays… ${i + 1} of ${total}`;
        label.textContent = text;
        bar.setAttribute('aria-valuenow', String(i + 1));
        bar.setAttribute('aria-valuetext', text);
        fill.style.width = `${(100 * (i + 1)) / total}%`;
        // Let the bar repaint between batches.
        await new Promise((r) => setTimeout(r, 0));
      }
    }
    progressHolder.replaceChildren();
  }

  function render(): void {
    const groups = collector.replayGroups;
    const counted = groups.reduce((n, g) => n + g.runs.length, 0);
    const refused = collector.refused;
    status.textContent =
      counted || refused.length
        ? `${counted} replay${counted === 1 ? '' : 's'} counted${refused.length ? `, ${refused.length} refused` : ''}.`
        : 'No replays added yet.';
    const out: Child[] = [];
    if (refused.length) {
      out.push(
        h(
          'section',
          { class: 'cr-class-review-refused cr-no-print', 'aria-label': 'Refused files' },
          h('h3', {}, `Refused files (${refused.length})`),
          h(
            'ul',
            { 'aria-label': 'Refused files' },
            ...refused.map((r) => h('li', {}, h('strong', {}, r.name), `: ${r.reason}`)),
          ),
        ),
      );
    }
    if (groups.length) {
      if (!selected || !groups.some((g) => g.key === selected)) selected = groups[0]!.key;
      if (groups.length > 1) {
        const selectId = uid('group');
        const select = h(
          'select',
          { id: selectId },
          ...groups.map((g) =>
            h(
              'option',
              { value: g.key, selected: g.key === selected },
              `${g.compiled.scenario.title} (version ${g.scenario.version}): ${g.runs.length} run${g.runs.length === 1 ? '' : 's'}`,
            ),
          ),
        );
        select.addEventListener('change', () => {
          selected = select.value;
          render();
        });
        out.push(h('p', { class: 'cr-no-print' }, h('label', { for: selectId }, 'Scenario'), ' ', select));
      }
      out.push(groupView(groups.find((g) => g.key === selected)!));
    }
    results.replaceChildren(...out.filter((c): c is Node => c instanceof Node));
    const shown = groups.find((g) => g.key === selected);
    sheet.replaceChildren(...(shown ? printSheet(doc, shown, layoutOf(shown)) : []));
  }

  function groupView(group: ReplayGroup): HTMLElement {
    const s = group.compiled.scenario;
    const summary = summarizeGroup(group);
    const map = renderScenarioMap(doc, s, {
      traffic: trafficOf(group.runs.map((r) => r.trail)),
      layout: layoutOf(group),
    });
    const runs = `${summary.runs} run${summary.runs === 1 ? '' : 's'}`;
    return h(
      'section',
      { class: 'cr-class-review-group', 'aria-label': `Review of ${s.title}` },
      h('h3', {}, `${s.title}, version ${group.scenario.version}: ${runs}`),
      group.warning ? h('p', { class: 'cr-warning' }, `Note: ${group.warning}.`) : undefined,
      h(
        'div',
        { class: 'cr-dialog-buttons cr-no-print' },
        button('Download CSV', () =>
          downloadText(`${s.id}-class-paths.csv`, `\uFEFF${studentsCsv(summary)}`, 'text/csv'),
        ),
        button('Download summary CSV', () =>
          downloadText(`${s.id}-class-summary.csv`, `\uFEFF${summaryCsv(summary)}`, 'text/csv'),
        ),
        button('Print', () => doc.defaultView?.print()),
        button('Clear replays…', () => void clearScenario(group)),
      ),
      keptNote(group),
      endingsTable(summary),
      choicesTable(summary),
      studentsTable(summary, host),
      h('h4', {}, 'Scenario map'),
      map.element,
    );
  }

  /** Where this scenario's replays are kept, and until when. */
  function keptNote(group: ReplayGroup): HTMLElement | undefined {
    if (!store) return undefined;
    const k = store.count(group.scenario.id);
    return h(
      'p',
      { class: 'cr-note cr-no-print' },
      store.persistent
        ? `Kept in this browser until you clear them: ${plural(k, 'replay')} of this scenario (a reload or closing Class review loses nothing).`
        : 'Not kept in this browser: these replays stay until the page is closed.',
    );
  }

  return { dialog, closed, add: (items) => add(items) };
}

const errorText = (e: unknown) => (e instanceof Error ? e.message || e.name : String(e));

/**
 * The printed pages: the endings and the choices grouped by decision (numbers never wrap), then
 * every student with their ending and their choices in order, then the scenario map on a page of
 * its own, across the page's whole width.
 */
function printSheet(doc: Document, group: ReplayGroup, layout: LayoutJob): Node[] {
  const s = group.compiled.scenario;
  const summary = summarizeGroup(group);
  const map = renderScenarioMap(doc, s, { traffic: trafficOf(group.runs.map((r) => r.trail)), layout });
  const choices = h('table', { class: 'cr-class-table' }, h('caption', {}, 'Choices by decision'));
  choices.appendChild(
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Choice', 'Runs', '%', 'History'].map((c, i) => h('th', { scope: 'col', class: i ? 'cr-num' : '' }, c)),
      ),
    ),
  );
  for (const d of summary.decisions) {
    const matched =
      d.matchedHistory === undefined ? 'no historical choice' : `${pct(d.matchedHistory)}% matched history`;
    choices.appendChild(
      h(
        'tbody',
        {},
        h(
          'tr',
          { class: 'cr-print-decision' },
          h('th', { colspan: 4, scope: 'rowgroup' }, `${d.title} (${d.reached} reached it; ${matched})`),
        ),
        ...d.choices.map((c) =>
          h(
            'tr',
            { class: c.historical ? 'cr-print-historical' : '' },
            h('td', {}, c.label),
            h('td', { class: 'cr-num' }, String(c.runs)),
            h('td', { class: 'cr-num' }, pct(c.share)),
            h('td', {}, c.historical ? 'yes' : ''),
          ),
        ),
      ),
    );
  }
  const titles = new Map(s.nodes.map((n) => [n.id, n]));
  const students = h('table', { class: 'cr-class-table cr-print-students' }, h('caption', {}, 'Students'));
  students.appendChild(
    h('thead', {}, h('tr', {}, ...['Student', 'Ending', 'Choices, in order'].map((c) => h('th', { scope: 'col' }, c)))),
  );
  students.appendChild(
    h(
      'tbody',
      {},
      ...summary.students.map((st) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, st.player || st.file),
          h('td', {}, st.ending || 'Stopped before an ending'),
          h(
            'td',
            {},
            h(
              'ol',
              { class: 'cr-print-path' },
              ...st.run.replay.steps.map((step) =>
                h(
                  'li',
                  {},
                  step.timeout
                    ? h('em', {}, TIME_RAN_OUT_LABEL)
                    : (titles.get(step.node)?.choices.find((c) => c.id === step.choice)?.label ?? step.choice),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  return [
    h('h1', {}, `Class review: ${s.title}`),
    h('p', {}, `Version ${group.scenario.version} · ${plural(summary.runs, 'run')}`),
    h('div', { class: 'cr-print-columns' }, h('div', {}, choices), h('div', {}, endingsTable(summary))),
    h('section', { class: 'cr-print-students-page' }, students),
    h('section', { class: 'cr-print-map' }, h('h2', {}, `Scenario map: ${s.title}`), map.element),
  ];
}

function table(caption: string, head: string[], rows: Child[][], className: string): HTMLElement {
  return h(
    'div',
    { class: `cr-table-wrap ${className}`, tabindex: 0, role: 'region', 'aria-label': caption },
    h(
      'table',
      { class: 'cr-class-table' },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        ...rows.map((r) =>
          h(
            'tr',
            {},
            // Numbers never wrap ("43.3", not "43." over "3") and line up (tabular figures).
            ...r.map((c, i) =>
              i
                ? h('td', typeof c === 'string' && NUMBER.test(c) ? { class: 'cr-num' } : {}, c)
                : h('th', { scope: 'row' }, c),
            ),
          ),
        ),
      ),
    ),
  );
}

const pct = (n: number) => n.toFixed(1);
const NUMBER = /^\d+(\.\d+)?$/;

function endingsTable(summary: ClassSummary): HTMLElement {
  return table(
    'Endings',
    ['Ending', 'Tone', 'Runs', 'Share (%)'],
    summary.endings.map((e) => [e.title, e.tone, String(e.runs), pct(e.share)]),
    'cr-endings',
  );
}

function choicesTable(summary: ClassSummary): HTMLElement {
  const rows: Child[][] = [];
  for (const d of summary.decisions)
    d.choices.forEach((c, i) =>
      rows.push([
        i ? h('span', { class: 'cr-repeat' }, d.title) : d.title,
        c.label,
        String(c.runs),
        pct(c.share),
        c.historical ? 'yes' : '',
        d.matchedHistory === undefined ? 'not recorded' : pct(d.matchedHistory),
        String(d.reached),
      ]),
    );
  return table(
    'Choices by decision',
    ['Decision', 'Choice', 'Runs', 'Share (%)', 'Historical', 'Class matched history (%)', 'Runs that reached it'],
    rows,
    'cr-choices',
  );
}

function studentsTable(summary: ClassSummary, host: ClassReviewHost): HTMLElement {
  return table(
    'Students',
    ['Player', 'File', 'Ending', 'Decisions', 'Matches with history', 'Time ran out', 'Replay'],
    summary.students.map((st) => [
      st.player || h('span', { class: 'cr-note' }, '(no name)'),
      st.file,
      st.ending || 'Stopped before an ending',
      String(st.decisions),
      String(st.matches),
      String(st.timeouts),
      button('Open replay', () => host.openReplay(st.run.replay, st.file), {
        'aria-label': `Open replay: ${st.player ? `${st.player}, ` : ''}${st.file}`,
      }),
    ]),
    'cr-students cr-no-print',
  );
}
