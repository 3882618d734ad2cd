import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileScenario } from '../../src/engine/machine.ts';
import { startRun } from '../../src/engine/run.ts';
import { BUILTIN_SCENARIOS } from '../../src/game/builtin-scenarios.ts';
import { validateScenarioText } from '../../src/scenario/validate.ts';
import { precompileScenario, scenarioModuleCode } from '../../tools/vite-plugin-builtin-scenarios.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('built-in scenarios compiled at build time (?scenario)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'crisis-builtin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ships exactly what parsing and validating each YAML file gives: data, sha256 and warnings', () => {
    expect(BUILTIN_SCENARIOS.map((b) => b.file)).toEqual([
      'scenarios/kazakhstan-2022.yaml',
      'scenarios/armenia-2022.yaml',
      'scenarios/examples/template.yaml',
    ]);
    for (const b of BUILTIN_SCENARIOS) {
      const v = validateScenarioText(readFileSync(path.join(ROOT, b.file), 'utf8'), b.file);
      expect(v.loaded, b.file).toBeDefined();
      expect(b.scenario).toEqual(v.loaded!.scenario);
      expect(b.sha256).toBe(v.loaded!.sha256);
      expect(b.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(b.warnings).toEqual(v.diagnostics);
    }
  });

  it('plays the same from the shipped data as from the file: same machine, same run', () => {
    for (const b of BUILTIN_SCENARIOS) {
      const v = validateScenarioText(readFileSync(path.join(ROOT, b.file), 'utf8'), b.file);
      const shipped = startRun(compileScenario(b.scenario, b.sha256), 7);
      const parsed = startRun(compileScenario(v.loaded!.scenario, v.loaded!), 7);
      for (let i = 0; i < 40 && !shipped.ended; i++) {
        const c = shipped.visibleChoices()[i % shipped.visibleChoices().length]!;
        shipped.choose(c.id);
        parsed.choose(c.id);
      }
      expect(shipped.record()).toEqual(parsed.record());
    }
  });

  it('emits a module whose data survives the JSON round trip unchanged', async () => {
    const p = precompileScenario(path.join(ROOT, 'scenarios/examples/template.yaml'), ROOT);
    const code = scenarioModuleCode(p);
    const file = path.join(dir, 'template.mjs');
    writeFileSync(file, code);
    const mod = (await import(file)) as { default: unknown };
    expect(mod.default).toEqual(p);
  });

  it('fails the build with the checker’s message, line and column for a file with errors', () => {
    const bad = path.join(dir, 'bad.yaml');
    const text = readFileSync(path.join(ROOT, 'scenarios/examples/template.yaml'), 'utf8').replace(
      /^start: .*$/m,
      'start: nowhere',
    );
    writeFileSync(bad, text);
    expect(() => precompileScenario(bad, dir)).toThrow(/bad\.yaml:\d+:\d+.*nowhere/s);
  });
});
