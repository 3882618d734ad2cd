/**
 * How a class's replays come in: files from the picker, files and whole folders dropped on the
 * class review, and `#r=` links pasted one per line. Everything is read in this browser only.
 */
import type { HandedIn } from '../analysis/class-review.ts';
import type { CompiledScenario } from '../engine/machine.ts';
import { LinkError, readShared } from '../share/link.ts';
import { expandPath, missingScenarioMessage, readPath, scenarioForPath } from '../share/path-link.ts';

/** A pasted line that is not a readable replay link, with the reason. */
export interface LinkFailure {
  name: string;
  reason: string;
}

/**
 * The replays carried by pasted text: one `#r=` link, or short `#p=` link, per line (blank lines
 * skipped). A short link is played back on its scenario among `scenarios`; without it, the line
 * fails saying which scenario to load first.
 */
export function replaysFromLinks(
  text: string,
  scenarios: readonly CompiledScenario[] = [],
): { items: HandedIn[]; failures: LinkFailure[] } {
  const items: HandedIn[] = [];
  const failures: LinkFailure[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const name = `link on line ${i + 1}`;
    const at = line.indexOf('#');
    if (at < 0) {
      failures.push({ name, reason: 'not a replay link: it has no "#r=" part' });
      return;
    }
    try {
      const path = readPath(line.slice(at));
      if (path) {
        const found = scenarioForPath(path, scenarios);
        const expanded = found.compiled ? expandPath(path, found.compiled) : undefined;
        if (expanded?.ok) items.push({ name, text: JSON.stringify(expanded.replay) });
        else failures.push({ name, reason: expanded ? expanded.message : missingScenarioMessage(path, found.other) });
        return;
      }
      const replay = readShared(line.slice(at)).find((p) => p.kind === 'replay');
      if (replay) items.push({ name, text: replay.text });
      else failures.push({ name, reason: 'not a replay link: it has no "#r=" part' });
    } catch (e) {
      failures.push({ name, reason: e instanceof LinkError ? e.message : String(e) });
    }
  });
  return { items, failures };
}

/** A file's name with its folder inside the drop ("period-2/ana.replay.json"), for the tables. */
export interface NamedFile {
  name: string;
  file: File;
}

/** Every file of a drop, walking into dropped folders (their `.json` files only). */
export async function filesFromDrop(data: DataTransfer): Promise<NamedFile[]> {
  const entries = Array.from(data.items ?? [])
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry?.() : null))
    .filter((e): e is FileSystemEntry => !!e);
  if (!entries.length) return Array.from(data.files).map((file) => ({ name: file.name, file }));
  const out: NamedFile[] = [];
  for (const entry of entries) await walk(entry, '', out, true);
  return out;
}

async function walk(entry: FileSystemEntry, folder: string, out: NamedFile[], top: boolean): Promise<void> {
  if (entry.isFile) {
    // Files dropped on their own are all tried; inside folders only replays (.json) are.
    if (!top && !/\.json$/i.test(entry.name)) return;
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ name: folder + entry.name, file });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries returns the folder in batches until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    children.push(...batch);
  }
  children.sort((a, b) => a.name.localeCompare(b.name, 'en'));
  for (const child of children) await walk(child, `${folder}${entry.name}/`, out, false);
}
