/**
 * The contract's limits, generated here (big files are not committed): at the limit passes, one
 * above is an error at the offending key or value. In the slow project: the 5,000-node and 2 MiB
 * files take seconds to check.
 */
import { describe, expect, it } from 'vitest';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { errorsOf, positionOf, scenarioYaml } from '../unit/helpers.ts';

function chain(n: number, choices = 1): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`  - id: n${i + 1}`, '    title: T', '    text: X', '    choices:');
    for (let c = 0; c < choices; c++)
      out.push(`      - { id: c${c}, label: L, effects: { m: 1 }, next: ${i + 1 < n ? `n${i + 2}` : 'end'} }`);
  }
  out.push('    advice: [ { advisor: adv, text: Go. } ]');
  return out.join('\n');
}
const meters = (n: number) =>
  Array.from({ length: n }, (_, i) => `  - { id: m${i === 0 ? '' : i}, label: M, start: 50 }`).join('\n');
const advisors = (n: number) =>
  Array.from({ length: n }, (_, i) => `  - { id: adv${i === 0 ? '' : i}, name: A, title: T }`).join('\n');

// Speed is measured by `npm run bench`, not asserted here (noisy machines); a hang still fails by the test timeout.
describe('limits: at the limit passes, one above is an error at the offending key or value', () => {
  const timed = (text: string, file = 'big.yaml') => {
    const r = checkScenarioText(text, file);
    return { r, errors: errorsOf(r.diagnostics) };
  };

  it('file size: 2 MiB passes the size rule, one byte more is refused at 1:1', () => {
    const ok = scenarioYaml({ nodes: chain(1) });
    const pad = 2 * 1024 * 1024 - Buffer.byteLength(ok, 'utf8') - '#\n'.length;
    const exact = ok + '#' + 'x'.repeat(pad) + '\n';
    expect(Buffer.byteLength(exact, 'utf8')).toBe(2 * 1024 * 1024);
    expect(timed(exact).errors.map((d) => d.rule)).not.toContain('limit-file-size');
    const over = timed(exact + ' ');
    expect(over.errors.map((d) => [d.rule, d.line, d.col])).toEqual([['limit-file-size', 1, 1]]);
  });

  it('file size counts bytes, not characters (é is two bytes in UTF-8)', () => {
    const ok = scenarioYaml({ nodes: chain(1) });
    const chars = Math.ceil((2 * 1024 * 1024 - ok.length) / 2) + 10; // fewer than 2 Mi characters, more than 2 MiB
    const text = ok + '# ' + 'é'.repeat(chars) + '\n';
    expect(text.length).toBeLessThan(2 * 1024 * 1024);
    expect(timed(text).errors.map((d) => d.rule)).toEqual(['limit-file-size']);
  });

  it('a 5 MiB file is refused without parsing it', () => {
    const text = 'nodes:\n' + '  - { id: a, title: b }\n'.repeat(230_000);
    const t = timed(text);
    expect(t.errors.map((d) => d.rule)).toEqual(['limit-file-size']);
  });

  it('nodes: 5,000 pass, 5,001 are refused at the nodes key', () => {
    const at = timed(scenarioYaml({ nodes: chain(5000) }));
    expect(at.errors).toEqual([]);
    expect(at.r.compiled?.scenario.nodes.length).toBe(5000);
    const text = scenarioYaml({ nodes: chain(5001) });
    const over = timed(text);
    expect(over.errors.map((d) => [d.rule, d.line, d.col])).toEqual([
      ['limit-nodes', positionOf(text, 'nodes:').line, 1],
    ]);
  });

  it('choices: 10 a node pass, 11 are refused at the choices key', () => {
    expect(timed(scenarioYaml({ nodes: chain(1, 10) })).errors).toEqual([]);
    const text = scenarioYaml({ nodes: chain(1, 11) });
    expect(timed(text).errors.map((d) => [d.rule, d.line, d.col])).toEqual([
      ['limit-choices', positionOf(text, 'choices:').line, 5],
    ]);
  });

  it('meters: 12 pass, 13 are refused at the meters key', () => {
    // Only meter m changes: the others warn (meter-unchanged), which is not an error.
    expect(timed(scenarioYaml({ meters: meters(12), nodes: chain(1) })).errors).toEqual([]);
    const text = scenarioYaml({ meters: meters(13), nodes: chain(1) });
    expect(timed(text).errors.map((d) => [d.rule, d.line, d.col])).toEqual([
      ['limit-meters', positionOf(text, 'meters:').line, 1],
    ]);
  });

  it('advisors: 12 pass, 13 are refused at the advisors key', () => {
    expect(timed(scenarioYaml({ advisors: advisors(12), nodes: chain(1) })).errors).toEqual([]);
    const text = scenarioYaml({ advisors: advisors(13), nodes: chain(1) });
    expect(timed(text).errors.map((d) => [d.rule, d.line, d.col])).toEqual([
      ['limit-advisors', positionOf(text, 'advisors:').line, 1],
    ]);
  });

  it.each([
    ['node text', (t: string) => chain(1).replace('    text: X', `    text: ${t}`)],
    ['choice label', (t: string) => chain(1).replace('label: L', `label: ${t}`)],
    ['advice text', (t: string) => chain(1).replace('text: Go.', `text: ${t}`)],
  ])('text: 20,000 characters pass, 20,001 are refused at the value (%s)', (_what, put) => {
    expect(timed(scenarioYaml({ nodes: put('y'.repeat(20_000)) })).errors).toEqual([]);
    const long = 'y'.repeat(20_001);
    const text = scenarioYaml({ nodes: put(long) });
    const p = positionOf(text, long);
    expect(timed(text).errors.map((d) => [d.rule, d.line, d.col])).toEqual([['limit-text', p.line, p.col]]);
  });

  it('text limits count characters: 20,000 two-byte characters pass', () => {
    expect(
      timed(scenarioYaml({ nodes: chain(1).replace('    text: X', `    text: ${'é'.repeat(20_000)}`) })).errors,
    ).toEqual([]);
  });

  it('a meter start outside [min, max], with the defaults 0 and 100', () => {
    const text = scenarioYaml({ meters: '  - { id: m, label: M, start: 101 }', nodes: chain(1) });
    const p = positionOf(text, '101');
    expect(timed(text).errors.map((d) => [d.rule, d.line, d.col])).toEqual([['meter-range', p.line, p.col]]);
    expect(timed(scenarioYaml({ meters: '  - { id: m, label: M, start: 100 }', nodes: chain(1) })).errors).toEqual([]);
    expect(timed(scenarioYaml({ meters: '  - { id: m, label: M, start: 0 }', nodes: chain(1) })).errors).toEqual([]);
  });

  it('timeLimit bounds: 5 and 3600 pass', () => {
    for (const t of [5, 3600]) {
      const nodes = chain(1).replace('    choices:', `    timeLimit: ${t}\n    onTimeout: c0\n    choices:`);
      expect(timed(scenarioYaml({ nodes })).errors).toEqual([]);
    }
  });

  it('chance bounds: 0 and 1 pass', () => {
    for (const c of [0, 1]) {
      const nodes = chain(2).replace('next: n2', `next: [ { chance: ${c}, goto: n2 }, { goto: n2 } ]`);
      expect(timed(scenarioYaml({ nodes })).errors).toEqual([]);
    }
  });
});
