/**
 * The `crisis-room` command line: check | play | explore | graph.
 * A thin shell over src/scenario, src/engine and src/analysis; all output goes through `Output`
 * so tests can run a verb in-process.
 */
import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkScenarioText, type CheckResult } from '../analysis/check.ts';
import { formatDiagnostic, lineExcerpt, type Diagnostic } from '../scenario/diagnostics.ts';
import { readSource } from '../scenario/source.ts';
import { startRun, ChoiceError, type Run } from '../engine/run.ts';
import { verifyReplay } from '../engine/replay.ts';
import { parseReplayText } from '../engine/replay-file.ts';
import { randomPlaythroughs } from '../analysis/playthrough.ts';
import { scenarioGraph } from '../analysis/graph.ts';
import { decisionImpact } from '../analysis/impact.ts';
import type { TrailStep, CompiledScenario } from '../engine/machine.ts';

/** Where a verb writes: stdout lines, stderr lines, and progress (only on a terminal). */
export interface Output {
  out(line: string): void;
  err(line: string): void;
  progress?(text: string): void;
}

export const USAGE = `usage: crisis-room <verb> [options]
  check FILE…                       check scenario files (--json for JSON diagnostics)
  play FILE --seed N --choices a,b  play headless; @timeout lets a node's time run out
       [--replay R.json] [--out R.json] [--player NAME]
  explore FILE [--runs N] [--seed S] [--limit L] [--json] [--impact]
                                    --impact: each decision's widest ending difference
  graph FILE [--format mermaid|dot]`;

/** Largest file the CLI reads: the replay limit, the larger of the two (scenarios stop at 2 MiB). */
const READ_LIMIT = 8 * 1024 * 1024;

/**
 * Read a file as UTF-8, never more than READ_LIMIT + 1 bytes: a regular file is sized before it is
 * read, and a device or pipe (`/dev/zero`) is read in chunks that stop past the limit, so the
 * checker then refuses it with limit-file-size instead of the CLI running out of memory.
 */
function readText(file: string): string {
  const st = statSync(file);
  if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (st.isFile() && st.size > READ_LIMIT) return readPrefix(file, READ_LIMIT + 1);
  if (st.isFile()) return readFileSync(file, 'utf8');
  return readPrefix(file, READ_LIMIT + 1);
}

