/**
 * The project's documents inside the site: the format reference (in the editor's chunk), and the
 * authoring guide and the checker's rule list, each loaded when first opened so neither the game's
 * start-up nor the editor carries them. Links between them open one another.
 */
import { openDocDialog, type HelpDoc } from './doc-dialog.ts';
import { openFormatReference } from './format-reference.ts';

const LAZY: Record<
  Exclude<HelpDoc, 'scenario-format.md'>,
  { title: string; load: () => Promise<{ default: string }> }
> = {
  'authoring.md': { title: 'Authoring guide', load: () => import('../../docs/authoring.md?raw') },
  'checker-rules.md': { title: 'Checker rules', load: () => import('../../docs/checker-rules.md?raw') },
};

/** Open one of the documents (at a heading when `anchor` names one). */
export async function openHelpDoc(doc: Document, file: HelpDoc, anchor?: string): Promise<void> {
  const open = (f: HelpDoc, a?: string) => void openHelpDoc(doc, f, a);
  if (file === 'scenario-format.md') {
    openFormatReference(doc, anchor, open);
    return;
  }
  const lazy = LAZY[file];
  const { default: markdown } = await lazy.load();
  openDocDialog(doc, {
    title: lazy.title,
    markdown,
    note: `This is docs/${file} of the Crisis Room project.`,
    anchor,
    open,
  });
}
