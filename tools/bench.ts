/**
 * `npm run bench`: prints a table of speed and size measurements. Numbers, not assertions:
 * the machines are noisy, so nothing here fails a build.
 */
import { readFileSync, existsSync } from 'node:fs';
import { validateScenarioText } from '../src/scenario/validate.ts';
import { compileScenario } from '../src/engine/machine.ts';
import { checkScenarioText } from '../src/analysis/check.ts';
import { exploreStates } from '../src/analysis/explore.ts';
import { randomPlaythroughs } from '../src/analysis/playthrough.ts';
import { verifyReplay } from '../src/engine/replay.ts';
import { startRun } from '../src/engine/run.ts';
import { stringify } from 'yaml';
import { generateScenario, generateScenarioJson, generateHugeStateSpaceJson } from './generate-scenario.ts';
import { benchEditor } from './bench/editor.ts';
import { benchSpeedCore } from './bench/speed-core.ts';
import { benchHostile } from './bench/hostile.ts';
import { benchHostileCost } from './bench/hostile3.ts';
import { benchMapLayout } from './bench/map-layout.ts';
import { benchClassReview } from './bench/class-review.ts';
import { benchContent } from './bench/content.ts';
import { benchGates } from './bench/gates.ts';
import { benchLive } from './bench/live.ts';
import { medianMs as time } from './bench/timing.ts';

type Row = { what: string; value: string };
const rows: Row[] = [];
const add = (what: string, value: string) => {
  rows.push({ what, value });
  process.stderr.write(`  ${what}: ${value}\n`);
};

function compiledOf(text: string, file: string) {
  const r = checkScenarioText(text, file);
  if (!r.compiled) throw new Error(`${file} does not check: ${r.diagnostics[0]?.message}`);
  return r.compiled;
}

async function main() {
  process.stderr.write('Crisis Room bench (medians; see README for what each row means)\n');
  // 1. parse + validate + compile, by scenario size, for the JSON and the YAML form of the same data.
  for (const form of ['json', 'yaml'] as const) {
    const perNode: number[] = [];
    for (const n of [100, 1000, 5000]) {
      const text =
        form === 'json'
          ? generateScenarioJson(n)
          : stringify(generateScenario(n), { lineWidth: 0, collectionStyle: 'flow' });
      const ms = time(n === 5000 ? 3 : 5, () => {
        const v = validateScenarioText(text, `gen-${n}.${form}`);
        if (!v.loaded) throw new Error(v.diagnostics[0]?.message);
        compileScenario(v.loaded.scenario, v.loaded);
      });
      perNode.push(ms / n);
      add(
        `parse+validate+compile ${form === 'json' ? 'JSON' : 'YAML (flow style)'}, ${n} nodes (${(text.length / 1024).toFixed(0)} KiB)`,
        `${ms.toFixed(0)} ms (${((ms / n) * 1000).toFixed(0)} µs/node)`,
      );
    }
    add(
      `  ${form.toUpperCase()} scaling 100 -> 5000 nodes (µs/node ratio; 1.0 = linear)`,
      (perNode[2]! / perNode[0]!).toFixed(2),
    );
  }

  // 2. exploration.
  const template = readFileSync('scenarios/examples/template.yaml', 'utf8');
  const tc = compiledOf(template, 'template.yaml');
  add(
    'explore template (states)',
    `${time(20, () => exploreStates(tc.rules)).toFixed(2)} ms (${exploreStates(tc.rules).states} states)`,
  );
  const kzPath = 'scenarios/kazakhstan-2022.yaml';
  const kz = existsSync(kzPath) ? compiledOf(readFileSync(kzPath, 'utf8'), kzPath) : undefined;
  if (kz) {
    const ex = exploreStates(kz.rules);
    add(
      'explore kazakhstan-2022',
      `${time(3, () => exploreStates(kz.rules)).toFixed(0)} ms (${ex.states.toLocaleString('en')} states, ${ex.complete ? 'complete' : 'incomplete'})`,
    );
  }
  const huge = compiledOf(generateHugeStateSpaceJson(), 'huge.json');
  let hugeStates = 0;
  const hugeMs = time(1, () => {
    hugeStates = exploreStates(huge.rules).states;
  });
  add(
    'explore to the 1,000,000-state limit (3 meters x 0..1000)',
    `${hugeMs.toFixed(0)} ms for ${hugeStates.toLocaleString('en')} states (${Math.round((hugeStates / hugeMs) * 1000).toLocaleString('en')} states/s)`,
  );

  // 3. a 10,000-step replay, through XState's pure transition.
  const loop = compiledOf(generateScenarioJson(50, { loop: true }), 'loop.json');
  const run = startRun(loop, 12345);
  for (let i = 0; i < 10_000; i++) run.choose(i % 2 ? 'give' : 'hold');
  const replay = run.record();
  add(
    'replay 10,000 steps (verify from seed)',
    `${time(3, () => {
      const v = verifyReplay(loop, replay);
      if (!v.ok) throw new Error(v.message);
    }).toFixed(0)} ms`,
  );

  // 4. random playthroughs per second.
  for (const [name, c] of [
    ['template', tc],
    ['kazakhstan-2022', kz],
  ] as const) {
    if (!c) continue;
    const n = 20_000;
    const ms = time(3, () => randomPlaythroughs(c.rules, n, 1));
    add(`random playthroughs/s (${name})`, `${Math.round((n / ms) * 1000).toLocaleString('en')}`);
  }

  await benchEditor(add);
  await benchSpeedCore(add);
  // Hostile and unlucky input (issue 13): worst case of each class, before and after.
  if (!process.argv.includes('--no-hostile')) await benchHostile(add);
  // Issue 23: cost budgets (conditions, replays, exploration) and problems linear in their number.
  if (!process.argv.includes('--no-hostile')) await benchHostileCost(add);
  // Issue 23 case 2: opening the map of a big file (ELK runs in a worker, bounded by work).
  if (!process.argv.includes('--no-hostile')) benchMapLayout(add);
  await benchClassReview(add);
  await benchContent(add);
  // The gates CI runs before the tests, and the everyday unit project (issue 12: under a minute).
  if (!process.argv.includes('--no-gates')) await benchGates(add);
  // The live class (issue 18): 300 simulated participants on a real server process, the phone page.
  if (!process.argv.includes('--no-live')) await benchLive(add);

  // 5. the browser: bundle sizes, time to interactive and FPS against a bare Phaser page.
  if (existsSync('tools/bench-browser.ts') && !process.argv.includes('--no-browser')) {
    try {
      const { benchBrowser } = (await import('./bench-browser.ts')) as { benchBrowser: () => Promise<Row[]> };
      for (const r of await benchBrowser()) add(r.what, r.value);
    } catch (e) {
      add('browser bench', `skipped: ${(e as Error).message.split('\n')[0]}`);
    }
  }

  const w = Math.max(...rows.map((r) => r.what.length));
  console.log(`| ${'measurement'.padEnd(w)} | value |`);
  console.log(`| ${'-'.repeat(w)} | ----- |`);
  for (const r of rows) console.log(`| ${r.what.padEnd(w)} | ${r.value} |`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
