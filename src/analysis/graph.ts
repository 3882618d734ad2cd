/** The node/choice/ending graph of a scenario as Mermaid or Graphviz DOT text. */
import type { Scenario } from '../scenario/schema.ts';

function label(text: string): string {
  // Quotes and angle brackets would end or inject into a label in either syntax.
  return text
    .replace(/["<>\\]/g, (c) => ({ '"': "'", '<': '‹', '>': '›', '\\': '/' })[c] ?? c)
    .replace(/\s+/g, ' ')
    .slice(0, 80);
}

/** Every edge: node, choice and where it can lead (branch conditions and chances as edge notes). */
function edges(s: Scenario): { from: string; to: string; text: string }[] {
  const out: { from: string; to: string; text: string }[] = [];
  for (const n of s.nodes) {
    for (const c of n.choices) {
      if (typeof c.next === 'string') out.push({ from: n.id, to: c.next, text: c.id });
      else
        for (const b of c.next) {
          const notes = [b.if ? 'if' : '', b.chance !== undefined ? `${Math.round(b.chance * 100)}%` : '']
            .filter(Boolean)
            .join(' ');
          out.push({ from: n.id, to: b.goto, text: notes ? `${c.id} (${notes})` : c.id });
        }
    }
  }
  for (const m of s.meters) {
    if (m.onMin) out.push({ from: `meter:${m.id}`, to: m.onMin, text: 'at min' });
    if (m.onMax) out.push({ from: `meter:${m.id}`, to: m.onMax, text: 'at max' });
  }
  return out;
}

/**
 * Render the graph. Mermaid names each node by its kind and place in the file (`n0`, `e0`, `m0`),
 * never by its id: ids `a-b` and `a_b` would both become `a_b` (one box), and `end` is a Mermaid
 * keyword that breaks the chart. DOT quotes the ids themselves.
 */
export function scenarioGraph(s: Scenario, format: 'mermaid' | 'dot'): string {
  const mermaidIds = new Map<string, string>();
  s.nodes.forEach((n, i) => mermaidIds.set(n.id, `n${i}`));
  s.endings.forEach((e, i) => mermaidIds.set(e.id, `e${i}`));
  s.meters.forEach((m, i) => mermaidIds.set(`meter:${m.id}`, `m${i}`));
  // A target the file does not define (only in a file with errors) still gets a name of its own.
  const id = (x: string) => mermaidIds.get(x) ?? mermaidIds.set(x, `x${mermaidIds.size}`).get(x)!;
  const lines: string[] = [];
  const meterNodes = s.meters.filter((m) => m.onMin || m.onMax);
  if (format === 'mermaid') {
    lines.push('flowchart TD');
    for (const n of s.nodes) lines.push(`  ${id(n.id)}["${label(n.title)}"]`);
    for (const e of s.endings) lines.push(`  ${id(e.id)}(["${label(e.title)} (${e.tone})"])`);
    for (const m of meterNodes) lines.push(`  ${id(`meter:${m.id}`)}{{"${label(m.label)}"}}`);
    for (const e of edges(s)) lines.push(`  ${id(e.from)} -->|"${label(e.text)}"| ${id(e.to)}`);
    lines.push(`  classDef ending fill:#eee,stroke:#555`);
    if (s.endings.length) lines.push(`  class ${s.endings.map((e) => id(e.id)).join(',')} ending`);
  } else {
    lines.push(`digraph "${label(s.id)}" {`, '  rankdir=TB;', '  node [shape=box];');
    for (const n of s.nodes) lines.push(`  "${n.id}" [label="${label(n.title)}"];`);
    for (const e of s.endings) lines.push(`  "${e.id}" [label="${label(e.title)} (${e.tone})", shape=doubleoctagon];`);
    for (const m of meterNodes) lines.push(`  "meter:${m.id}" [label="${label(m.label)}", shape=hexagon];`);
    for (const e of edges(s)) lines.push(`  "${e.from}" -> "${e.to}" [label="${label(e.text)}"];`);
    lines.push('}');
  }
  return lines.join('\n');
}
