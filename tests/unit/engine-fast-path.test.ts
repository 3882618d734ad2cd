/**
 * The engine steps runs through `machine.transition` with an actor scope it keeps per machine (an
 * XState internal: see `inertScope` in src/engine/machine.ts), because XState's public
 * `transition()` builds a new actor on every call. These tests pin that shortcut to the public API:
 * on every step of every built-in scenario's historical path and of 1,000 seeded random runs, the
 * fast path and `transition()` give the same snapshot. An XState upgrade that changes the scope's
 * shape fails here instead of drifting; and xstate is pinned to the exact version tested.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { drawFrom, isRefusal, visibleChoices } from '../../src/engine/rules.ts';
import {
  compileScenario,
  initialSnapshot,
  outcomeAt,
  stateId,
  stepSnapshot,
  type CompiledScenario,
  type RunEvent,
  type RunSnapshot,
} from '../../src/engine/machine.ts';
import { BUILTIN_SCENARIOS } from '../../src/game/builtin-scenarios.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const compiled = BUILTIN_SCENARIOS.map((b) => ({ file: b.file, c: compileScenario(b.scenario, b.sha256) }));

/** What a snapshot is, as XState persists it (state, status, context with the whole path, output). */
const persisted = (c: CompiledScenario, s: RunSnapshot) => c.machine.getPersistedSnapshot(s);

/**
 * Take one event both ways and check they agree; returns the next snapshot (or undefined when the
 * event is refused, which never reaches the machine on either path).
 */
function stepBoth(c: CompiledScenario, snap: RunSnapshot, event: RunEvent, where: string): RunSnapshot | undefined {
  const outcome = outcomeAt(c, snap, event);
  if (isRefusal(outcome)) return undefined;
  const fast = stepSnapshot(c, snap, event, outcome);
  const [slow, actions] = transition(c.machine, snap, { ...event, outcome });
  expect(persisted(c, fast), where).toEqual(persisted(c, slow));
  expect(fast.status, where).toBe(slow.status);
  // The shortcut's scope executes nothing: every action the machine takes must be an assign.
  expect(
    actions.map((a) => a.type),
    where,
  ).toEqual([]);
  return fast;
}

describe('the engine fast path matches XState’s public transition()', () => {
  it('pins xstate to the exact version installed and tested (no range that lets it drift)', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const installed = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/xstate/package.json'), 'utf8'));
    expect(pkg.dependencies.xstate).toBe(installed.version);
  });

  it.each(compiled)('on every step of the historical path of $file (several seeds)', ({ file, c }) => {
    let steps = 0;
    for (let seed = 1; seed <= 25; seed++) {
      let snap = initialSnapshot(c, seed);
      for (let n = 0; snap.status !== 'done' && n < 200; n++) {
        const at = stateId(snap);
        const node = c.rules.nodes.get(at)!;
        const shown = visibleChoices(c.rules, at, snap.context.meters, snap.context.flags);
        const hist = node.node.history?.choice;
        const pick = shown.find((x) => x.choice.id === hist) ?? shown[0];
        if (!pick) break;
        const next = stepBoth(c, snap, { type: 'CHOOSE', choice: pick.choice.id, ms: 1000 * n }, `${file} ${at}`);
        expect(next, `${file}: the historical choice at ${at} is refused`).toBeDefined();
        snap = next!;
        steps++;
      }
    }
    expect(steps).toBeGreaterThan(25);
  });

  it('on every step of 1,000 seeded random runs (choices, timeouts and refused events), every built-in scenario', () => {
    let rng = 20261207;
    const u = () => {
      const d = drawFrom(rng);
      rng = d.state;
      return d.u;
    };
    let steps = 0;
    let refused = 0;
    for (let r = 0; r < 1000; r++) {
      const { file, c } = compiled[r % compiled.length]!;
      let snap = initialSnapshot(c, Math.floor(u() * 4294967296));
      for (let n = 0; snap.status !== 'done' && n < 300; n++) {
        const at = stateId(snap);
        const node = c.rules.nodes.get(at)!;
        const shown = visibleChoices(c.rules, at, snap.context.meters, snap.context.flags);
        const roll = u();
        const event: RunEvent =
          roll < 0.1
            ? { type: 'TIMEOUT', ms: n }
            : roll < 0.15
              ? { type: 'CHOOSE', choice: node.choices[Math.floor(u() * node.choices.length)]!.choice.id }
              : { type: 'CHOOSE', choice: shown[Math.floor(u() * shown.length)]?.choice.id ?? 'none' };
        const next = stepBoth(c, snap, event, `${file} run ${r} step ${n} at ${at}`);
        if (next) {
          snap = next;
          steps++;
        } else refused++;
      }
    }
    expect(steps).toBeGreaterThan(5000);
    expect(refused).toBeGreaterThan(0);
  });
});