function readPrefix(file: string, max: number): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(max);
    let n = 0;
    while (n < max) {
      const got = readSync(fd, buf, n, Math.min(65536, max - n), null);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Control characters made visible as `\u001b`-style escapes, so scenario text (a title, a label, a
 * flag) cannot move the cursor, clear the screen, retitle the window or fake a line of output.
 * Keeps line feeds and tabs; escapes the rest of C0, DEL, C1 and the bidirectional overrides.
 * JSON output stays valid JSON: the escape is JSON's own.
 */
export function escapeControls(line: string): string {
  return line.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function loadChecked(file: string, o: Output): CheckResult | undefined {
  let text: string;
  try {
    text = readText(file);
  } catch (e) {
    o.err(`${file}:1:1: error: cannot read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)} [io]`);
    return undefined;
  }
  return checkScenarioText(text, file, {
    onProgress: o.progress
      ? (n, limit) =>
          o.progress!(`exploring ${file}: ${n.toLocaleString('en')} states (limit ${limit.toLocaleString('en')})`)
      : undefined,
  });
}

/** Whether a text is a replay file (`format: crisis-room-replay/…`), in YAML or JSON. */
export function looksLikeReplay(text: string): boolean {
  return /(^|[{,\s])["']?format["']?\s*:\s*["']?crisis-room-replay\//m.test(text.slice(0, 4096));
}

/**
 * Check a replay file: its shape, then, when its scenario was checked in the same command, a
 * re-play from its seed that names the first step that differs.
 */
function checkReplayFile(file: string, text: string, scenarios: readonly CheckResult[], o: Output): Diagnostic[] {
  const parsed = parseReplayText(text, file);
  if (!parsed.replay) return parsed.diagnostics;
  const replay = parsed.replay;
  const about = `replay of scenario "${replay.scenario.id}" (version ${replay.scenario.version}), seed ${replay.seed}, ${replay.steps.length} steps`;
  const scenario = scenarios.find((r) => r.compiled?.scenario.id === replay.scenario.id);
  if (!scenario?.compiled) {
    o.out(
      `${file}: ${about}: the file is well formed; to re-play it, check it together with its scenario: check SCENARIO.yaml ${file}`,
    );
    return [];
  }
  const v = verifyReplay(scenario.compiled, replay);
  if (v.ok) {
    o.out(`${file}: ${about}: re-played on ${scenario.file}, every step fits`);
    return v.warnings.map((w) => ({ severity: 'warning' as const, rule: 'replay', message: w, file, line: 1, col: 1 }));
  }
  const at = readSource(text, file, Number.MAX_SAFE_INTEGER).source?.locate(
    v.step === undefined ? [] : v.step < replay.steps.length ? ['steps', v.step] : ['ending'],
  ) ?? { line: 1, col: 1 };
  return [{ severity: 'error', rule: v.rule ?? 'replay', message: `replay refused: ${v.message}`, file, ...at }];
}

/** Problems printed per file by `check` in text form: enough to work through, never a flood. */
export const MAX_PRINTED_PROBLEMS = 200;

/** `check FILE…`: exit 1 if any file has an error. Replay files are recognised and checked as replays. */
export function cmdCheck(files: string[], json: boolean, o: Output): number {
  if (files.length === 0) {
    o.err('check: name at least one scenario file');
    return 2;
  }
  let errors = 0;
  let warnings = 0;
  const all: { file: string; diagnostics: CheckResult['diagnostics'] }[] = [];
  const texts = new Map<string, string>();
  for (const file of files) {
    try {
      texts.set(file, readText(file));
    } catch {
      /* reported by loadChecked below */
    }
  }
  // Scenarios first, so a replay named before its scenario is still re-played on it.
  const isReplay = (f: string) => looksLikeReplay(texts.get(f) ?? '');
  const checked: CheckResult[] = [];
  for (const file of [...files.filter((f) => !isReplay(f)), ...files.filter(isReplay)]) {
    if (isReplay(file)) {
      const diagnostics = checkReplayFile(file, texts.get(file)!, checked, o);
      all.push({ file, diagnostics });
      for (const d of diagnostics) {
        if (d.severity === 'error') errors++;
        else warnings++;
        if (!json) o.out(formatDiagnostic(d));
      }
      continue;
    }
    const r = loadChecked(file, o);
    if (r) checked.push(r);
    if (!r) {
      errors++;
      all.push({
        file,
        diagnostics: [{ severity: 'error', rule: 'io', message: 'cannot read the file', file, line: 1, col: 1 }],
      });
      continue;
    }
    all.push({ file, diagnostics: r.diagnostics });
    let text = '';
    try {
      text = readText(file);
    } catch {
      /* already reported */
    }
    // The text is split into lines once (once per problem was quadratic), and a terminal gets the
    // first MAX_PRINTED_PROBLEMS of a file; --json lists them all.
    const lines = json ? [] : text.split(/\r\n|\r|\n/);
    r.diagnostics.forEach((d, i) => {
      if (d.severity === 'error') errors++;
      else warnings++;
      if (json || i >= MAX_PRINTED_PROBLEMS) return;
      o.out(formatDiagnostic(d));
      const ex = lineExcerpt(lines[d.line - 1] ?? '', d.col);
      if (ex.line.trim()) {
        o.out(`    ${ex.line}`);
        o.out(`    ${ex.caret}`);
      }
    });
    const more = r.diagnostics.length - MAX_PRINTED_PROBLEMS;
    if (!json && more > 0)
      o.out(
        `${file}: …and ${more.toLocaleString('en')} more problem${more === 1 ? '' : 's'} (check --json lists them all)`,
      );
  }
  all.sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file));
  if (json) o.out(JSON.stringify({ files: all, errors, warnings }, null, 2));
  else
    o.out(
      `${files.length} file${files.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
    );
  return errors > 0 ? 1 : 0;
}

function describeStep(
  compiled: CompiledScenario,
  i: number,
  step: TrailStep,
  before: Readonly<Record<string, number>>,
  o: Output,
): void {
  const node = compiled.rules.nodes.get(step.node)!.node;
  const choice = compiled.rules.nodes.get(step.node)!.byId.get(step.choice)!.choice;
  const when = [node.at, node.place].filter(Boolean).join(', ');
  o.out(`[${i + 1}] ${node.id}: ${node.title}${when ? ` (${when})` : ''}`);
  o.out(`    ${step.timeout ? 'time ran out, taking' : 'chose'} ${choice.id}: ${choice.label}`);
  const changes = compiled.scenario.meters
    .filter((m) => step.deltas[m.id] !== undefined)
    .map(
      (m) =>
        `${m.id} ${before[m.id]} -> ${step.meters[m.id]} (${step.deltas[m.id]! > 0 ? '+' : ''}${step.deltas[m.id]})`,
    );
  o.out(`    meters: ${changes.length ? changes.join(', ') : 'no change'}`);
  if (step.bound) o.out(`    ${step.bound.meter} reached its ${step.bound.bound}`);
}

function printRun(compiled: CompiledScenario, run: Run, o: Output): void {
  let before: Readonly<Record<string, number>> = Object.fromEntries(
    compiled.scenario.meters.map((m) => [m.id, m.start]),
  );
  run.trail.forEach((step, i) => {
    describeStep(compiled, i, step, before, o);
    before = step.meters;
  });
}

/** `play FILE --seed N --choices …` or `--replay R.json`. */
export function cmdPlay(
  file: string | undefined,
  opts: { seed?: string; choices?: string; replay?: string; out?: string; player?: string },
  o: Output,
): number {
  if (!file) {
    o.err('play: name a scenario file');
    return 2;
  }
  const r = loadChecked(file, o);
  if (!r) return 1;
  if (!r.compiled) {
    r.diagnostics.filter((d) => d.severity === 'error').forEach((d) => o.err(formatDiagnostic(d)));
    o.err(`play: ${file} has errors; fix them first (npm run scenario -- check ${file})`);
    return 1;
  }
  const compiled = r.compiled;
  const s = compiled.scenario;
  let run: Run;
  if (opts.replay) {
    let text: string;
    try {
      text = readText(opts.replay);
    } catch (e) {
      o.err(`${opts.replay}:1:1: error: cannot read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)} [io]`);
      return 1;
    }
    const parsed = parseReplayText(text, opts.replay);
    if (!parsed.replay) {
      parsed.diagnostics.forEach((d) => o.err(formatDiagnostic(d)));
      return 1;
    }
    const v = verifyReplay(compiled, parsed.replay);
    if (!v.ok) {
      o.err(`${opts.replay}: error: replay refused: ${v.message}`);
      return 1;
    }
    v.warnings.forEach((w) => o.err(`${opts.replay}: warning: ${w}`));
    run = v.run;
    o.out(`${s.title} (${s.id} ${s.version}), seed ${run.seed}, replay of ${parsed.replay.steps.length} steps`);
    printRun(compiled, run, o);
  } else {
    const seed = opts.seed === undefined ? 0 : Number(opts.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 4294967295) {
      o.err(`play: --seed must be an integer from 0 to 4294967295, not "${opts.seed}"`);
      return 1;
    }
    run = startRun(compiled, seed);
    o.out(`${s.title} (${s.id} ${s.version}), seed ${seed}`);
    const choices = (opts.choices ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    for (let i = 0; i < choices.length; i++) {
      const c = choices[i]!;
      if (run.ended) {
        o.err(
          `play: the run ended at "${run.at}" after ${i} choices; ${choices.length - i} more were given (${choices.slice(i).join(', ')})`,
        );
        return 1;
      }
      const before = run.meters;
      try {
        const step = c === '@timeout' ? run.timeout() : run.choose(c);
        describeStep(compiled, i, step, before, o);
      } catch (e) {
        if (e instanceof ChoiceError) {
          const shown = run.visibleChoices().map((x) => x.id);
          o.err(
            `play: choice ${i + 1} "${c}" cannot be taken at node "${run.at}": ${e.message}${shown.length ? '' : ''}`,
          );
          return 1;
        }
        throw e;
      }
    }
  }
  if (opts.out) {
    // --player: the name or class code the replay carries (class review lists it).
    try {
      writeFileSync(opts.out, JSON.stringify(run.record(opts.player), null, 2) + '\n');
    } catch (e) {
      // A missing folder, a full disk or no permission: said as the other read/write errors are, no stack trace.
      o.err(`${opts.out}:1:1: error: cannot write the replay: ${(e as NodeJS.ErrnoException).code ?? String(e)} [io]`);
      return 1;
    }
    o.err(`wrote ${opts.out}`);
  }
  if (!run.ended) {
    const shown = run.visibleChoices().map((c) => c.id);
    o.out(`No ending yet: the run is at node "${run.at}" (${run.node?.title}); choices here: ${shown.join(', ')}`);
    o.err('play: the choices ran out before an ending');
    return 2;
  }
  const e = run.ending!;
  o.out(`Ending: ${e.id}: ${e.title} (${e.tone})`);
  o.out(`Final meters: ${s.meters.map((m) => `${m.id} ${run.meters[m.id]}`).join(', ')}`);
  return 0;
}

/** `explore FILE`: state-space proofs and random playthrough statistics. */
export function cmdExplore(
  file: string | undefined,
  opts: { runs?: string; seed?: string; limit?: string; json?: boolean; impact?: boolean },
  o: Output,
): number {
  if (!file) {
    o.err('explore: name a scenario file');
    return 2;
  }
  const limit = opts.limit === undefined ? undefined : Number(opts.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000)) {
    o.err('explore: --limit must be an integer from 1 to 1000000');
    return 1;
  }
  let text: string;
  try {
    text = readText(file);
  } catch (e) {
    o.err(`${file}:1:1: error: cannot read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)} [io]`);
    return 1;
  }
  const r = checkScenarioText(text, file, {
    ...(limit !== undefined ? { limit } : {}),
    onProgress: o.progress
      ? (n, l) => o.progress!(`exploring: ${n.toLocaleString('en')} states of at most ${l.toLocaleString('en')}`)
      : undefined,
  });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  const runs = opts.runs === undefined ? 1000 : Number(opts.runs);
  const seed = opts.seed === undefined ? 1 : Number(opts.seed);
  if (
    !Number.isInteger(runs) ||
    runs < 0 ||
    runs > 10_000_000 ||
    !Number.isInteger(seed) ||
    seed < 0 ||
    seed > 4294967295
  ) {
    o.err('explore: --runs must be an integer from 0 to 10000000 and --seed from 0 to 4294967295');
    return 1;
  }
  const ex = r.explore;
  const stats = r.compiled && runs > 0 ? randomPlaythroughs(r.compiled.rules, runs, seed) : undefined;
  // --impact: per decision, the two options whose endings differ most (total-variation distance).
  const impact = r.compiled && opts.impact && runs > 0 ? decisionImpact(r.compiled.rules, { runs, seed }) : undefined;
  if (opts.json) {
    o.out(
      JSON.stringify(
        {
          file,
          diagnostics: r.diagnostics,
          explore: ex && {
            complete: ex.complete,
            states: ex.states,
            transitions: ex.transitions,
            reachedNodes: [...ex.reachedNodes].sort(),
            reachedEndings: [...ex.reachedEndings].sort(),
            traps: ex.traps,
            stuck: ex.stuck,
          },
          playthroughs: stats && {
            runs: stats.runs,
            seed: stats.seed,
            endings: stats.endings,
            meanSteps: stats.meanSteps,
            unfinished: stats.unfinished,
          },
          impact,
        },
        null,
        2,
      ),
    );
    return errors.length ? 1 : 0;
  }
  r.diagnostics.forEach((d) => o.out(formatDiagnostic(d)));
  if (!ex) {
    o.out(`${file}: not explored: the file has errors`);
    return 1;
  }
  const s = r.compiled?.scenario;
  o.out(`State space of ${file}`);
  o.out(
    `  states: ${ex.states.toLocaleString('en')}${ex.complete ? ' (complete)' : ' (stopped at the limit: proofs cover only these)'}`,
  );
  o.out(`  transitions: ${ex.transitions.toLocaleString('en')}`);
  o.out(`  traps (no ending reachable): ${ex.traps.length ? ex.traps.map((t) => t.node).join(', ') : 'none'}`);
  o.out(`  stuck (no visible choice): ${ex.stuck.length ? ex.stuck.map((t) => t.node).join(', ') : 'none'}`);
  if (s) {
    const unreachedNodes = s.nodes.filter((n) => !ex.reachedNodes.has(n.id)).map((n) => n.id);
    const unreachedEndings = s.endings.filter((e) => !ex.reachedEndings.has(e.id)).map((e) => e.id);
    o.out(
      `  nodes reached: ${s.nodes.length - unreachedNodes.length}/${s.nodes.length}${unreachedNodes.length ? ` (not: ${unreachedNodes.join(', ')})` : ''}`,
    );
    o.out(
      `  endings reached: ${s.endings.length - unreachedEndings.length}/${s.endings.length}${unreachedEndings.length ? ` (not: ${unreachedEndings.join(', ')})` : ''}`,
    );
  }
  if (stats && s) {
    o.out(
      `Random playthroughs: ${stats.runs.toLocaleString('en')} runs, seed ${stats.seed}, mean path ${stats.meanSteps.toFixed(2)} steps${stats.unfinished ? `, ${stats.unfinished} unfinished` : ''}`,
    );
    const width = Math.max(6, ...s.endings.map((e) => e.id.length));
    o.out(`  ${'ending'.padEnd(width)}  tone    runs     share`);
    for (const e of s.endings) {
      const n = stats.endings[e.id] ?? 0;
      o.out(
        `  ${e.id.padEnd(width)}  ${e.tone.padEnd(6)}  ${String(n).padStart(6)}  ${((100 * n) / Math.max(1, stats.runs)).toFixed(1).padStart(6)}%`,
      );
    }
  }
  if (impact) {
    o.out(
      `Decision impact: ${runs.toLocaleString('en')} random runs, seed ${seed}; each option continued with the same random future`,
    );
    const width = Math.max(8, ...impact.map((i) => i.node.length));
    o.out(`  ${'decision'.padEnd(width)}  reached  distance  widest pair`);
    for (const i of impact)
      o.out(
        `  ${i.node.padEnd(width)}  ${String(i.visits).padStart(7)}  ${(i.widest ? i.widest.distance.toFixed(2) : '-').padStart(8)}  ${i.widest ? `${i.widest.a} / ${i.widest.b}` : '(fewer than two options compared)'}`,
      );
  }
  return errors.length ? 1 : 0;
}

/** `graph FILE --format mermaid|dot`. */
export function cmdGraph(file: string | undefined, format: string | undefined, o: Output): number {
  if (!file) {
    o.err('graph: name a scenario file');
    return 2;
  }
  const f = format ?? 'mermaid';
  if (f !== 'mermaid' && f !== 'dot') {
    o.err(`graph: --format must be mermaid or dot, not "${f}"`);
    return 1;
  }
  const r = loadChecked(file, o);
  if (!r) return 1;
  if (!r.compiled) {
    r.diagnostics.filter((d) => d.severity === 'error').forEach((d) => o.err(formatDiagnostic(d)));
    return 1;
  }
  o.out(scenarioGraph(r.compiled.scenario, f));
  return 0;
}

/** Run the CLI with arguments; returns the exit code. Every line written has its control characters escaped. */
export function runCli(argv: string[], raw: Output): number {
  const o: Output = {
    out: (l) => raw.out(escapeControls(l)),
    err: (l) => raw.err(escapeControls(l)),
    ...(raw.progress ? { progress: (t: string) => raw.progress!(escapeControls(t)) } : {}),
  };
  const [verb, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        impact: { type: 'boolean' },
        seed: { type: 'string' },
        choices: { type: 'string' },
        replay: { type: 'string' },
        out: { type: 'string' },
        player: { type: 'string' },
        runs: { type: 'string' },
        limit: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    o.err(`${verb ?? 'crisis-room'}: ${(e as Error).message}`);
    o.err(USAGE);
    return 2;
  }
  const { values: v, positionals: p } = parsed;
  if (v.help || !verb || verb === 'help' || verb === '--help' || verb === '-h') {
    o.out(USAGE);
    return verb ? 0 : 2;
  }
  switch (verb) {
    case 'check':
      return cmdCheck(p, !!v.json, o);
    case 'play':
      return cmdPlay(p[0], { seed: v.seed, choices: v.choices, replay: v.replay, out: v.out, player: v.player }, o);
    case 'explore':
      return cmdExplore(p[0], { runs: v.runs, seed: v.seed, limit: v.limit, json: !!v.json, impact: !!v.impact }, o);
    case 'graph':
      return cmdGraph(p[0], v.format, o);
    default:
      o.err(`unknown verb "${verb}"`);
      o.err(USAGE);
      return 2;
  }
}

/** Run the CLI as this process: stdout and stderr, progress on a terminal, and the exit code. */
export function runProcess(argv: string[]): void {
  // `crisis-room explore … | head -1`: the reader may leave before the output ends. That is not an
  // error of ours (as with any Unix tool, stop quietly), not a stack trace on the terminal.
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      // Output that cannot be written (`> /dev/full`: ENOSPC) ends with one line, not a stack trace.
      if (stream !== process.stderr)
        process.stderr.write(`crisis-room: cannot write the output: ${e.code ?? e.message}\n`);
      process.exit(1);
    });
  const tty = process.stderr.isTTY;
  let lastProgress = 0;
  const o: Output = {
    out: (l) => {
      if (tty && lastProgress) process.stderr.write('\r\x1b[K');
      lastProgress = 0;
      process.stdout.write(l + '\n');
    },
    err: (l) => {
      if (tty && lastProgress) process.stderr.write('\r\x1b[K');
      lastProgress = 0;
      process.stderr.write(l + '\n');
    },
    ...(tty
      ? {
          progress: (t: string) => {
            lastProgress = 1;
            process.stderr.write('\r\x1b[K' + t);
          },
        }
      : {}),
  };
  const code = runCli(argv, o);
  if (tty && lastProgress) process.stderr.write('\r\x1b[K');
  process.exitCode = code;
}

// Run directly from source (`node --import tsx src/cli/main.ts`); bin/crisis-room.js runs the built file instead.
const isMain =
  typeof process !== 'undefined' && process.argv[1] !== undefined && /src[\\/]cli[\\/]main\.ts$/.test(process.argv[1]);
if (isMain) runProcess(process.argv.slice(2));
