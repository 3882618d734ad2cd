/**
 * Bench rows of the built-in scenario's content analysis (issue 9): how long the policy analysis
 * that the playthrough report and tests/unit/kazakhstan.test.ts run takes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { checkScenarioText } from '../../src/analysis/check.ts';
import { advisorPolicies, followHistory, policyPlaythroughs } from '../../src/analysis/policies.ts';

/** Adds a row per policy analysis of scenarios/kazakhstan-2022.yaml (skipped when the file is missing). */
export async function benchContent(add: (what: string, value: string) => void): Promise<void> {
  const file = 'scenarios/kazakhstan-2022.yaml';
  if (!existsSync(file)) return;
  const compiled = checkScenarioText(readFileSync(file, 'utf8'), file, { explore: false }).compiled;
  if (!compiled) return;
  const rules = compiled.rules;
  let t0 = performance.now();
  const rows = advisorPolicies(rules, 3_000, 20220105);
  add(
    `advisor policies (kazakhstan-2022, ${rows.length} advisors x 3,000 runs)`,
    `${(performance.now() - t0).toFixed(0)} ms`,
  );
  t0 = performance.now();
  policyPlaythroughs(rules, 3_000, 20220105, followHistory);
  add('historical-choices policy (kazakhstan-2022, 3,000 runs)', `${(performance.now() - t0).toFixed(0)} ms`);
}
