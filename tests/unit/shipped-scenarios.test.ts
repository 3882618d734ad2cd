/**
 * What ships must teach the right thing: every choice of every shipped scenario changes something
 * (a meter, a flag) or says it is meant not to, and the rule names docs/authoring.md shows are
 * the checker's own.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { validateScenarioText } from '../../src/scenario/validate.ts';
import { ROOT, read } from './helpers.ts';

/** Every scenario file under scenarios/, recursively. */
function shippedScenarios(dir = join(ROOT, 'scenarios')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? shippedScenarios(join(dir, e.name)) : /\.(ya?ml|json)$/i.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('every choice of every shipped scenario changes something, or is meant not to', () => {
  const files = shippedScenarios();
  it('finds the shipped scenarios', () => {
    expect(files.map((f) => relative(ROOT, f)).sort()).toEqual(
      expect.arrayContaining(['scenarios/examples/template.yaml', 'scenarios/kazakhstan-2022.yaml']),
    );
  });
  it.each(files.map((f) => [relative(ROOT, f), f] as const))('%s', (_name, file) => {
    // Validation is enough here (the full check with exploration runs in check-errors and kazakhstan tests).
    const loaded = validateScenarioText(read(file), file).loaded!;
    expect(loaded).toBeDefined();
    // `x-no-effect: true` on a choice (an x- key, so the game ignores it) says "nothing, on purpose".
    const raw = loaded.scenario.nodes;
    const silent: string[] = [];
    for (const node of raw) {
      for (const c of node.choices) {
        const changes =
          Object.values(c.effects ?? {}).some((v) => v !== 0) || (c.set?.length ?? 0) > 0 || (c.unset?.length ?? 0) > 0;
        if (!changes && !meantNotTo(read(file), node.id, c.id)) silent.push(`${node.id}.${c.id}`);
      }
    }
    expect(silent, 'choices that change no meter and no flag (mark them x-no-effect: true if that is meant)').toEqual(
      [],
    );
  });
});

/** Whether the choice `choiceId` of node `nodeId` carries `x-no-effect: true` in the file's text. */
function meantNotTo(text: string, nodeId: string, choiceId: string): boolean {
  const node = text.indexOf(`id: ${nodeId}\n`);
  if (node < 0) return false;
  const choice = text.indexOf(`id: ${choiceId}`, node);
  if (choice < 0) return false;
  const nextChoice = text.slice(choice + 1).search(/\n\s*- (\{ )?id: /);
  const block = nextChoice < 0 ? text.slice(choice) : text.slice(choice, choice + 1 + nextChoice);
  return /x-no-effect:\s*true/.test(block);
}

describe("docs/authoring.md names the checker's rules", () => {
  const authoring = read(join(ROOT, 'docs', 'authoring.md'));
  const rulesDoc = read(join(ROOT, 'docs', 'checker-rules.md'));
  const documented = new Set<string>();
  for (const line of rulesDoc.split('\n')) {
    const cell = /^\| ([^|]+) \|/.exec(line)?.[1];
    if (cell) for (const m of cell.matchAll(/`([a-z][a-zA-Z-]*)`/g)) documented.add(m[1]!);
  }
  documented.delete('rule');
  // `[rule]` in the mistakes table, and `… [rule]` at the end of a sample checker line.
  const ruleMentions = [
    ...authoring.matchAll(/`\[([a-zA-Z-]+)\]`|: (?:error|warning): [^\n`]*\[([a-zA-Z-]+)\]$/gm),
  ].map((m) => m[1] ?? m[2]!);

  it('finds the rule names in the guide', () => {
    expect(ruleMentions).toEqual(expect.arrayContaining(['unknown-key', 'timeout-needs-onTimeout', 'stuck', 'trap']));
  });
  it('every rule the guide shows is a rule the checker reports', () => {
    expect(ruleMentions.filter((r) => !documented.has(r))).toEqual([]);
  });
});
