/**
 * The teacher guide (issue 19): its comparison table is the one the scenario files give today
 * (tools/teacher-tables.ts over src/analysis/advisor-table.ts), and its corrections to the seed
 * article are counted and attributed right.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { currentTable, guideTable } from '../../tools/teacher-tables.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GUIDE = readFileSync(`${ROOT}/docs/teacher-guide.md`, 'utf8');
const SEED = readFileSync(`${ROOT}/scenarios/kazakhstan-2022.yaml`, 'utf8');

describe('teacher guide', () => {
  it('prints the advisor table the scenario files give, for both cases and every advisor', () => {
    const table = currentTable(ROOT);
    expect(guideTable(GUIDE)).toBe(table);
    const rows = table.split('\n').slice(2);
    expect(rows.filter((r) => r.startsWith('| Kazakhstan, January 2022 |'))).toHaveLength(5);
    expect(rows.filter((r) => r.startsWith('| Armenia, September 2022 |'))).toHaveLength(5);
  });

  it('has a 45-minute comparison lesson with a prompt about what the model assumes', () => {
    expect(GUIDE).toMatch(
      /## A 45-minute comparison lesson: why Article 4 in Kazakhstan 2022, and not in Armenia 2022 \(nor Kyrgyzstan 2010\)\?/,
    );
    expect(GUIDE).toMatch(/What does the model assume\?/);
    expect(GUIDE).toMatch(/an internal conflict/);
  });

  it('counts its corrections to the seed article right and does not credit the article with a line it lacks', () => {
    const section = GUIDE.slice(
      GUIDE.indexOf('### Corrections to the seed article'),
      GUIDE.indexOf('### What changed in the third edition'),
    );
    const bullets = section.split('\n').filter((l) => l.startsWith('- '));
    expect(section).toMatch(/Use it with these four corrections/);
    expect(bullets).toHaveLength(4);
    expect(GUIDE).toMatch(/used with the four corrections below/);
    expect(GUIDE).not.toMatch(/three corrections/);
    expect(GUIDE).not.toMatch(/The seed article wrongly gives it to Ned Price/);
    expect(SEED).toMatch(/version: 3\.0\.0/);
  });
});
