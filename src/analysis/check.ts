/**
 * The full checker: validation (schema, references) plus the state-space proofs (no trap, never
 * stuck) and reachability warnings. The CLI's `check` and the game's loader both call this.
 */
import { validateScenarioText, type LoadedScenario } from '../scenario/validate.ts';
import { sortDiagnostics, hasErrors, type Diagnostic } from '../scenario/diagnostics.ts';
import { compileScenario, type CompiledScenario } from '../engine/machine.ts';
import { LIMITS, type Condition, type Scenario } from '../scenario/schema.ts';
import type { SourceFile } from '../scenario/source.ts';
import { conditionSize } from '../engine/rules.ts';
import {
  exploreStates,
  graphReachable,
  type ExploreOptions,
  type ExploreResult,
  type StateExample,
} from './explore.ts';

/** The outcome of checking one scenario text. */
export interface CheckResult {
  file: string;
  diagnostics: Diagnostic[];
  /** Present when the file has no errors: ready to play. */
  compiled?: CompiledScenario;
  loaded?: LoadedScenario;
  explore?: ExploreResult;
}

function describe(ex: StateExample): string {
  const meters = Object.entries(ex.meters)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const flags = ex.flags.length ? `; flags: ${ex.flags.join(', ')}` : '';
  const path = ex.path.length
    ? `; reached by ${ex.path.length > 6 ? '… ' + ex.path.slice(-6).join(' > ') : ex.path.join(' > ')}`
    : '';
  return `(${meters}${flags}${path})`;
}

/** The path of the longest `set` list (flags multiply states), or undefined when no choice sets a flag. */
function largestSetList(s: Scenario): (string | number)[] | undefined {
  let best: (string | number)[] | undefined;
  let size = 0;
  s.nodes.forEach((n, ni) =>
    n.choices.forEach((c, ci) => {
      if ((c.set?.length ?? 0) > size) {
        size = c.set!.length;
        best = ['nodes', ni, 'choices', ci, 'set'];
      }
    }),
  );
  return best;
}

/**
 * `limit-condition` at the `if` key of every condition with more than LIMITS.conditionTests tests
 * (wherever an `if` sits: choices, branches, news). A condition is tested on every step and in
 * every explored state, so its size is a cost, not only a length.
 */
export function conditionLimitDiagnostics(scenario: Scenario, src: SourceFile, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Array.isArray(v) ? v.entries() : Object.entries(v)) {
      if (k === 'if' && x && typeof x === 'object') {
        const size = conditionSize(x as Condition);
        if (size > LIMITS.conditionTests)
          out.push({
            severity: 'error',
            rule: 'limit-condition',
            message: `this condition has ${size.toLocaleString('en')} tests (meter tests, flags and nested maps); at most ${LIMITS.conditionTests.toLocaleString('en')} are allowed, since it is tested on every step`,
            file,
            ...src.locate([...path, k], true),
          });
      } else walk(x, [...path, k]);
    }
  };
  walk(scenario.nodes, ['nodes']);
  return out;
}

/** Options for `checkScenarioText`: exploration limits and progress, or `explore: false`. */
export interface CheckOptions extends ExploreOptions {
  /**
   * false skips the state-space proofs (traps, stuck states, unreachable warnings): for files
   * already proven by CI, such as the built-in scenarios, so the game starts fast.
   */
  explore?: boolean;
}

