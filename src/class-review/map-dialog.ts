/** "Scenario map" on a scenario card: the map (no traffic) in a dialog, for teachers checking their own files. */
import type { Scenario } from '../scenario/schema.ts';
import { renderScenarioMap } from '../scenario-map/view.ts';
import { button, h } from '../ui/dom.ts';
import { openDialog } from '../ui/dialog.ts';
import './class-review.css';

/** Open the dialog "Scenario map: {title}"; resolves once the map is drawn. */
export function openScenarioMapDialog(
  doc: Document,
  scenario: Scenario,
): { closed: Promise<void>; ready: Promise<void> } {
  const map = renderScenarioMap(doc, scenario);
  const closeButton = button('Close', () => modal.close());
  const modal = openDialog(
    doc,
    `Scenario map: ${scenario.title}`,
    (body) => body.append(map.element, h('div', { class: 'cr-dialog-buttons' }, closeButton)),
    { className: 'cr-map-dialog' },
  );
  // preventScroll: the dialog opens at its top (the map), not scrolled down to its last button.
  closeButton.focus({ preventScroll: true });
  // Closing the map stops a layout still under way (its worker is terminated).
  void modal.closed.then(() => map.cancel());
  return { closed: modal.closed, ready: map.ready };
}
