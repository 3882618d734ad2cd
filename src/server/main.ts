/**
 * `node --import tsx src/server/main.ts [--site dist]`: the live-class server. Settings come from
 * the environment: PORT (default 2567, or 8080 with --site), CRISIS_ROOM_DATA (default ./data),
 * REDIS_URL (Redis presence, driver and session logs: several processes serve one class),
 * CRISIS_ROOM_PUBLIC_ADDRESS (host:port clients reach this process at, without a proxy).
 * With --site it serves the built game too and prints the address and its QR code.
 */
import { networkInterfaces } from 'node:os';
import QRCode from 'qrcode';
import { startLiveServer } from './live-server.ts';

/** The address other machines on the school network reach this one at (first non-internal IPv4). */
function lanAddress(): string {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return 'localhost';
}

const args = process.argv.slice(2);
const siteAt = args.indexOf('--site');
const staticDir = siteAt >= 0 ? (args[siteAt + 1] ?? 'dist') : undefined;
const port = Number(process.env.PORT ?? (staticDir ? 8080 : 2567));
const host = process.env.HOST ?? (staticDir ? '0.0.0.0' : '127.0.0.1');

const live = await startLiveServer({
  port,
  host,
  dataDir: process.env.CRISIS_ROOM_DATA ?? './data',
  ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL } : {}),
  ...(process.env.CRISIS_ROOM_PUBLIC_ADDRESS ? { publicAddress: process.env.CRISIS_ROOM_PUBLIC_ADDRESS } : {}),
  ...(staticDir ? { staticDir } : {}),
});

const where = process.env.REDIS_URL ? 'Redis' : (process.env.CRISIS_ROOM_DATA ?? './data');
if (staticDir) {
  const url = `http://${host === '0.0.0.0' ? lanAddress() : host}:${live.port}/`;
  console.log(`Crisis Room is served at ${url} (live class on; sessions kept in ${where})`);
  console.log(await QRCode.toString(url, { type: 'terminal', small: true }));
} else console.log(`Live class server ready on http://${host}:${live.port}/ (sessions kept in ${where})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    void live.close().finally(() => process.exit(0));
  });
