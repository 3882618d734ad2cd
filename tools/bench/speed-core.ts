/**
 * Bench rows for the core's speed goals (issue 12): CLI start-up, a 5,000-node YAML check as a
 * whole process, and a 10,000-step replay, each beside what it was and the goal. Runs are
 * interleaved and medians reported, so load on the machine hits both sides alike.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { buildCli, cliIsStale } from '../../bin/build-cli.js';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { initialSnapshot, nextSnapshot } from '../../src/engine/machine.ts';
import { verifyReplay } from '../../src/engine/replay.ts';
import { startRun } from '../../src/engine/run.ts';
import { parsePlainYaml } from '../../src/scenario/plain-yaml.ts';
import { generateScenario, generateScenarioJson } from '../generate-scenario.ts';

type Add = (what: string, value: string) => void;

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/** CPU time (user + system) of this process's finished children so far, in ms; NaN without Linux's /proc. */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after "(comm) ": state is the first; cutime and cstime are the 14th and 15th (at 100 ticks a second).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

// CPU time of each process run, beside its wall time: on a loaded machine the wall time mostly measures the load.
const cpuOf = new Map<string, number[]>();

/** Wall time of one whole process, in ms (its CPU time goes to `cpuOf`); it must exit as `expect` says. */
function processMs(args: string[], expect: number): number {
  const c0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== expect) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 300)}`);
  // A check that printed no summary did not run (an exit code alone once hid that).
  if (args.includes('check') && !/checked:/.test(r.stdout))
    throw new Error(`${args.join(' ')} printed no check summary: ${r.stdout.slice(0, 300)}`);
  const key = args.join(' ');
  cpuOf.set(key, [...(cpuOf.get(key) ?? []), childrenCpuMs() - c0]);
  return ms;
}

/** The median CPU time of the runs of one command, as text. */
function cpu(args: string[]): string {
  const xs = cpuOf.get(args.join(' '));
  return xs && !Number.isNaN(xs[0]) ? s(median(xs)) : 'n/a';
}

/** Interleaved runs of several ways to do one thing: the median of each, in ms. */
function interleaved(n: number, ways: Array<() => number>): number[] {
  const times = ways.map(() => [] as number[]);
  for (let i = 0; i < n; i++) ways.forEach((w, k) => times[k]!.push(w()));
  return times.map(median);
}

function inProcessMs(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Add the core speed rows to the bench table. */
export async function benchSpeedCore(add: Add): Promise<void> {
  if (cliIsStale()) await buildCli();
  const dir = mkdtempSync(join(tmpdir(), 'crisis-bench-'));
  try {
    // 1. CLI start-up: the same check through tsx (as before) and through the prebundled file.
    const small = join(dir, 'three-nodes.yaml');
    writeFileSync(small, stringify(generateScenario(3)));
    const bareArgs = ['-e', '0'];
    const tsxArgs = ['--import', 'tsx', 'src/cli/main.ts', 'check', small];
    const builtArgs = ['bin/crisis-room.js', 'check', small];
    const [bare, viaTsx, built] = interleaved(5, [
      () => processMs(bareArgs, 0),
      () => processMs(tsxArgs, 0),
      () => processMs(builtArgs, 0),
    ]);
    add(
      'CLI start-up: check of a 3-node file, whole process (median of 5)',
      `${s(viaTsx!)} through tsx -> ${s(built!)} prebundled (goal ≤ 0.40 s; bare node ${s(bare!)})`,
    );
    add(
      '  the same, CPU time (user + system)',
      `${cpu(tsxArgs)} through tsx -> ${cpu(builtArgs)} prebundled (bare node ${cpu(bareArgs)})`,
    );

    // 2. A 5,000-node YAML file (flow style, as in the rows above), checked as a whole process.
    const bigText = stringify(generateScenario(5000), { lineWidth: 0, collectionStyle: 'flow' });
    const big = join(dir, 'five-thousand-nodes.yaml');
    writeFileSync(big, bigText);
    // Through bin/ as teachers run it (the built file alone only exports runProcess: it checks nothing).
    const bigArgs = ['bin/crisis-room.js', 'check', big];
    const [whole] = interleaved(3, [() => processMs(bigArgs, 0)]);
    add(
      'check of a 5,000-node YAML file, whole process (median of 3)',
      `${s(whole!)}, CPU ${cpu(bigArgs)} (before 5-6 s; goal < 3 s)`,
    );
    const opts = { prettyErrors: false, uniqueKeys: true, strict: true, version: '1.2', logLevel: 'error' } as const;
    const [positioned, plain] = interleaved(3, [
      () => inProcessMs(() => parseDocument(bigText, opts).toJS()),
      () => inProcessMs(() => parsePlainYaml(bigText)),
    ]);
    add(
      '  its YAML read in process: positioned document -> plain fast path',
      `${positioned!.toFixed(0)} ms -> ${plain!.toFixed(0)} ms (${(positioned! / plain!).toFixed(1)}× faster)`,
    );

    // 3. A 10,000-step replay: stepping XState event by event (as before) and folding the rules.
    const loop = checkScenarioText(generateScenarioJson(50, { loop: true }), 'loop.json').compiled!;
    const run = startRun(loop, 12345);
    for (let i = 0; i < 10_000; i++) run.choose(i % 2 ? 'give' : 'hold');
    const replay = run.record();
    const [stepped, folded] = interleaved(9, [
      () =>
        inProcessMs(() => {
          let snap = initialSnapshot(loop, replay.seed);
          for (const st of replay.steps) snap = nextSnapshot(loop, snap, { type: 'CHOOSE', choice: st.choice });
        }),
      () =>
        inProcessMs(() => {
          if (!verifyReplay(loop, replay).ok) throw new Error('the replay does not verify');
        }),
    ]);
    add(
      '10,000-step replay, in process (median of 9)',
      `${stepped!.toFixed(0)} ms stepping XState per event -> ${folded!.toFixed(0)} ms verifyReplay (before ~200 ms; goal < 50 ms)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
