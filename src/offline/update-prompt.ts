/**
 * "A new version is ready" (issue 20): registers the service worker vite-plugin-pwa generates (prompt
 * mode) and, when a new version has been downloaded and waits, shows once a small notice with
 * "Reload" and "Later". Nothing reloads by itself: a game in progress goes on until the player
 * clicks "Reload" (the autosave brings the game back: the card's "Continue"). Text nodes only.
 */
import { registerSW } from 'virtual:pwa-register';
import { button, h } from '../ui/dom.ts';
import './offline.css';

/** The notice for a waiting version: "Reload" runs `reload`, "Later" hides it (it does not come back for this page). */
export function updateNotice(doc: Document, reload: () => void): HTMLElement {
  const box = h(
    'section',
    { class: 'update-prompt', 'aria-label': 'Update', role: 'region' },
    h('p', {}, 'A new version is ready.'),
  );
  box.append(
    button('Reload', () => {
      box.querySelectorAll('button').forEach((b) => {
        b.disabled = true;
      });
      reload();
    }),
    button('Later', () => box.remove(), { class: 'ghost' }),
  );
  doc.body.append(box);
  return box;
}

/**
 * Let the waiting version take over, then reload. Workbox reloads a page its worker controls; a page
 * opened before any worker was installed is reloaded here once the new worker is active.
 */
async function activateAndReload(update: (reload?: boolean) => Promise<void>): Promise<void> {
  const waiting = (await navigator.serviceWorker.getRegistration())?.waiting;
  if (waiting && !navigator.serviceWorker.controller)
    waiting.addEventListener('statechange', () => {
      if (waiting.state === 'activated') location.reload();
    });
  await update(true);
}

/** Register the service worker and prompt once when a new version waits; `announce` tells screen readers. */
export function promptForUpdates(doc: Document, announce: (text: string) => void): void {
  if (!('serviceWorker' in navigator)) return;
  let shown = false;
  const update = registerSW({
    onNeedRefresh() {
      if (shown) return;
      shown = true;
      updateNotice(doc, () => void activateAndReload(update));
      announce('A new version is ready. Reload when you like: your game is saved.');
    },
    onOfflineReady() {
      doc.body.dataset.offlineReady = 'true';
    },
    onRegisterError(error: unknown) {
      console.warn('the service worker could not be registered (no offline play)', error);
    },
  });
}
