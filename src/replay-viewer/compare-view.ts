/**
 * The debrief of a branch: both paths side by side (the replay's and the player's), step by step,
 * with the ending and final meters of each. A table, so it reads well with a screen reader.
 */
import type { CompiledScenario } from '../engine/machine.ts';
import { h, uid } from '../ui/dom.ts';
import type { PathComparison } from './model.ts';

/** Render the comparison as a region "Both paths". */
export function renderPathComparison(doc: Document, compiled: CompiledScenario, cmp: PathComparison): HTMLElement {
  const headingId = uid('both-paths');
  const section = h(
    'section',
    { class: 'cr-both-paths', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, 'Both paths'),
  );
  section.appendChild(
    h(
      'p',
      {},
      cmp.branchedAt === 0
        ? 'You played this branch from the first decision, with the replay\u2019s seed.'
        : `The first ${cmp.branchedAt} step${cmp.branchedAt === 1 ? ' was' : 's were'} replayed; from step ${cmp.branchedAt + 1} on, the choices were yours.`,
    ),
  );
  const table = h('table', { class: 'cr-paths-table' });
  table.appendChild(h('caption', {}, 'The replay\u2019s path and your branch, step by step'));
  table.appendChild(
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Step'),
        h('th', { scope: 'col' }, 'Replay path'),
        h('th', { scope: 'col' }, 'Your branch'),
      ),
    ),
  );
  const tbody = h('tbody');
  const cell = (p: PathComparison['rows'][number]['original']) =>
    p ? `${p.title}: ${p.label}${p.timeout ? ' (time ran out)' : ''}` : '—';
  for (const r of cmp.rows) {
    tbody.appendChild(
      h(
        'tr',
        { class: r.shared ? 'cr-shared' : undefined },
        h('th', { scope: 'row' }, r.shared ? `${r.step} (replayed)` : String(r.step)),
        h('td', {}, cell(r.original)),
        h('td', {}, cell(r.branch)),
      ),
    );
  }
  const ending = (e: PathComparison['originalEnding']) => (e ? `${e.title} (${e.tone})` : 'no ending');
  tbody.appendChild(
    h(
      'tr',
      { class: 'cr-endings' },
      h('th', { scope: 'row' }, 'Ending'),
      h('td', {}, ending(cmp.originalEnding)),
      h('td', {}, ending(cmp.branchEnding)),
    ),
  );
  for (const m of compiled.rules.meters) {
    tbody.appendChild(
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, m.label),
        h('td', {}, String(cmp.originalMeters[m.id] ?? '—')),
        h('td', {}, String(cmp.branchMeters[m.id] ?? '—')),
      ),
    );
  }
  table.appendChild(tbody);
  section.appendChild(table);
  return section;
}
