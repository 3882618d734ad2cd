/** Generates large valid scenarios for the bench (and tests): a chain of nodes with branches and effects. */

/**
 * A scenario with `nodes` decision points, three choices each (effects, a condition, a branch list
 * with `if` and `chance`), two meters and advice on every tenth node. With `loop` the chain
 * wraps around, so a run can go on for any number of steps. Returned as plain data.
 */
export function generateScenario(nodes: number, opts: { loop?: boolean } = {}): Record<string, unknown> {
  const list: unknown[] = [];
  for (let i = 0; i < nodes; i++) {
    const next = opts.loop ? `n${(i + 1) % nodes}` : i + 1 < nodes ? `n${i + 1}` : 'calm';
    const skip = opts.loop ? `n${(i + 2) % nodes}` : i + 2 < nodes ? `n${i + 2}` : 'calm';
    list.push({
      id: `n${i}`,
      title: `Decision ${i}`,
      text: `Situation ${i}.`,
      ...(i % 10 === 0
        ? {
            advice: [
              { advisor: 'a', text: 'Hold.', recommends: 'hold' },
              { advisor: 'b', text: 'Give.', recommends: 'give' },
            ],
          }
        : {}),
      choices: [
        { id: 'hold', label: 'Hold', effects: { order: 5, trust: -5 }, next },
        {
          id: 'give',
          label: 'Give',
          effects: { order: -5, trust: 5 },
          next: [{ if: { trust: '>= 60' }, goto: skip }, { chance: 0.5, goto: next }, { goto: skip }],
        },
        { id: 'stop', label: 'Stop', if: { order: '< 90' }, next: 'calm' },
      ],
    });
  }
  return {
    format: 'crisis-room/1',
    id: `generated-${nodes}`,
    title: `Generated scenario (${nodes} nodes)`,
    version: '1.0.0',
    language: 'en',
    role: 'You are the bench.',
    summary: 'A generated scenario for measuring the checker and engine.',
    meters: [
      { id: 'order', label: 'Order', start: 50, onMin: 'collapse' },
      { id: 'trust', label: 'Trust', start: 50 },
    ],
    advisors: [
      { id: 'a', name: 'Advisor A', title: 'First' },
      { id: 'b', name: 'Advisor B', title: 'Second' },
    ],
    start: 'n0',
    nodes: list,
    endings: [
      { id: 'calm', title: 'Calm', tone: 'good', text: 'It ended.' },
      { id: 'collapse', title: 'Collapse', tone: 'bad', text: 'Order collapsed.' },
    ],
  };
}

/** The generated scenario as compact JSON text (a `.json` scenario file). */
export function generateScenarioJson(nodes: number, opts: { loop?: boolean } = {}): string {
  return JSON.stringify(generateScenario(nodes, opts));
}

/** A one-node scenario whose state space (three meters 0..1000) is far beyond the explorer's limit. */
export function generateHugeStateSpaceJson(): string {
  const meters = ['a', 'b', 'c'].map((id) => ({ id, label: id.toUpperCase(), min: 0, max: 1000, start: 0 }));
  return JSON.stringify({
    format: 'crisis-room/1',
    id: 'huge-state-space',
    title: 'Huge state space',
    version: '1.0.0',
    language: 'en',
    role: 'You are the bench.',
    summary: 'Counts up three meters: about a billion states.',
    meters,
    advisors: [{ id: 'x', name: 'X', title: 'X' }],
    start: 'tick',
    nodes: [
      {
        id: 'tick',
        title: 'Tick',
        text: 'Count.',
        advice: [{ advisor: 'x', text: 'Count.' }],
        choices: [
          ...meters.map((m) => ({ id: `up-${m.id}`, label: `Up ${m.id}`, effects: { [m.id]: 1 }, next: 'tick' })),
          { id: 'stop', label: 'Stop', next: 'end' },
        ],
      },
    ],
    endings: [{ id: 'end', title: 'End', tone: 'good', text: 'Done.' }],
  });
}
