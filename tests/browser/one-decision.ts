/** A one-decision scenario for browser tests that need a short, clean game (no checker warnings). */
export function oneDecision(id: string, title: string): string {
  return `format: crisis-room/1
id: ${id}
title: "${title}"
version: 1.0.0
language: en
role: "Tester."
summary: One decision.
meters:
  - { id: calm, label: Calm, start: 50 }
advisors:
  - { id: a, name: "Ada", title: "Aide" }
start: n1
nodes:
  - id: n1
    title: First
    text: "Decide."
    advice: [{ advisor: a, text: "Go." }]
    choices:
      - { id: go, label: Go on, effects: { calm: 5 }, outcome: "Gone.", next: done }
endings:
  - { id: done, title: Done, tone: mixed, text: "The end." }
`;
}
