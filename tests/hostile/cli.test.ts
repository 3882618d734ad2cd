import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type Output } from '../../src/cli/main.ts';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { baseScenario, terminalEscapesYaml } from './inputs.ts';
import { MiB, peakGrowth } from './memory.ts';
import { stringify } from 'yaml';

function cli(...args: string[]): { code: number; lines: string[] } {
  const lines: string[] = [];
  const o: Output = { out: (l) => lines.push(l), err: (l) => lines.push(l) };
  const code = runCli(args, o);
  return { code, lines };
}

/** Any character a terminal acts on (C0 but line feed and tab, DEL, C1, bidi overrides). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crisis-hostile-cli-'));
});

describe('the CLI prints scenario text with control characters escaped (finding 7)', () => {
  it('play: titles, labels and the ending reach the terminal as visible escapes', () => {
    const file = join(dir, 'escapes.yaml');
    writeFileSync(file, terminalEscapesYaml());
    const r = cli('play', file, '--choices', 'go');
    expect(r.code).toBe(0);
    for (const l of r.lines) expect(l).not.toMatch(CONTROL);
    const all = r.lines.join('\n');
    expect(all).toContain('\\u001b]0;pwned\\u0007');
    expect(all).toContain('Go \\u001b[1A\\u001b[2K0 errors\\u000d');
    expect(all).toContain('End \\u009b2J');
  });

  it('check: messages quoting a bad key or id carry no raw escape, and --json stays valid JSON', () => {
    const text = terminalEscapesYaml().replace('summary:', '"x\u001b[2Jy": 1\nsummary:');
    const file = join(dir, 'bad-key.yaml');
    writeFileSync(file, text);
    const r = cli('check', file);
    expect(r.code).toBe(1);
    expect(r.lines.join('\n')).toContain('unknown key "x\\u001b[2Jy"');
    for (const l of r.lines) expect(l).not.toMatch(CONTROL);
    const j = cli('check', '--json', file);
    for (const l of j.lines) expect(l).not.toMatch(CONTROL);
    expect(JSON.parse(j.lines.join('\n')).files[0].diagnostics[0].message).toContain('x\u001b[2Jy');
  });
});

describe('smaller findings (9)', () => {
  it('check /dev/zero stops reading past the limit and says the file is too large', () => {
    const m = peakGrowth(() => cli('check', '/dev/zero'));
    expect(m.result!.code).toBe(1);
    expect(m.result!.lines.join('\n')).toMatch(
      /\/dev\/zero:1:1: error: the file is 8\.00 MiB; the limit is 2 MiB \[limit-file-size\]/,
    );
    expect(m.grewBy).toBeLessThan(200 * MiB);
  });

  it('a UTF-16 file is called UTF-16, not a syntax error', () => {
    const file = join(dir, 'utf16.yaml');
    const text = stringify(baseScenario());
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const r = cli('check', file);
    expect(r.code).toBe(1);
    expect(r.lines[0]).toContain('error: the file is saved as UTF-16 text; save it as UTF-8');
    expect(r.lines[0]).toContain('[encoding]');
  });

  it('a file with CR-only line breaks reads as lines, with the right positions', () => {
    const text = stringify(baseScenario()).replace('role: You decide.', 'role: You decide.\nplaec: 1');
    const cr = text.replace(/\n/g, '\r');
    const lf = checkScenarioText(text, 'lf.yaml').diagnostics;
    const crd = checkScenarioText(cr, 'cr.yaml').diagnostics;
    expect(crd.map((d) => [d.rule, d.line, d.col])).toEqual(lf.map((d) => [d.rule, d.line, d.col]));
    expect(crd[0]!.rule).toBe('unknown-key');
    expect(crd[0]!.line).toBeGreaterThan(1);
  });
});

describe('issue 23, degraded: the CLI ends with a message, not a stack trace', () => {
  it('check > /dev/full says the output cannot be written, exit 1', async () => {
    const { spawnSync } = await import('node:child_process');
    const { openSync, closeSync } = await import('node:fs');
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, ['bin/crisis-room.js', 'check', 'tests/fixtures/valid/base.yaml'], {
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
      });
      expect(r.stderr.trim()).toBe('crisis-room: cannot write the output: ENOSPC');
      expect(r.status).toBe(1);
    } finally {
      closeSync(full);
    }
  });

  it('play --out into a missing folder says it cannot write the replay [io], exit 1', () => {
    const out = join(dir, 'no-such-folder', 'run.replay.json');
    const r = cli('play', 'tests/fixtures/valid/base.yaml', '--choices', 'act', '--out', out);
    expect(r.code).toBe(1);
    expect(r.lines.at(-1)).toBe(`${out}:1:1: error: cannot write the replay: ENOENT [io]`);
  });

  it('graph --format mermaid keeps ids a-b and a_b apart and draws a node called "end"', () => {
    const file = join(dir, 'graph-ids.yaml');
    writeFileSync(
      file,
      stringify(
        baseScenario({
          start: 'a-b',
          nodes: [
            { id: 'a-b', title: 'Dash', text: 'T.', choices: [{ id: 'go', label: 'Go', next: 'a_b' }] },
            { id: 'a_b', title: 'Underscore', text: 'T.', choices: [{ id: 'go', label: 'Go', next: 'end' }] },
          ],
        }),
      ),
    );
    const r = cli('graph', file, '--format', 'mermaid');
    expect(r.code).toBe(0);
    const chart = r.lines.join('\n');
    expect(chart).toContain('  n0["Dash"]');
    expect(chart).toContain('  n1["Underscore"]');
    expect(chart).toContain('  e0(["End (good)"])');
    expect(chart).toContain('  n0 -->|"go"| n1');
    expect(chart).toContain('  n1 -->|"go"| e0');
    // No bare `end` (a Mermaid keyword) as a node name.
    expect(chart).not.toMatch(/(^|\s)end(\s|\[|\(|$)/m);
  });
});
