/**
 * Short replay links (issue 21): a decision path as `#p=…`, holding only what the scenario does not
 * already know: its id, version and the start of its sha256, the seed, which choice was taken at
 * each step (its place in the node's list, or that time ran out), how long each took and the
 * student's name. The receiving browser plays the seed and those choices on its own copy of the
 * scenario and gets the whole replay back, step for step; without that scenario (or with another
 * file of it) it says which scenario the path needs, and the link stays usable once it is loaded.
 * Replay files are unchanged: only the link is short. Pure: no DOM, no location.
 *
 *   #p=1.<scenario id>.<12 hex of sha256>.<seed>.<steps>[.<ms>]&pv=<version>[&pn=<name>]
 *
 * `<seed>` and each ms are base 36; `<steps>` has one character a step: `0`–`9` the choice at that
 * place in the node's `choices` (file order), `a`–`j` the same place taken when time ran out;
 * `<ms>` is the time on each step, `-` between them (empty where the step has none).
 */
import type { ReplayFile } from '../scenario/schema.ts';
import type { CompiledScenario } from '../engine/machine.ts';
import { Run } from '../engine/run.ts';
import { LinkError } from './link.ts';

/** A decision path as a short link carries it. */
export interface CompactPath {
  scenario: { id: string; version: string; hash: string };
  seed: number;
  steps: { index: number; timeout: boolean; ms?: number }[];
  player?: string;
}

/** How much of the sha256 the link keeps: 48 bits, enough to tell two files of one scenario apart. */
export const PATH_HASH_LENGTH = 12;
const VERSION = '1';
const TIMED_OUT = 'abcdefghij';
/** The longest path a short link carries (a longer one goes as a whole replay). */
const MAX_STEPS = 2000;

/** The compact form of a replay on its scenario, or undefined when the path cannot be one (it must expand back identically). */
export function compactPath(replay: ReplayFile, compiled: CompiledScenario): CompactPath | undefined {
  if (replay.scenario.sha256 !== compiled.sha256 || replay.steps.length > MAX_STEPS) return undefined;
  const steps: CompactPath['steps'] = [];
  for (const s of replay.steps) {
    const node = compiled.rules.nodes.get(s.node)?.node;
    const index = node ? node.choices.findIndex((c) => c.id === s.choice) : -1;
    if (index < 0 || index > 9) return undefined;
    if (s.ms !== undefined && (!Number.isSafeInteger(s.ms) || s.ms < 0)) return undefined;
    steps.push({ index, timeout: s.timeout === true, ...(s.ms !== undefined ? { ms: s.ms } : {}) });
  }
  const path: CompactPath = {
    scenario: {
      id: replay.scenario.id,
      version: replay.scenario.version,
      hash: replay.scenario.sha256.slice(0, PATH_HASH_LENGTH),
    },
    seed: replay.seed,
    steps,
    ...(replay.player !== undefined ? { player: replay.player } : {}),
  };
  const back = expandPath(path, compiled);
  return back.ok && JSON.stringify(back.replay) === JSON.stringify(replay) ? path : undefined;
}

/** The fragment parameters of a compact path (`p=…&pv=…&pn=…`, no `#`). */
export function pathParams(path: CompactPath): string {
  const steps = path.steps.map((s) => (s.timeout ? TIMED_OUT[s.index]! : String(s.index))).join('');
  const fields = [VERSION, path.scenario.id, path.scenario.hash, path.seed.toString(36), steps];
  if (path.steps.some((s) => s.ms !== undefined))
    fields.push(path.steps.map((s) => (s.ms === undefined ? '' : s.ms.toString(36))).join('-'));
  const params = [`p=${fields.join('.')}`, `pv=${encodeURIComponent(path.scenario.version)}`];
  if (path.player !== undefined) params.push(`pn=${encodeURIComponent(path.player)}`);
  return params.join('&');
}

function damaged(what: string): LinkError {
  return new LinkError(
    `the link is damaged: its ${what} cannot be read (it may have been cut short when copied)`,
    'bad-base64',
  );
}

