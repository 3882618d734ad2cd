/**
 * Hostile and unlucky inputs, made by script (never committed blobs): each is the small file or
 * link of one finding of issue 13. Shared by tests/hostile/ and the bench (tools/bench/hostile.ts).
 */
import { deflateRawSync, constants as zlibConstants } from 'node:zlib';
import { stringify } from 'yaml';
import { toBase64Url } from '../../src/share/link.ts';

/** The smallest valid scenario around `nodes` and `endings` (plain data; callers add to it). */
export function baseScenario(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'crisis-room/1',
    id: 'hostile',
    title: 'Hostile',
    version: '1.0.0',
    language: 'en',
    role: 'You decide.',
    summary: 'A made-up file.',
    meters: [{ id: 'm', label: 'Meter', start: 0, min: 0, max: 100, onMax: 'end' }],
    advisors: [{ id: 'a', name: 'Advisor', title: 'Advisor' }],
    start: 'n',
    nodes: [{ id: 'n', title: 'Node', text: 'Text.', choices: [{ id: 'go', label: 'Go', next: 'end' }] }],
    endings: [{ id: 'end', title: 'End', tone: 'good', text: 'The end.' }],
    ...over,
  };
}

/** A flag name of `length` characters, unique by `i`. */
function longFlag(prefix: string, i: number, length: number): string {
  const base = `${prefix}${i}-`;
  return (base + 'x'.repeat(Math.max(0, length - base.length))).slice(0, Math.max(length, base.length));
}

/**
 * Finding 1: one node looping to itself; `choices` choices each set `flagsPerChoice` long flags
 * and raise the meter by 1. The state space is small; each state's flags are not.
 */
export function flagBombYaml(choices = 4, flagsPerChoice = 1000, flagLength = 60): string {
  const list = [];
  for (let c = 0; c < choices; c++) {
    const set = Array.from({ length: flagsPerChoice }, (_, i) => longFlag(`c${c}f`, i, flagLength));
    list.push({ id: `c${c}`, label: `Choice ${c}`, effects: { m: 1 }, set, next: 'n' });
  }
  return stringify(
    baseScenario({
      nodes: [{ id: 'n', title: 'Node', text: 'Loops to itself.', choices: list }],
    }),
    { lineWidth: 0, flowCollectionPadding: false, collectionStyle: 'flow' },
  );
}

/**
 * Finding 1, within the flag limit: `nodes` nodes in a ring; each of a node's 8 choices sets its own
 * group of `perChoice` long flags (of `flags` in all), so states multiply (subsets of groups x meter
 * values) and each carries dozens of 64-character flag names.
 */
export function manyStatesYaml(flags = 224, nodes = 4, perChoice = 7): string {
  const names = Array.from({ length: flags }, (_, i) => longFlag('f', i, 64));
  const list = [];
  for (let n = 0; n < nodes; n++) {
    const next = `n${(n + 1) % nodes}`;
    const choices = [];
    for (let c = 0; c < 8; c++) {
      const group = ((n * 8 + c) * perChoice) % flags;
      const set = names.slice(group, group + perChoice);
      choices.push({ id: `s${c}`, label: `Set ${c}`, effects: { m: 1 }, set, next });
    }
    choices.push({ id: 'u', label: 'Calm', effects: { m: -1 }, next });
    choices.push({ id: 'stop', label: 'Stop', next: 'end' });
    list.push({ id: `n${n}`, title: `Node ${n}`, text: 'Decide.', choices });
  }
  return stringify(baseScenario({ start: 'n0', nodes: list }), { lineWidth: 0, collectionStyle: 'flow' });
}

/** Finding 2: a `#s=` link that inflates to about `bytes` zeros (a decompression bomb). */
export function zeroBombFragment(bytes = 1024 * 1024 * 1024): string {
  return `#s=${toBase64Url(zeroDeflate(bytes))}`;
}

