/**
 * Bench rows for hostile and unlucky input (issue 13): time and peak memory growth of the worst
 * case of each class, after the fix, beside what the same input cost before it. "Before" figures
 * were measured once on the shared 2-core machine (heavily loaded) with the code of commit 63d2edc
 * and `node --import tsx` scripts over tests/hostile/inputs.ts; they are not re-run, since the
 * old code needs minutes and gigabytes. Run alone: `node --import tsx tools/bench/hostile.ts`.
 */
import { checkScenarioText } from '../../src/analysis/check.ts';
import { exploreStates } from '../../src/analysis/explore.ts';
import { parseReplayText } from '../../src/engine/replay-file.ts';
import { buildReplayModel, timelinePage } from '../../src/replay-viewer/model.ts';
import type { Diagnostic } from '../../src/scenario/diagnostics.ts';
import { validateScenarioText } from '../../src/scenario/validate.ts';
import { readShared } from '../../src/share/link.ts';
import { problemRows } from '../../src/teacher/intake.ts';
import {
  aliasBombYaml,
  flagBombYaml,
  longReplayJson,
  loopingTitleYaml,
  manyEndingsYaml,
  manyStatesYaml,
  zeroBombFragment,
} from '../../tests/hostile/inputs.ts';

const MiB = 1024 * 1024;

/**
 * Time (ms) and peak resident growth (MiB) of `run`, sampled at the end and whenever it calls
 * `sample`; the outcome is the rules of the diagnostics it returns, the text it returns, or its error.
 */
export function measure(run: (sample: () => void) => unknown): { ms: number; mib: number; outcome: string } {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const t0 = performance.now();
  let outcome = 'ok';
  try {
    const r = run(sample);
    if (typeof r === 'string') outcome = r;
    else if (r && typeof r === 'object' && 'diagnostics' in r)
      outcome = [...new Set((r as { diagnostics: Diagnostic[] }).diagnostics.map((d) => d.rule))].join(', ') || 'ok';
  } catch (e) {
    outcome = (e as Error).message.slice(0, 60);
  }
  const ms = performance.now() - t0;
  sample();
  return { ms, mib: (peak - base) / MiB, outcome };
}

/** Add the hostile-input rows through the bench's `add(what, value)`. */
export async function benchHostile(add: (what: string, value: string) => void): Promise<void> {
  const row = (what: string, before: string, m: ReturnType<typeof measure>) =>
    add(`hostile: ${what}`, `${m.ms.toFixed(0)} ms, +${m.mib.toFixed(0)} MiB (${m.outcome}); before: ${before}`);

  const flagBomb = flagBombYaml(4, 1000, 60);
  row(
    '1 flag bomb, 4 x 1,000 long flags, check',
    '44 s, 335 MiB',
    measure(() => checkScenarioText(flagBomb, 'f.yaml')),
  );

  const many = checkScenarioText(manyStatesYaml(224, 4, 7), 'm.yaml', { explore: false }).compiled!;
  row(
    '1 explore 100,000 states of dozens of 64-char flags',
    '62 s, +351 MiB',
    measure((sample) => exploreStates(many.rules, { limit: 100_000, onProgress: sample })),
  );

  const bigLink = zeroBombFragment(1024 * MiB);
  row(
    '2 #s= link, 1.4 MB of 1 GiB zeros',
    '85 s, +2,137 MiB ("damaged")',
    measure(() => readShared(bigLink)),
  );
  const smallLink = zeroBombFragment(20 * MiB);
  row(
    '2 #s= link, 27 KB of 20 MiB zeros',
    '3.9 s, +172 MiB',
    measure(() => readShared(smallLink)),
  );

  const alias = aliasBombYaml(99, 900_000);
  row(
    '3 99 aliases of a 900,000-item list',
    '42 s parse + 21 s expand, +866 MiB',
    measure(() => validateScenarioText(alias, 'a.yaml')),
  );
  const alias50k = aliasBombYaml(99, 50_000);
  row(
    '3 99 aliases of a 50,000-item list',
    'not measured (5 million values)',
    measure(() => validateScenarioText(alias50k, 'a.yaml')),
  );

  const loop = checkScenarioText(loopingTitleYaml(20_000), 'loop.yaml').compiled!;
  const replay = parseReplayText(longReplayJson(loop.sha256, 10_000), 'r.json').replay!;
  row(
    '3 10,000-step replay of a 20,000-char title: model + 3 timeline pages',
    'page froze 207 s at 9.5 GB (every entry whole)',
    measure(() => {
      const b = buildReplayModel(loop, replay);
      if (b.ok) for (const i of [0, 5000, 9999]) timelinePage(b.model, i);
    }),
  );
  const huge = longReplayJson('0'.repeat(64), 100_000);
  row(
    '3 100,000-step replay, read',
    'page froze 30 s',
    measure(() => parseReplayText(huge, 'h.json')),
  );

  const endings = manyEndingsYaml(20_001, 'json');
  row(
    '5 20,001 endings, check',
    'page froze 19 s',
    measure(() => checkScenarioText(endings, 'e.json')),
  );
  const text = Array.from({ length: 20_000 }, (_, i) => `line ${i + 1}: ${'x'.repeat(90)}`).join('\n');
  const diags: Diagnostic[] = Array.from({ length: 20_000 }, (_, i) => ({
    severity: 'error',
    rule: 'type',
    message: 'm',
    file: 'f',
    line: i + 1,
    col: 1,
  }));
  row(
    '5 problems panel rows, 20,000 problems in 2 MB',
    'one split per row: quadratic',
    measure(() => problemRows(diags, text)),
  );
}

if (process.argv[1]?.endsWith('tools/bench/hostile.ts')) {
  await benchHostile((what, value) => console.log(`| ${what} | ${value} |`));
}
