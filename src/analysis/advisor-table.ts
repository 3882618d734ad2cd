/**
 * The teacher guide's comparison table: for each scenario, where following each single advisor
 * leads (their recommendation where they give one, uniform random elsewhere), as Markdown rows.
 * Generated from the scenario files by the policy analysis, so the guide cannot drift from them.
 * Pure: no I/O, no clock.
 */
import type { Rules } from '../engine/rules.ts';
import { advisorPolicies, dominantEnding } from './policies.ts';

/** One scenario to put in the table. */
export interface TableScenario {
  title: string;
  rules: Rules;
}

/** Markdown: one row per advisor per scenario, with the share of each ending tone and the most frequent ending. */
export function advisorTableMarkdown(scenarios: readonly TableScenario[], runs: number, seed: number): string {
  const lines = [
    '| Case | Follow… | Stance | Good | Mixed | Bad | Most frequent ending |',
    '|---|---|---|---:|---:|---:|---|',
  ];
  const pct = (n: number) => `${Math.round(100 * n)}%`;
  for (const s of scenarios) {
    const endings = s.rules.scenario.endings;
    for (const row of advisorPolicies(s.rules, runs, seed)) {
      const advisor = s.rules.scenario.advisors.find((a) => a.id === row.advisor)!;
      const share = (tone: string) =>
        endings.filter((e) => e.tone === tone).reduce((n, e) => n + (row.stats.endings[e.id] ?? 0), 0) / row.stats.runs;
      const top = dominantEnding(row.stats);
      const title = endings.find((e) => e.id === top.ending)?.title ?? top.ending;
      lines.push(
        `| ${s.title} | ${advisor.name} | ${advisor.stance ?? ''} | ${pct(share('good'))} | ${pct(share('mixed'))} | ${pct(share('bad'))} | ${title} (${pct(top.share)}) |`,
      );
    }
  }
  return lines.join('\n');
}