/** A raw deflate stream of about `bytes` zero bytes, made without ever holding them. */
export function zeroDeflate(bytes: number): Uint8Array {
  // A sync-flushed chunk is a non-final block that ends on a byte boundary, so one deflated MiB of
  // zeros repeated is a valid stream (its back-references reach only zeros); an empty final block ends it.
  const mib = 1 << 20;
  const chunk = deflateRawSync(new Uint8Array(mib), { level: 9, finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const n = Math.max(1, Math.round(bytes / mib));
  const out = new Uint8Array(n * chunk.length + 2);
  for (let i = 0; i < n; i++) out.set(chunk, i * chunk.length);
  out.set([0x03, 0x00], n * chunk.length);
  return out;
}

/** Finding 3: a title of `titleChars` characters on a node that loops to itself, for long replays. */
export function loopingTitleYaml(titleChars = 20_000): string {
  return stringify(
    baseScenario({
      nodes: [
        {
          id: 'n',
          title: 'T'.repeat(titleChars),
          text: 'Loops.',
          choices: [
            { id: 'again', label: 'L'.repeat(titleChars), next: 'n' },
            { id: 'stop', label: 'Stop', next: 'end' },
          ],
        },
      ],
      meters: [{ id: 'm', label: 'Meter', start: 0 }],
    }),
    { lineWidth: 0 },
  );
}

/** Finding 3: a replay of `steps` steps of choice `again` at node `n` (for `loopingTitleYaml`). */
export function longReplayJson(sha256: string, steps: number): string {
  return JSON.stringify({
    format: 'crisis-room-replay/1',
    scenario: { id: 'hostile', version: '1.0.0', sha256 },
    seed: 1,
    steps: Array.from({ length: steps }, () => ({ node: 'n', choice: 'again' })),
  });
}

/** Finding 3: `aliases` aliases of one `items`-item list inside an `x-` key (a billion-laughs cousin). */
export function aliasBombYaml(aliases = 99, items = 900_000): string {
  const valid = stringify(baseScenario(), { lineWidth: 0 });
  const list = `[${Array.from({ length: Math.min(items, 64) }, () => '0').join(',')}]`;
  // A list of `items` zeros without 2 MB of text is not possible; the finding fits in 1.8 MB by
  // writing the items as "0," (2 bytes each). Callers pick `items` to stay within the file limit.
  const big = items <= 64 ? list : `[${'0,'.repeat(items - 1)}0]`;
  const refs = Array.from({ length: aliases }, () => '*big').join(', ');
  return `${valid}x-big: &big ${big}\nx-refs: [${refs}]\n`;
}

/** Finding 5: a valid scenario with `endings` endings, each reached from the one node's choice list. */
export function manyEndingsYaml(endings = 20_001, form: 'yaml' | 'json' = 'yaml'): string {
  const list = Array.from({ length: endings }, (_, i) => ({ id: `e${i}`, title: `E${i}`, tone: 'good', text: '.' }));
  const data = baseScenario({
    meters: [{ id: 'm', label: 'Meter', start: 0 }],
    nodes: [{ id: 'n', title: 'Node', text: 'Text.', choices: [{ id: 'go', label: 'Go', next: 'e0' }] }],
    endings: list,
  });
  return form === 'json' ? JSON.stringify(data) : stringify(data, { lineWidth: 0, collectionStyle: 'flow' });
}

/** Finding 7: a scenario whose title, node title and choice label carry terminal escape sequences. */
export function terminalEscapesYaml(): string {
  const esc = '\u001b';
  return stringify(
    baseScenario({
      title: `Title ${esc}]0;pwned${'\u0007'}${esc}[2J`,
      nodes: [
        {
          id: 'n',
          title: `Node ${esc}[31mred`,
          text: 'Text.',
          choices: [{ id: 'go', label: `Go ${esc}[1A${esc}[2K0 errors\r`, next: 'end' }],
        },
      ],
      endings: [{ id: 'end', title: `End ${'\u009b'}2J`, tone: 'good', text: 'The end.' }],
    }),
    { lineWidth: 0 },
  );
}

/**
 * Finding 8: a scenario whose every text the canvas draws is one unbroken word, 20,000 characters
 * (the text limit) in the long texts and `short` characters in the rest, so each must be broken
 * across lines to stay in its panel.
 */
export function longWordsScenario(short = 336): Record<string, unknown> {
  const word = (c: string, n = 20_000) => c.repeat(n);
  const w = (c: string) => word(c, short);
  return baseScenario({
    id: 'long-words',
    title: word('T'),
    role: word('R'),
    summary: word('S'),
    learningGoals: [w('G'), w('H')],
    meters: [
      { id: 'm', label: w('M'), start: 50, min: 0, max: 100 },
      { id: 'n', label: word('N'), start: 10, min: 0, max: 100, higherIsBetter: true },
    ],
    advisors: [
      { id: 'a', name: word('A'), title: w('B'), stance: w('C') },
      { id: 'b', name: w('D'), title: word('E'), stance: word('F') },
    ],
    nodes: [
      {
        id: 'n',
        place: w('P'),
        title: word('I'),
        text: `Before ${word('J', 19_980)} after.`,
        news: [{ source: w('K'), text: word('L') }],
        advice: [
          { advisor: 'a', text: word('O'), recommends: 'go' },
          { advisor: 'b', text: w('Q') },
        ],
        choices: [
          {
            id: 'go',
            label: word('U'),
            detail: w('V'),
            effects: { m: 10, n: 5 },
            outcome: word('W'),
            news: [{ source: word('X'), text: w('Y') }],
            next: 'end',
          },
          { id: 'also', label: w('Z'), detail: word('z'), next: 'end' },
        ],
        history: { choice: 'go', text: word('h') },
      },
    ],
    endings: [{ id: 'end', title: word('e'), tone: 'good', text: word('f'), history: { text: w('g') } }],
  });
}

/** Meter tests that all hold for meters a–e at 50, as one flow map (a condition item). */
const TRUE_MAP = '{a: ">=0", b: ">=0", c: ">=0", d: ">=0", e: ">=0"}';
/** Four tests that hold and a fifth that fails: an `any` item that costs five tests and is false. */
const FALSE_MAP = '{a: ">=0", b: ">=0", c: ">=0", d: ">=0", e: "<0"}';

/** Five meters a–e from 0 to 100, starting at 50, as YAML lines. */
function fiveMetersYaml(): string {
  return `meters:\n${['a', 'b', 'c', 'd', 'e'].map((m) => `  - {id: ${m}, label: Meter ${m}, start: 50}`).join('\n')}\n`;
}

/** The head of a scenario (everything before `meters`), id `hostile`. */
const HEAD =
  'format: crisis-room/1\nid: hostile\ntitle: Hostile\nversion: 1.0.0\nlanguage: en\nrole: You decide.\nsummary: A made-up file.\n';

/**
 * Issue 23, case 1: one choice whose condition is `outer` `any` lists of `inner` maps of five meter
 * tests, each list true only at its last map, so testing it costs every test (`outer` x `inner` x 5;
 * 200 x 100 is 100,000). Node `n` also has `again`, looping to itself, for long replays
 * (`longReplayJson`). Written as flow YAML by hand: stringify's quoting makes it twice as large.
 */
export function conditionBombYaml(outer = 200, inner = 100): string {
  const any = `{any: [${Array.from({ length: inner - 1 }, () => FALSE_MAP).join(', ')}, ${TRUE_MAP}]}`;
  const cond = `{all: [${Array.from({ length: outer }, () => any).join(', ')}]}`;
  return `${HEAD}${fiveMetersYaml()}advisors:\n  - {id: x, name: Advisor, title: Advisor}\nstart: n\nnodes:\n  - id: n\n    title: Node\n    text: Loops.\n    choices:\n      - {id: again, label: Again, next: n}\n      - {id: big, label: Big, if: ${cond}, next: end}\nendings:\n  - {id: end, title: End, tone: good, text: The end.}\n`;
}

/**
 * Issue 23, cases 1 and 8 within the condition limit: node `n` has `costly` choices hidden by a
 * condition of `tests` meter tests that are all tested (each 1,000 tests or fewer), `again` looping
 * to itself, `stop` to the end and, with `walk`, four choices raising meters a–d by one: 101^4
 * states, each expanded at the cost of every hidden condition.
 */
export function costlyStepYaml(costly = 8, tests = 990, walk = false): string {
  const maps = Math.floor(tests / 6); // each map is one test and holds five
  const cond = `{all: [${Array.from({ length: maps - 1 }, () => TRUE_MAP).join(', ')}, ${FALSE_MAP}]}`;
  const choices = [
    '      - {id: again, label: Again, next: n}',
    '      - {id: stop, label: Stop, next: end}',
    ...(walk
      ? ['a', 'b', 'c', 'd'].map((m) => `      - {id: up-${m}, label: Up ${m}, effects: {${m}: 1}, next: n}`)
      : []),
    ...Array.from({ length: costly }, (_, i) => `      - {id: hidden${i}, label: Hidden ${i}, if: ${cond}, next: end}`),
  ];
  return `${HEAD}${fiveMetersYaml()}advisors:\n  - {id: x, name: Advisor, title: Advisor}\nstart: n\nnodes:\n  - id: n\n    title: Node\n    text: Loops.\n    choices:\n${choices.join('\n')}\nendings:\n  - {id: end, title: End, tone: good, text: The end.}\n`;
}

/** Issue 23, case 7: a valid scenario plus `keys` unknown top-level keys (`k0: 1` …), one error each. */
export function manyUnknownKeysYaml(keys = 99_800): string {
  const lines = Array.from({ length: keys }, (_, i) => `k${i}: 1`);
  return `${stringify(baseScenario(), { lineWidth: 0 })}${lines.join('\n')}\n`;
}

/**
 * Issue 23, case 7: `nodes` nodes of ten choices each going to a different missing id (one
 * `unknown-ref` each, every one looked up against every node id for a "did you mean" hint).
 */
export function manyBadTargetsYaml(nodes = 2000): string {
  const list = Array.from(
    { length: nodes },
    (_, n) =>
      `  - {id: n${n}, title: T, text: X, choices: [${Array.from({ length: 10 }, (_, c) => `{id: c${c}, label: L, next: gone${n * 10 + c}}`).join(', ')}]}`,
  );
  const head = stringify(baseScenario({ start: 'n0', nodes: undefined }), { lineWidth: 0 });
  return `${head}nodes:\n${list.join('\n')}\n`;
}

/**
 * Issue 23 case 2: a map too big to lay out on the main thread. `nodes` decisions of `choices`
 * choices each, every choice splitting into `branches` chance branches (each an arrow on the map)
 * to the next nodes round the ring; the last node's first choice ends the scenario. 100 x 10 froze
 * the tab 7 s when the map opened; 390 x 10 x 3 (391 boxes, 11,700 arrows) crashed it.
 */
export function bigMapYaml(nodes = 100, choices = 10, branches = 1): string {
  const list = [];
  for (let n = 0; n < nodes; n++) {
    const cs = [];
    for (let c = 0; c < choices; c++) {
      const to = (k: number) => (n === nodes - 1 && c === 0 && k === 0 ? 'end' : `n${(n + c + k + 1) % nodes}`);
      const next =
        branches === 1
          ? to(0)
          : Array.from({ length: branches }, (_, k) =>
              k < branches - 1 ? { chance: 1 / branches, goto: to(k) } : { goto: to(k) },
            );
      cs.push({ id: `c${c}`, label: `Choice ${c} of node ${n}`, effects: { m: c % 2 ? 1 : -1 }, next });
    }
    const advice = n === 0 ? { advice: [{ advisor: 'a', text: 'Go round the ring.' }] } : {};
    list.push({ id: `n${n}`, title: `Decision ${n}`, text: 'Decide.', ...advice, choices: cs });
  }
  return stringify(
    baseScenario({
      start: 'n0',
      meters: [{ id: 'm', label: 'Meter', start: 50, min: 0, max: 100 }],
      nodes: list,
    }),
    { lineWidth: 0 },
  );
}