/** Read the compact path of a fragment, or undefined when it carries none; throws LinkError when it does but is damaged. */
export function readPath(hash: string): CompactPath | undefined {
  const params = new Map<string, string>();
  for (const part of (hash.startsWith('#') ? hash.slice(1) : hash).split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const p = params.get('p');
  if (p === undefined) return undefined;
  if (p.length > 64 * 1024) throw new LinkError('the link is too large for a decision path', 'too-large');
  const fields = p.split('.');
  if (fields[0] !== VERSION)
    throw new LinkError(
      'this decision path link was made by a newer Crisis Room: open it in the site it was made on',
      'bad-base64',
    );
  const [, id, digits, seed36, steps, ms] = fields;
  if (!id || !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(id)) throw damaged('scenario id');
  if (!digits || !/^[0-9a-f]{12}$/.test(digits)) throw damaged('scenario check digits');
  if (!seed36 || !/^[0-9a-z]{1,7}$/.test(seed36) || Number.parseInt(seed36, 36) > 4294967295) throw damaged('seed');
  if (steps === undefined || !/^[0-9a-j]*$/.test(steps) || steps.length > MAX_STEPS) throw damaged('list of choices');
  const times = ms === undefined ? [] : ms.split('-');
  if (ms !== undefined && (times.length !== steps.length || !times.every((t) => /^[0-9a-z]{0,11}$/.test(t))))
    throw damaged('times');
  let version: string;
  let player: string | undefined;
  try {
    version = decodeURIComponent(params.get('pv') ?? '');
    const pn = params.get('pn');
    player = pn === undefined ? undefined : decodeURIComponent(pn);
  } catch {
    throw damaged('scenario version or name');
  }
  return {
    scenario: { id, version, hash: digits },
    seed: Number.parseInt(seed36, 36),
    steps: [...steps].map((c, i) => {
      const t = TIMED_OUT.indexOf(c);
      const time = times[i];
      return {
        index: t >= 0 ? t : Number(c),
        timeout: t >= 0,
        ...(time ? { ms: Number.parseInt(time, 36) } : {}),
      };
    }),
    ...(player !== undefined ? { player } : {}),
  };
}

/** Whether a compiled scenario is the file a path was made on. */
export function pathFits(path: CompactPath, compiled: CompiledScenario): boolean {
  return compiled.scenario.id === path.scenario.id && compiled.sha256.startsWith(path.scenario.hash);
}

/** What to say when this browser has no file the path was made on. */
export function missingScenarioMessage(path: CompactPath, other?: CompiledScenario): string {
  const which = `"${path.scenario.id}" version ${path.scenario.version}`;
  return other
    ? `This decision path was made with scenario ${which}, and this browser has another file of it (version ${other.scenario.version}). Open the link or file of the scenario the class played first, then open this path's link again: nothing in it is lost.`
    : `This decision path was made with scenario ${which}, which this browser does not have. Open the scenario's link or file first, then open this path's link again: nothing in it is lost.`;
}

/** The whole replay of a compact path, played on its scenario; or why it does not fit. */
export function expandPath(
  path: CompactPath,
  compiled: CompiledScenario,
): { ok: true; replay: ReplayFile } | { ok: false; message: string } {
  if (!pathFits(path, compiled)) return { ok: false, message: missingScenarioMessage(path, compiled) };
  const run = new Run(compiled, path.seed);
  for (const [i, s] of path.steps.entries()) {
    const node = run.node;
    const choice = node?.choices[s.index];
    if (!node || !choice || (s.timeout && node.onTimeout !== choice.id))
      return { ok: false, message: `step ${i + 1} of the decision path does not fit the scenario` };
    try {
      if (s.timeout) run.timeout(s.ms);
      else run.choose(choice.id, s.ms);
    } catch (e) {
      return {
        ok: false,
        message: `step ${i + 1} of the decision path does not fit the scenario: ${(e as Error).message}`,
      };
    }
  }
  const replay = run.record(path.player);
  // `record` leaves an empty name out; the link kept it as given.
  if (path.player !== undefined && replay.player === undefined) replay.player = path.player;
  return { ok: true, replay };
}

/**
 * The scenario a path needs among `scenarios` (by id and the start of its sha256), or, failing
 * that, another file with its id (for the message).
 */
export function scenarioForPath(
  path: CompactPath,
  scenarios: Iterable<CompiledScenario>,
): { compiled?: CompiledScenario; other?: CompiledScenario } {
  let other: CompiledScenario | undefined;
  for (const c of scenarios) {
    if (pathFits(path, c)) return { compiled: c };
    if (c.scenario.id === path.scenario.id) other ??= c;
  }
  return other ? { other } : {};
}

/** A short link (`base` with its own fragment dropped, then `#p=…`) for a replay on its scenario; undefined when the path cannot be short. */
export function makePathLink(
  base: string,
  replay: ReplayFile,
  compiled: CompiledScenario,
): { ok: true; fragment: string; bytes: number; url: string } | undefined {
  const path = compactPath(replay, compiled);
  if (!path) return undefined;
  const fragment = `#${pathParams(path)}`;
  const at = base.indexOf('#');
  return { ok: true, fragment, bytes: fragment.length, url: (at < 0 ? base : base.slice(0, at)) + fragment };
}
