/**
 * The live class in the dev server: `/?join=CODE` (what the join QR code opens) serves the phone
 * page, live.html (no Phaser), under the same address; `/live/...` (the API and the sockets) goes
 * to the live server beside Vite. `npm run serve` does the same in src/server/live-server.ts.
 */
import type { Plugin } from 'vite';

/** The live server's port in development (`npm start` runs it there). */
export const LIVE_DEV_PORT = Number(process.env.CRISIS_ROOM_LIVE_PORT ?? 2567);

/** Serve live.html for `/?join=…` and `/?projector=…` in `vite` and `vite preview`. */
export function livePages(): Plugin {
  const rewrite = (req: { url?: string }, _res: unknown, next: () => void) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/' && (url.searchParams.has('join') || url.searchParams.has('projector')))
      req.url = `/live.html${url.search}`;
    next();
  };
  return {
    name: 'crisis-room-live-pages',
    configureServer(server) {
      server.middlewares.use(rewrite);
    },
    configurePreviewServer(server) {
      server.middlewares.use(rewrite);
    },
  };
}
