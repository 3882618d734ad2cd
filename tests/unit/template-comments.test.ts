/** The template's own comments send a teacher to the editor's Problems list, not to a terminal. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the template speaks of the editor', () => {
  it('its comments name the Problems list and no terminal command', () => {
    const comments = readFileSync(path.join(ROOT, 'scenarios/examples/template.yaml'), 'utf8')
      .split('\n')
      .filter((l) => l.trimStart().startsWith('#'))
      .join('\n');
    expect(comments).toContain("editor's Problems list");
    expect(comments).not.toMatch(/npm run|npx |terminal/);
  });
});
