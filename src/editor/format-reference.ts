/**
 * The scenario format reference (docs/scenario-format.md) inside the editor, so the help's link
 * works wherever the game is served, with no copy of the repository beside it (doc-dialog.ts draws
 * it). The authoring guide and the checker's rule list open the same way, loaded when first asked
 * for (help-docs.ts).
 */
import reference from '../../docs/scenario-format.md?raw';
import { FORMAT_REFERENCE } from '../scenario/schema.ts';
import type { OpenDialog } from '../ui/dialog.ts';
import { openDocDialog, type OpenHelpDoc } from './doc-dialog.ts';

export { headingSlug, renderReference } from './doc-dialog.ts';

/** Open the format reference in a dialog, at a heading when `anchor` names one. */
export function openFormatReference(doc: Document, anchor?: string, open?: OpenHelpDoc): OpenDialog {
  return openDocDialog(doc, {
    title: 'Scenario format reference',
    markdown: reference,
    note: `This is ${FORMAT_REFERENCE} of the Crisis Room project.`,
    anchor,
    open,
  });
}
