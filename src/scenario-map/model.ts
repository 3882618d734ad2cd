/**
 * The scenario map's graph: decision nodes, endings and meter triggers as boxes; each choice as
 * an edge to every place it can lead; the historical path marked; optional class traffic per
 * edge. Pure data from a Scenario (no DOM, no layout), shared by class review and the editor.
 */
import type { Scenario } from '../scenario/schema.ts';

/** A box on the map. */
export interface MapNode {
  /** The node or ending id; meter triggers are `meter:{id}`. */
  id: string;
  kind: 'node' | 'ending' | 'meter';
  title: string;
  /** good | mixed | bad, for endings. */
  tone?: string;
  start: boolean;
  /** On the historical path: reached from the start by historical choices (and branches marked `history: true`) only. */
  historical: boolean;
}

/** An arrow on the map: one choice (or a meter at its bound) leading from one box to another. */
export interface MapEdge {
  /** See `edgeKey`. */
  key: string;
  from: string;
  to: string;
  /** The choice id, or "min" / "max" for a meter trigger. */
  via: string;
  /** The choice label (or "at its minimum" / "at its maximum"). */
  label: string;
  /** How the branch is picked: "if", "60%", "otherwise" (empty for a plain `next`). */
  note: string;
  /** The choice history took at this node. */
  historical: boolean;
  /** Runs of the class that took this edge (0 without traffic). */
  traffic: number;
}

/** The whole map. */
export interface ScenarioMapGraph {
  nodes: MapNode[];
  edges: MapEdge[];
  /** The largest edge traffic (0 without traffic): thickness is relative to it. */
  maxTraffic: number;
}

/** The key of the edge from `from` by `via` (a choice id, or "min"/"max" of a meter) to `to`. */
export function edgeKey(from: string, via: string, to: string): string {
  return `${from}\u0000${via}\u0000${to}`;
}

/** One step of a run, as the engine's trail records it. */
export interface TrafficStep {
  node: string;
  choice: string;
  target: string;
  bound?: { meter: string; bound: 'min' | 'max' };
}

/**
 * Edge traffic of many runs: per edge, the number of runs that took it at least once. A step
 * whose meter hit a bound counts on the meter's edge to the ending it fired.
 */
export function trafficOf(runs: Iterable<readonly TrafficStep[]>): Map<string, number> {
  const out = new Map<string, number>();
  for (const steps of runs) {
    const taken = new Set<string>();
    for (const s of steps)
      taken.add(
        s.bound ? edgeKey(`meter:${s.bound.meter}`, s.bound.bound, s.target) : edgeKey(s.node, s.choice, s.target),
      );
    for (const k of taken) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/** Build the map's graph of a scenario, with class traffic when given. */
export function scenarioMapGraph(s: Scenario, traffic?: ReadonlyMap<string, number>): ScenarioMapGraph {
  const edges: MapEdge[] = [];
  const byKey = new Map<string, MapEdge>();
  const add = (from: string, via: string, to: string, label: string, note: string, historical: boolean) => {
    const key = edgeKey(from, via, to);
    const seen = byKey.get(key);
    // Two branches of one choice to the same place are one arrow with both notes.
    if (seen) {
      if (note && !seen.note.split(', ').includes(note)) seen.note = seen.note ? `${seen.note}, ${note}` : note;
      seen.historical ||= historical;
      return;
    }
    const e: MapEdge = { key, from, to, via, label, note, historical, traffic: traffic?.get(key) ?? 0 };
    byKey.set(key, e);
    edges.push(e);
  };
  for (const n of s.nodes) {
    const hist = n.history?.choice;
    for (const c of n.choices) {
      if (typeof c.next === 'string') add(n.id, c.id, c.next, c.label, '', c.id === hist);
      else {
        // A branch marked `history: true` is the way history went; without one, every branch of
        // the historical choice may have been it.
        const known = c.next.some((b) => b.history);
        for (const b of c.next) {
          const note = b.if ? 'if' : b.chance !== undefined ? `${Math.round(b.chance * 100)}%` : 'otherwise';
          add(n.id, c.id, b.goto, c.label, note, c.id === hist && (!known || !!b.history));
        }
      }
    }
  }
  const meters = s.meters.filter((m) => m.onMin || m.onMax);
  for (const m of meters) {
    if (m.onMin) add(`meter:${m.id}`, 'min', m.onMin, 'at its minimum', '', false);
    if (m.onMax) add(`meter:${m.id}`, 'max', m.onMax, 'at its maximum', '', false);
  }

  // The historical path: from the start, follow historical choices (through marked branches) only.
  const onPath = new Set<string>([s.start]);
  const queue = [s.start];
  while (queue.length) {
    const at = queue.shift()!;
    for (const e of edges)
      if (e.from === at && e.historical && !onPath.has(e.to)) {
        onPath.add(e.to);
        queue.push(e.to);
      }
  }
  const nodes: MapNode[] = [
    ...s.nodes.map((n) => ({
      id: n.id,
      kind: 'node' as const,
      title: n.title,
      start: n.id === s.start,
      historical: onPath.has(n.id),
    })),
    ...s.endings.map((e) => ({
      id: e.id,
      kind: 'ending' as const,
      title: e.title,
      tone: e.tone,
      start: false,
      historical: onPath.has(e.id),
    })),
    ...meters.map((m) => ({
      id: `meter:${m.id}`,
      kind: 'meter' as const,
      title: m.label,
      start: false,
      historical: false,
    })),
  ];
  // An edge is drawn as historical only where the historical path runs.
  for (const e of edges) e.historical = e.historical && onPath.has(e.from);
  return { nodes, edges, maxTraffic: edges.reduce((m, e) => Math.max(m, e.traffic), 0) };
}
