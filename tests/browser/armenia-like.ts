/**
 * A scenario made by script for the class flow test (tests/browser/class-flow.test.ts), shaped like
 * the Armenia case a teacher wrote for issue 21: ten decisions on every path, two timers (one of
 * five seconds, which a student can let run out), a chance event marked historical, a choice hidden
 * until an earlier choice unlocks it, and long choice labels (which wrap in print beside numbers).
 */

/** The decision with the five-second timer (a student who waits lets it run out). */
export const SHORT_TIMER = { node: 'd3', title: 'Decision 3: the border post', onTimeout: 'hold' } as const;

/** The title of decision `k` (1 to 10); the chance event's other road has its own title. */
const title = (k: number) => (k === 3 ? SHORT_TIMER.title : `Decision ${k}: ${TOPICS[k - 1]}`);
const TOPICS = [
  'the first shelling',
  'the call to the allies',
  'the border post',
  'the request for help',
  'the ceasefire offer',
  'the observers',
  'the parliament',
  'the street protests',
  'the envoy',
  'the final answer',
];

/** Three choices a decision: long labels (a teacher's), each moving the two meters differently. */
function choices(k: number, next: string): string {
  const lines = [
    `      - { id: talk-${k}, label: "Open talks with every side and ask the neighbours to keep the road open (step ${k})", effects: { trust: 6, safety: -3 }, set: [talked], outcome: "Talks begin.", next: ${next} }`,
    `      - { id: ask-${k}, label: "Ask the alliance for help under the treaty and wait for its answer (step ${k})", effects: { trust: -4, safety: 5 }, outcome: "The request goes out.", next: ${next} }`,
    `      - { id: hold, label: "Hold the line and say nothing yet", effects: { trust: -2, safety: -2 }, outcome: "Nothing is said.", next: ${next} }`,
  ];
  return lines.join('\n');
}

function node(id: string, k: number, next: string, extra = ''): string {
  const head = [
    `  - id: ${id}`,
    `    title: "${id === 'd6b' ? 'Decision 6: observers turned back' : title(k)}"`,
    `    text: "What happens at step ${k}, as the cabinet hears it."`,
    `    advice:`,
    `      - { advisor: fm, text: "Talk first.", recommends: talk-${k} }`,
    `      - { advisor: def, text: "Ask the allies.", recommends: ask-${k} }`,
    `    history: { choice: ask-${k}, text: "The government asked its allies at step ${k}.", sources: [record] }`,
  ];
  return [...head, ...(extra ? [extra] : []), '    choices:', choices(k, next)].join('\n');
}

/** The scenario file, as the teacher types it into the editor. */
export function armeniaLike(): string {
  const nodes: string[] = [];
  for (let k = 1; k <= 10; k++) {
    const id = `d${k}`;
    if (k === 5) {
      // The chance event: after the ceasefire offer, observers arrive (historical) or are turned back.
      nodes.push(
        node(id, k, 'd6', '').replace(
          /next: d6 \}/g,
          'next: [{ chance: 0.5, goto: d6, history: true }, { goto: d6b }] }',
        ),
      );
      continue;
    }
    const next =
      k === 10
        ? '[{ if: { trust: ">= 60" }, goto: heard }, { if: { trust: "< 40" }, goto: alone }, { goto: waiting }]'
        : `d${k + 1}`;
    let extra = '';
    if (k === 3) extra = `    timeLimit: 5\n    onTimeout: ${SHORT_TIMER.onTimeout}`;
    if (k === 8) extra = '    timeLimit: 600\n    onTimeout: hold';
    let text = node(id, k, next, extra);
    if (k === 9)
      // A hidden choice: shown only to those who opened talks earlier.
      text += `\n      - { id: mediator, label: "Ask the mediator from the earlier talks to come back", if: { has: [talked] }, effects: { trust: 8 }, outcome: "The mediator returns.", next: d10 }`;
    nodes.push(text);
    if (k === 6) nodes.push(node('d6b', 6, 'd7'));
  }
  return `format: crisis-room/1
id: border-2022
title: "Border crisis, September 2022 (class flow)"
version: 1.0.0
language: en
role: "You are the Prime Minister."
summary: Ten decisions in three days of shelling on the border, written for the class flow test.
sources:
  - { id: record, title: "The record of those days", publisher: "Example Archive", date: "2022-09-14" }
meters:
  - { id: trust, label: Trust at home, start: 50 }
  - { id: safety, label: Safety on the border, start: 50 }
advisors:
  - { id: fm, name: "Ani Foreign", title: "Foreign Minister", note: "A composite character." }
  - { id: def, name: "Aram Defence", title: "Defence Minister", note: "A composite character." }
start: d1
nodes:
${nodes.join('\n')}
endings:
  - { id: heard, title: "Heard by the world", tone: good, text: "The world listens." }
  - { id: waiting, title: "Still waiting", tone: mixed, text: "The answer is still awaited." }
  - { id: alone, title: "Alone", tone: bad, text: "No one came." }
`;
}