/** Check a scenario text: every error and warning of the contract, sorted by position. */
export function checkScenarioText(text: string, file: string, opts: CheckOptions = {}): CheckResult {
  const v = validateScenarioText(text, file);
  if (!v.loaded) return { file, diagnostics: sortDiagnostics(v.diagnostics) };
  const { scenario } = v.loaded;
  const src = v.loaded.source;
  const tooLarge = conditionLimitDiagnostics(scenario, src, file);
  if (tooLarge.length > 0) return { file, diagnostics: sortDiagnostics([...v.diagnostics, ...tooLarge]) };
  const compiled = compileScenario(scenario, v.loaded);
  const diagnostics = [...v.diagnostics];
  const at = (kind: 'nodes' | 'endings', id: string) => {
    const list: { id: string }[] = kind === 'nodes' ? scenario.nodes : scenario.endings;
    return src.locate([kind, list.findIndex((x) => x.id === id), 'id']);
  };
  if (opts.explore === false) return { file, diagnostics: sortDiagnostics(diagnostics), compiled, loaded: v.loaded };
  const ex = exploreStates(compiled.rules, opts);
  for (const s of ex.stuck) {
    diagnostics.push({
      severity: 'error',
      rule: 'stuck',
      message: `the player can reach node "${s.node}" with no visible choice ${describe(s)}`,
      file,
      ...at('nodes', s.node),
    });
  }
  // A stuck node leaves every state that can only lead to it with no way to an ending: those traps
  // follow from the stuck node, so they are one note beside it, not errors on nodes nobody touched.
  const firstStuck = ex.stuck[0];
  const stuckNodes = new Set(ex.stuck.map((s) => s.node));
  const followOn = firstStuck ? [...new Set(ex.traps.map((t) => t.node))].filter((n) => !stuckNodes.has(n)) : [];
  if (firstStuck && followOn.length > 0) {
    const list = followOn.map((n) => `"${n}"`).join(', ');
    diagnostics.push({
      severity: 'warning',
      rule: 'trap',
      message: `because node "${firstStuck.node}" gets stuck, no ending can be reached from ${followOn.length === 1 ? 'node' : 'nodes'} ${list} either: fix the stuck node first, then check again`,
      file,
      ...at('nodes', firstStuck.node),
    });
  }
  for (const s of firstStuck ? [] : ex.traps) {
    diagnostics.push({
      severity: 'error',
      rule: 'trap',
      message: `no ending can be reached from node "${s.node}" in a reachable state ${describe(s)}`,
      file,
      ...at('nodes', s.node),
    });
  }
  // Unreachable: proven by a complete exploration; otherwise only what the graph itself cannot reach.
  const reachable = ex.complete ? new Set([...ex.reachedNodes, ...ex.reachedEndings]) : graphReachable(compiled.rules);
  for (const n of scenario.nodes) {
    if (!reachable.has(n.id))
      diagnostics.push({
        severity: 'warning',
        rule: 'unreachable',
        message: `node "${n.id}" cannot be reached from start`,
        file,
        ...at('nodes', n.id),
      });
  }
  for (const e of scenario.endings) {
    if (!reachable.has(e.id))
      diagnostics.push({
        severity: 'warning',
        rule: 'unreachable',
        message: `ending "${e.id}" cannot be reached from start`,
        file,
        ...at('endings', e.id),
      });
  }
  const costliest = { id: scenario.start, cost: 0 };
  for (const [id, cn] of compiled.rules.nodes)
    if (cn.cost > costliest.cost) Object.assign(costliest, { id, cost: cn.cost });
  if (ex.stoppedBy === 'memory') {
    diagnostics.push({
      severity: 'warning',
      rule: 'limit-explore-memory',
      message: `the state space outgrew the explorer's memory budget of ${((opts.maxBytes ?? LIMITS.exploreBytes) / 1048576).toFixed(0)} MiB after ${ex.states.toLocaleString('en')} states: the proof that no player gets stuck or trapped stopped there (flags and wide meter ranges multiply states)`,
      file,
      ...src.locate(largestSetList(scenario) ?? ['start'], true),
    });
  } else if (ex.stoppedBy === 'work') {
    diagnostics.push({
      severity: 'warning',
      rule: 'limit-explore-work',
      message: `the explorer's work budget of ${(opts.maxWork ?? LIMITS.exploreWork).toLocaleString('en')} condition tests, choices and branches ran out after ${ex.states.toLocaleString('en')} states: the proof that no player gets stuck or trapped stopped there (this node's step costs ${costliest.cost.toLocaleString('en')}; large conditions multiply the work of every state)`,
      file,
      ...at('nodes', costliest.id),
    });
  } else if (!ex.complete) {
    diagnostics.push({
      severity: 'warning',
      rule: 'explore-incomplete',
      message: `the state space is larger than ${ex.states.toLocaleString('en')} states: the proof that no player gets stuck or trapped stopped there`,
      file,
      ...src.locate(['start']),
    });
  }
  const sorted = sortDiagnostics(diagnostics);
  return hasErrors(sorted)
    ? { file, diagnostics: sorted, explore: ex }
    : { file, diagnostics: sorted, compiled, loaded: v.loaded, explore: ex };
}
