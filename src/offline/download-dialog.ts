/**
 * "Download as one file" (issue 20), from a library card and from the editor: dialog "Download as one
 * file" writes one HTML file that plays the chosen scenario (and, if asked, every scenario of the
 * library) with no network and no server, or a SCORM 1.2 zip for an LMS. The shell is the site's own
 * `crisis-room-one-file.html` (built by `npm run build:single` inside the normal build; the service
 * worker keeps it, so this works offline too); the scenarios go in as checked JSON data.
 */
import { checkScenarioText } from '../analysis/check.ts';
import { formatDiagnostic, hasErrors } from '../scenario/diagnostics.ts';
import { openDialog } from '../ui/dialog.ts';
import { button, h } from '../ui/dom.ts';
import { fillOneFileShell, ONE_FILE_FORMAT, type OneFileScenario } from './one-file-data.ts';
import { scormPackage } from './scorm-package.ts';
import './offline.css';

/** The one-file shell's name beside the site's index.html (tools/vite-plugin-one-file.ts). */
export const ONE_FILE_SHELL = 'crisis-room-one-file.html';

/** A scenario offered for download: its title and file. */
export interface DownloadScenario extends OneFileScenario {
  title: string;
}

let shellText: Promise<string> | undefined;

/** The shell, fetched once (from the service worker's cache when offline). */
function fetchShell(doc: Document): Promise<string> {
  shellText ??= fetch(new URL(ONE_FILE_SHELL, doc.baseURI)).then(async (r) => {
    if (!r.ok)
      throw new Error(
        `the one-file shell ${ONE_FILE_SHELL} is not on this site (HTTP ${r.status}; build it with npm run build)`,
      );
    return r.text();
  });
  shellText.catch(() => (shellText = undefined));
  return shellText;
}

/** Offer bytes or text as a file download. */
function download(doc: Document, fileName: string, data: string | Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type }));
  const a = h('a', { href: url, download: fileName, hidden: true });
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a scenario id. */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 80) || 'scenario';
}

/** Open dialog "Download as one file" for `chosen`; `library` lists the other scenarios the teacher may add. */
export function openDownloadDialog(
  doc: Document,
  chosen: DownloadScenario,
  library: readonly DownloadScenario[] = [],
): void {
  const others = library.filter((s) => s.fileName !== chosen.fileName || s.text !== chosen.text);
  openDialog(
    doc,
    'Download as one file',
    (body, close) => {
      const alert = h('p', { role: 'alert', class: 'problem' });
      const status = h('p', { role: 'status', class: 'size-note' });
      const all = h('input', { type: 'checkbox' });
      const checkedChosen = checkScenarioText(chosen.text, chosen.fileName, { explore: false });
      const chosenErrors = checkedChosen.diagnostics.filter((d) => d.severity === 'error');
      const title = checkedChosen.compiled?.scenario.title ?? chosen.title;
      const build = async (scorm: boolean): Promise<void> => {
        alert.textContent = '';
        if (!checkedChosen.compiled || hasErrors(checkedChosen.diagnostics)) {
          alert.textContent = `Fix the scenario first: ${chosenErrors.slice(0, 3).map(formatDiagnostic).join('; ')}`;
          return;
        }
        const scenarios: OneFileScenario[] = [chosen, ...(all.checked && !scorm ? others : [])].map((s) => ({
          fileName: s.fileName,
          text: s.text,
        }));
        status.textContent = 'Making the file…';
        try {
          const shell = await fetchShell(doc);
          const s = checkedChosen.compiled.scenario;
          const html = fillOneFileShell(
            shell,
            { format: ONE_FILE_FORMAT, scenarios, ...(scorm ? { scorm } : {}) },
            s.title,
          );
          if (scorm) {
            const zip = scormPackage(html, s.id, s.version, s.title);
            download(doc, `${safeName(s.id)}-scorm.zip`, zip, 'application/zip');
            status.textContent = `Downloaded ${safeName(s.id)}-scorm.zip (${mb(zip.length)}).`;
          } else {
            download(doc, `${safeName(s.id)}.html`, html, 'text/html');
            status.textContent = `Downloaded ${safeName(s.id)}.html (${mb(new TextEncoder().encode(html).length)}).`;
          }
        } catch (e) {
          status.textContent = '';
          alert.textContent = `The file could not be made: ${(e as Error).message}.`;
        }
      };
      body.classList.add('one-file-dialog');
      body.append(
        h(
          'p',
          {},
          `One HTML file that plays “${title}” in any browser, with no network and no server: students open it with a double click. Its progress is kept in that browser only.`,
        ),
      );
      if (others.length)
        body.append(
          h(
            'label',
            {},
            all,
            ` Also include the other ${others.length} scenario${others.length === 1 ? '' : 's'} of my library`,
          ),
        );
      body.append(
        h(
          'p',
          {},
          'For a learning platform (Moodle, Canvas…): a SCORM 1.2 package of this scenario alone. It reports “completed” at the debrief, the ending, and the decision path (a replay link for Class review).',
        ),
        alert,
        status,
        h(
          'div',
          { class: 'actions' },
          button('Download HTML file', () => void build(false)),
          button('Download for an LMS (SCORM)', () => void build(true)),
          button('Close', () => close(), { class: 'ghost' }),
        ),
      );
      if (chosenErrors.length)
        alert.textContent = `This scenario has problems to fix before it can be downloaded as a game: ${chosenErrors.slice(0, 3).map(formatDiagnostic).join('; ')}`;
      void fetchShell(doc).catch(
        (e: Error) => (alert.textContent = `The one-file game is not available: ${e.message}.`),
      );
    },
    { className: 'one-file-dialog' },
  );
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}
