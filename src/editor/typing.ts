/**
 * How the scenario editor types, like a plain text editor: Enter starts a new line with the
 * previous line's indentation (nothing added for a key's colon, so spaces the teacher types come on
 * top of exactly that); a suggestion is taken only when picked with the arrow keys (then Enter) or
 * with Tab, never by an Enter meant for a new line; Ctrl+F / Cmd+F opens CodeMirror's search and
 * replace panel. Undo and redo are CodeMirror's history, which starts afresh with each draft opened.
 */
import {
  acceptCompletion,
  completionStatus,
  moveCompletionSelection,
  selectedCompletionIndex,
} from '@codemirror/autocomplete';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { EditorSelection, Prec, type EditorState, type Extension, type Transaction } from '@codemirror/state';
import { keymap, type Command } from '@codemirror/view';

/** The new lines, each with its own line's indentation up to the cursor, for every selection range. */
export function newlineKeepingIndent(state: EditorState): Transaction {
  return state.update(
    state.changeByRange((range) => {
      const line = state.doc.lineAt(range.from);
      const indent = /^[ \t]*/.exec(line.text)![0];
      // The cursor inside the indentation: keep only what lies before it.
      const keep = indent.slice(0, Math.max(0, range.from - line.from));
      const insert = `\n${keep}`;
      return {
        changes: { from: range.from, to: range.to, insert },
        range: EditorSelection.cursor(range.from + insert.length),
      };
    }),
    { scrollIntoView: true, userEvent: 'input' },
  );
}

/** Enter: a new line with the previous line's indentation. */
const enter: Command = (view) => {
  if (view.state.readOnly) return false;
  view.dispatch(newlineKeepingIndent(view.state));
  return true;
};

/** Tab with suggestions open: take the one picked, or the first when none is. */
const tabAccepts: Command = (view) => {
  if (completionStatus(view.state) !== 'active') return false;
  if ((selectedCompletionIndex(view.state) ?? -1) < 0) moveCompletionSelection(true)(view);
  return acceptCompletion(view);
};

/** Options for `autocompletion()`: no suggestion is picked until the arrow keys pick one. */
export const COMPLETION_TYPING = { selectOnOpen: false } as const;

/** The editor's typing: Enter, Tab for suggestions, and search and replace on Ctrl+F / Cmd+F. */
export function typingExtensions(): Extension[] {
  return [
    search({ top: true }),
    highlightSelectionMatches(),
    // Above the default keymap (whose Enter re-indents by the language's rules).
    Prec.high(keymap.of([{ key: 'Enter', run: enter }, { key: 'Tab', run: tabAccepts }, ...searchKeymap])),
  ];
}
