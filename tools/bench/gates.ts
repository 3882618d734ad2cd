/**
 * The engineering gates' own speed (issue 12): how long the everyday `unit` Vitest project takes
 * as a whole process on this machine (goal: under a minute on 2 cores), and the typecheck and
 * lint steps CI runs before the tests. Wall time of one run each; `--no-gates` skips them.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';

type Add = (what: string, value: string) => void;

/** Run one command to the end and return its wall time in seconds (or why it failed). */
function timed(cmd: string, args: string[]): string {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: 'ignore', env: { ...process.env, CI: 'true' } });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  return r.status === 0 ? `${s} s` : `${s} s (exit ${r.status ?? r.signal})`;
}

/** Time the gates through `add`, noting the machine's cores and load (the figures depend on both). */
export async function benchGates(add: Add): Promise<void> {
  const load = os.loadavg()[0]!.toFixed(1);
  add(
    `unit test project, whole process (${os.cpus().length} cores, load ${load})`,
    timed('npx', ['vitest', 'run', '--project', 'unit']),
  );
  add('typecheck (tsc --noEmit), whole process', timed('npx', ['tsc', '--noEmit']));
  add('lint and format check (biome ci .), whole process', timed('npx', ['biome', 'ci', '.']));
}
