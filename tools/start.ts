/**
 * `npm start`: the game's dev server (Vite, http://localhost:5173) with the live-class server
 * beside it (port 2567; Vite forwards `/live/…` to it), in one command. Ctrl+C stops both. If the
 * live server cannot start (its port is taken), the game still runs and "Run a live class" says so.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const livePort = process.env.CRISIS_ROOM_LIVE_PORT ?? '2567';
const children: ChildProcess[] = [];

function run(name: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  child.on('exit', (code) => {
    if (name === 'vite') stop(code ?? 0);
    else if (code) console.error(`The live-class server stopped (exit ${code}); the game still runs without it.`);
  });
  children.push(child);
  return child;
}

function stop(code: number): void {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exit(code);
}

run('live', ['--import', 'tsx', 'src/server/main.ts'], { PORT: livePort, HOST: '127.0.0.1' });
run('vite', [path.join(ROOT, 'node_modules/vite/bin/vite.js'), ...process.argv.slice(2)]);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(0));
