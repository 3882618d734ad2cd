import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { runCli, type Output } from '../../src/cli/main.ts';
import { BUILT_CLI, cliIsStale } from '../../bin/build-cli.js';

const TEMPLATE = 'scenarios/examples/template.yaml';

function cli(...args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const o: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = runCli(args, o);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crisis-cli-'));
});

describe('crisis-room check', () => {
  it('passes the template with no errors and exit 0', () => {
    const r = cli('check', TEMPLATE);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 file checked: 0 errors/);
  });

  it('refuses a typo with FILE:LINE:COL, the source line and a caret, exit 1', () => {
    const text = readFileSync(TEMPLATE, 'utf8').replace('    place: "Town hall"', '    plaec: "Town hall"');
    const file = join(dir, 'typo.yaml');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('plaec')) + 1;
    const r = cli('check', file);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${file}:${line}:5: error: unknown key "plaec" (did you mean "place"?)`);
    expect(r.out).toContain('[unknown-key]');
    expect(r.out).toContain('    ^');
    expect(r.out).toMatch(/1 file checked: 1 error, /);
  });

  it('checks several files and prints JSON diagnostics with --json', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "crisis-room/1",\n "id": "Bad Id"}');
    const r = cli('check', '--json', TEMPLATE, bad);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as {
      files: { file: string; diagnostics: { rule: string; line: number; col: number }[] }[];
      errors: number;
    };
    expect(j.files.map((f) => f.file)).toEqual([TEMPLATE, bad]);
    expect(j.files[0]!.diagnostics).toEqual([]);
    const idErr = j.files[1]!.diagnostics.find((d) => d.rule === 'id-format');
    expect(idErr).toMatchObject({ line: 2, col: 8 });
    expect(j.errors).toBeGreaterThan(1);
  });

  it('reports a missing file as an error, not a crash', () => {
    const r = cli('check', join(dir, 'nope.yaml'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nope\.yaml:1:1: error: cannot read the file: ENOENT/);
  });
});

describe('crisis-room play', () => {
  it('gives byte-identical output for the same seed and choices, with the ending', () => {
    // After "clear" the seeded draws decide the path; every seed must print the same twice.
    for (const seed of ['1', '2', '3', '99']) {
      const a = cli('play', TEMPLATE, '--seed', seed, '--choices', 'clear');
      const b = cli('play', TEMPLATE, '--seed', seed, '--choices', 'clear');
      expect(a.out).toBe(b.out);
      expect(a.code).toBe(b.code);
      expect(a.out).toContain('chose clear: Send police to clear the quay');
      expect(a.out).toMatch(/order 50 -> 40 \(-10\), trust 50 -> 35 \(-15\)/);
    }
    const t = cli('play', TEMPLATE, '--seed', '4', '--choices', 'talk,@timeout');
    expect(t.out).toContain('time ran out, taking wait: Wait');
    expect(t.out).toMatch(/^Ending: deal: A deal on the quay \(good\)$/m);
    expect(t.code).toBe(0);
  });

  it('writes a replay with --out that --replay plays back to the same steps', () => {
    const out = join(dir, 'run.replay.json');
    const a = cli('play', TEMPLATE, '--seed', '5', '--choices', 'talk,offer', '--out', out);
    expect(a.code).toBe(0);
    const replay = JSON.parse(readFileSync(out, 'utf8'));
    expect(replay).toMatchObject({
      format: 'crisis-room-replay/1',
      seed: 5,
      ending: 'deal',
      steps: [
        { node: 'walkout', choice: 'talk' },
        { node: 'deadline', choice: 'offer' },
      ],
    });
    const b = cli('play', TEMPLATE, '--replay', out);
    expect(b.code).toBe(0);
    const steps = (s: string) => s.split('\n').filter((l) => !l.startsWith('Harbour'));
    expect(steps(b.out)).toEqual(steps(a.out));
  });

  it('refuses an unknown or hidden choice with exit 1', () => {
    const unknown = cli('play', TEMPLATE, '--seed', '1', '--choices', 'dance');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/choice 1 "dance" cannot be taken at node "walkout"/);
    // "offer" needs the flag that "talk" sets; after "clear" it is hidden.
    const hidden = cli('play', TEMPLATE, '--seed', '1', '--choices', 'clear,offer');
    if (hidden.out.includes('deadline')) {
      expect(hidden.code).toBe(1);
      expect(hidden.err).toMatch(/"offer" is not available/);
    } else {
      expect(hidden.code).toBe(1);
    }
  });

  it('exits 2 when the choices run out before an ending', () => {
    const r = cli('play', TEMPLATE, '--seed', '1', '--choices', 'talk');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/No ending yet: the run is at node "deadline"/);
    expect(r.err).toMatch(/ran out before an ending/);
  });

  it('refuses a tampered replay naming the first differing step', () => {
    const out = join(dir, 'tamper.replay.json');
    cli('play', TEMPLATE, '--seed', '5', '--choices', 'talk,offer', '--out', out);
    const replay = JSON.parse(readFileSync(out, 'utf8'));
    replay.steps[1].node = 'crackdown';
    writeFileSync(out, JSON.stringify(replay));
    const r = cli('play', TEMPLATE, '--replay', out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/step 2 differs/);
  });
});

describe('crisis-room explore and graph', () => {
  it('explores completely and reports each ending share over seeded runs', () => {
    const a = cli('explore', TEMPLATE, '--runs', '500', '--seed', '3');
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/states: \d+ \(complete\)/);
    expect(a.out).toMatch(/traps \(no ending reachable\): none/);
    const endings = (parse(readFileSync(TEMPLATE, 'utf8')) as { endings: { id: string }[] }).endings.map((e) => e.id);
    for (const e of endings) expect(a.out).toMatch(new RegExp(`^  ${e}\\s+\\w+\\s+\\d+\\s+[\\d.]+%$`, 'm'));
    expect(cli('explore', TEMPLATE, '--runs', '500', '--seed', '3').out).toBe(a.out);
    const j = JSON.parse(cli('explore', TEMPLATE, '--runs', '100', '--json').out);
    expect(Object.values(j.playthroughs.endings as Record<string, number>).reduce((x, y) => x + y, 0)).toBe(100);
  });

  it('draws every node and ending in mermaid and dot', () => {
    const data = parse(readFileSync(TEMPLATE, 'utf8')) as { nodes: { id: string }[]; endings: { id: string }[] };
    const m = cli('graph', TEMPLATE, '--format', 'mermaid');
    const d = cli('graph', TEMPLATE, '--format', 'dot');
    expect(m.out.startsWith('flowchart TD')).toBe(true);
    expect(d.out.startsWith('digraph')).toBe(true);
    // Mermaid names boxes by kind and place (n0, e0), so no two ids can merge into one box.
    data.nodes.forEach((_, i) => expect(m.out).toContain(`  n${i}["`));
    data.endings.forEach((_, i) => expect(m.out).toContain(`  e${i}(["`));
    for (const id of [...data.nodes, ...data.endings].map((x) => x.id)) expect(d.out).toContain(`"${id}"`);
    expect(cli('graph', TEMPLATE, '--format', 'svg').code).toBe(1);
  });

  it('runs as a real process through npx crisis-room (bin)', () => {
    expect(existsSync('bin/crisis-room.js')).toBe(true);
    const r = spawnSync(process.execPath, ['bin/crisis-room.js', 'check', TEMPLATE], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/0 errors/);
    expect(r.status).toBe(0);
  });

  it('stops quietly when the program reading its output stops reading (… | head -1)', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['bin/crisis-room.js', 'check', TEMPLATE], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader is gone before the first line is written: every write of the CLI meets a closed pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
    expect(code).toBe(0);
  });

  it('bin runs the prebundled CLI, rebuilding it when a source is newer, with no TypeScript loader', () => {
    // An old build (older than every source) must not be run as it is.
    utimesSync(BUILT_CLI, new Date(0), new Date(0));
    expect(cliIsStale()).toBe(true);
    const r = spawnSync(process.execPath, ['bin/crisis-room.js', 'check', TEMPLATE], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/1 file checked: 0 errors/);
    expect(r.status).toBe(0);
    expect(cliIsStale()).toBe(false);
    // The built file runs on plain Node: no tsx, no sources.
    const built = readFileSync(BUILT_CLI, 'utf8');
    expect(built).not.toMatch(/from ["']tsx|\.\.\/scenario\/[a-z-]+\.ts['"]/);
    expect(JSON.parse(readFileSync('package.json', 'utf8')).scripts.scenario).toBe('node bin/crisis-room.js');
  });
});
