import { describe, expect, it } from 'vitest';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { parseReplayText } from '../../src/engine/replay-file.ts';
import { buildReplayModel, TIMELINE_PAGE, timelinePage } from '../../src/replay-viewer/model.ts';
import { LIMITS } from '../../src/scenario/schema.ts';
import { validateScenarioText } from '../../src/scenario/validate.ts';
import { aliasBombYaml, longReplayJson, loopingTitleYaml } from './inputs.ts';
import { MiB, peakGrowth } from './memory.ts';

function at(text: string, needle: string): { line: number; col: number } {
  const i = text.indexOf(needle);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

describe('amplification within the limits (finding 3)', () => {
  it('refuses the finding (99 aliases of a 900,000-item list) before parsing it, with limit-values', () => {
    const text = aliasBombYaml(99, 900_000);
    expect(text.length).toBeLessThan(LIMITS.fileBytes);
    const m = peakGrowth(() => validateScenarioText(text, 'alias.yaml'));
    const d = m.result!.diagnostics;
    expect(d.map((x) => x.rule)).toEqual(['limit-values']);
    expect(d[0]!.message).toMatch(/more than 250,000 values/);
    // The 250,001st separator: the list starts on the x-big line, one "0," per item.
    const line = at(text, 'x-big').line;
    expect(d[0]!.line).toBe(line);
    // Parsed, its 900,000 values cost the YAML parser 870 MB; expanded, the aliases 89 million more.
    expect(m.grewBy).toBeLessThan(64 * MiB);
  });

  it('refuses aliases that would expand past 100,000 values with limit-aliases at the alias that goes over', () => {
    const text = aliasBombYaml(99, 50_000);
    const m = peakGrowth(() => validateScenarioText(text, 'alias.yaml'));
    const d = m.result!.diagnostics;
    expect(d.map((x) => x.rule)).toEqual(['limit-aliases']);
    expect(d[0]!.message).toMatch(/expand to more than 100,000 values/);
    const second = text.indexOf('*big', text.indexOf('*big') + 1);
    const before = text.slice(0, second).split('\n');
    expect({ line: d[0]!.line, col: d[0]!.col }).toEqual({ line: before.length, col: before.at(-1)!.length + 1 });
    expect(m.grewBy).toBeLessThan(300 * MiB);
  });

  it('still expands a few small aliases (reused blocks)', () => {
    const text = aliasBombYaml(99, 64);
    expect(validateScenarioText(text, 'small.yaml').diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('refuses a replay over 10,000 steps with limit-steps at its steps key', () => {
    const text = longReplayJson('0'.repeat(64), 100_000);
    const r = parseReplayText(text, 'long.replay.json');
    expect(r.diagnostics.map((x) => x.rule)).toEqual(['limit-steps']);
    expect(r.diagnostics[0]!.message).toBe('the replay has 100,000 steps; at most 10,000 are allowed');
    expect({ line: r.diagnostics[0]!.line, col: r.diagnostics[0]!.col }).toEqual(at(text, '"steps"'));
  });

  it('a 10,000-step replay of a 20,000-character title lists 100 short timeline entries at a time', () => {
    const scenario = checkScenarioText(loopingTitleYaml(20_000), 'loop.yaml');
    expect(scenario.compiled).toBeDefined();
    const compiled = scenario.compiled!;
    const replay = parseReplayText(longReplayJson(compiled.sha256, LIMITS.replaySteps), 'loop.replay.json').replay!;
    const m = peakGrowth(() => {
      const built = buildReplayModel(compiled, replay);
      if (!built.ok) throw new Error(built.message);
      const pages = [0, 4_321, LIMITS.replaySteps - 1].map((i) => timelinePage(built.model, i));
      return pages;
    });
    const [first, middle, last] = m.result!;
    expect(first!.entries).toHaveLength(TIMELINE_PAGE);
    expect(middle!.from).toBe(4_300);
    expect(last!.to).toBe(LIMITS.replaySteps);
    const longest = Math.max(...m.result!.flatMap((p) => p.entries.map((e) => e.label.length)));
    expect(longest).toBeLessThan(200);
    // Every entry repeating the title and label whole would be 10,000 x 40,000 characters: 800 MB.
    expect(m.grewBy).toBeLessThan(200 * MiB);
  });
});
