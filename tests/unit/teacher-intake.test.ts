import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  checkScenarioFile,
  countSummary,
  explainFetchFailure,
  fileKind,
  fileNameFromUrl,
  problemRows,
  scenarioUrlFromQuery,
  unsupportedMessage,
} from '../../src/teacher/intake.ts';
import { formatDiagnostic } from '../../src/scenario/diagnostics.ts';
import { checkScenarioText } from '../../src/analysis/check.ts';

const template = readFileSync(new URL('../../scenarios/examples/template.yaml', import.meta.url), 'utf8');

describe('fileKind', () => {
  it.each([
    ['a.yaml', undefined, 'scenario'],
    ['A.YML', undefined, 'scenario'],
    ['a.json', '{"format":"crisis-room/1"}', 'scenario'],
    ['run.replay.json', undefined, 'replay'],
    ['kz-decision-path.json', '{\n  "format": "crisis-room-replay/1"', 'replay'],
    ['notes.txt', undefined, 'unsupported'],
    ['evil.html', undefined, 'unsupported'],
  ])('%s -> %s', (name, text, kind) => {
    expect(fileKind(name, text)).toBe(kind);
  });
  it('names what the game opens', () => {
    expect(unsupportedMessage('x.txt')).toMatch(/\.yaml, \.yml and \.json.*\.replay\.json/);
  });
});

describe('checkScenarioFile', () => {
  it('accepts the template, ready for the library', () => {
    const c = checkScenarioFile(template, 'template.yaml');
    expect(c.playable).toBe(true);
    expect(c.errors).toBe(0);
    expect(c.incoming).toMatchObject({
      id: 'template-harbour-strike',
      version: '1.0.0',
      title: 'Harbour Strike (template)',
    });
    expect(c.incoming!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it('refuses a broken file with the CLI lines, positions and carets', () => {
    const broken = template.replace('    label: Public order\n', '    lable: Public order\n');
    const c = checkScenarioFile(broken, 'broken.yaml');
    expect(c.playable).toBe(false);
    expect(c.incoming).toBeUndefined();
    const rows = problemRows(c.check.diagnostics, broken);
    const cli = checkScenarioText(broken, 'broken.yaml').diagnostics.map(formatDiagnostic);
    expect(rows.map((r) => r.formatted)).toEqual(cli);
    const typo = rows.find((r) => r.rule === 'unknown-key')!;
    const line = broken.split('\n').findIndex((l) => l.includes('lable:')) + 1;
    expect(typo.position).toBe(`${line}:5`);
    expect(typo.excerpt).toEqual({ lineNumber: line, line: '    lable: Public order', caret: '    ^' });
    expect(typo.formatted).toMatch(new RegExp(`^broken\\.yaml:${line}:5: error: .*\\[unknown-key\\]$`));
  });
  it('keeps warnings playable', () => {
    const warned = template.replace(
      '  - id: treasurer\n',
      '  - id: silent\n    name: "Silent Bob"\n    title: "Adviser"\n  - id: treasurer\n',
    );
    const c = checkScenarioFile(warned, 'warned.yaml');
    expect(c.playable).toBe(true);
    expect(c.warnings).toBeGreaterThan(0);
    expect(countSummary(c.errors, c.warnings)).toMatch(/^0 errors, \d+ warnings?$/);
  });
  it('keeps markup as text in its data (nothing is interpreted)', () => {
    const evil = template.replace(
      'title: "Harbour Strike (template)"',
      'title: "<img src=x onerror=alert(1)><script>alert(2)</script>"',
    );
    const c = checkScenarioFile(evil, 'evil.yaml');
    expect(c.playable).toBe(true);
    expect(c.incoming!.title).toBe('<img src=x onerror=alert(1)><script>alert(2)</script>');
  });
});

describe('?scenario= URLs', () => {
  const base = 'https://game.example/play/index.html?scenario=x';
  it('reads absolute and relative addresses', () => {
    expect(scenarioUrlFromQuery('?scenario=https%3A%2F%2Fa.example%2Fs.yaml', base)).toEqual({
      url: 'https://a.example/s.yaml',
    });
    expect(scenarioUrlFromQuery('?scenario=fixtures/s.yaml', base)).toEqual({
      url: 'https://game.example/play/fixtures/s.yaml',
    });
    expect(scenarioUrlFromQuery('?other=1', base)).toEqual({});
  });
  it('refuses empty and non-http addresses', () => {
    expect(scenarioUrlFromQuery('?scenario=', base).error).toMatch(/no file address/);
    expect(scenarioUrlFromQuery('?scenario=javascript:alert(1)', base).error).toMatch(/http or https/);
    expect(scenarioUrlFromQuery('?scenario=data:text/plain,hi', base).error).toMatch(/http or https/);
  });
  it('names the file after the last path part', () => {
    expect(fileNameFromUrl('https://a.example/dir/my%20file.yaml?x=1')).toBe('my file.yaml');
    expect(fileNameFromUrl('https://a.example/')).toBe('a.example');
  });
  it('explains failures', () => {
    expect(explainFetchFailure('https://a.example/s.yaml', { status: 404 }, 'https://game.example')).toMatch(
      /no file at that address \(404/,
    );
    expect(
      explainFetchFailure(
        'https://a.example/s.yaml',
        { status: 500, statusText: 'Server Error' },
        'https://game.example',
      ),
    ).toMatch(/answered 500 Server Error/);
    expect(
      explainFetchFailure(
        'https://a.example/s.yaml',
        { error: new TypeError('Failed to fetch') },
        'https://game.example',
      ),
    ).toMatch(/CORS.*Access-Control-Allow-Origin/);
    expect(
      explainFetchFailure(
        'https://game.example/s.yaml',
        { error: new TypeError('Failed to fetch') },
        'https://game.example',
      ),
    ).not.toMatch(/CORS/);
  });
});
