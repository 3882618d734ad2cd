/**
 * The scenario map's layout without elkjs: boxes sized to their titles, ELK's input graph and its
 * answer read back, and a simple layered layout for maps past ELK's work bound. ELK itself runs in
 * the layout worker (layout-worker.ts via layout-job.ts), never on the page's main thread; Node
 * (bench, unit tests) calls it through layout-elk.ts.
 */
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { MapNode, ScenarioMapGraph } from './model.ts';
import { displayWidth, prefixWithin, wordPieces } from '../ui/line-breaks.ts';

/** A placed box, its title broken into lines. */
export interface PlacedNode {
  node: MapNode;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
}

/** A routed arrow: points from its source box to its target box. */
export interface PlacedEdge {
  index: number;
  points: { x: number; y: number }[];
}

/** The laid-out map. */
export interface MapLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/** More boxes than this are not drawn (the list still shows everything): a layout would take too long. */
export const MAP_DRAW_LIMIT = 400;

const LINE_CHARS = 22;
const MAX_LINES = 3;
export const LINE_HEIGHT = 15;
const BOX_WIDTH = 168;

/**
 * A title broken into at most three lines about 22 Latin letters wide (a Chinese or Japanese
 * character counts two), at spaces or between the words of scripts written without spaces; a
 * piece too long for a line, and the last line when more is left, are cut between grapheme
 * clusters with "…".
 */
export function titleLines(title: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of title.split(/\s+/).filter(Boolean)) {
    wordPieces(word).forEach((piece, k) => {
      const next = line ? (k === 0 ? `${line} ${piece}` : line + piece) : piece;
      if (displayWidth(next) <= LINE_CHARS || !line) line = next;
      else {
        lines.push(line);
        line = piece;
      }
    });
  }
  if (line) lines.push(line);
  const out = lines
    .slice(0, MAX_LINES)
    .map((l) => (displayWidth(l) > LINE_CHARS + 6 ? `${prefixWithin(l, LINE_CHARS + 5)}…` : l));
  if (lines.length > MAX_LINES) out[MAX_LINES - 1] = `${out[MAX_LINES - 1]!.replace(/…$/, '')}…`;
  return out;
}

/** A map graph sized for layout: each box with its title's lines, and ELK's input graph. */
export interface SizedGraph {
  sized: { node: MapNode; lines: string[]; width: number; height: number }[];
  root: ElkNode;
}

/** Boxes sized to their titles and ELK's input (layered, top to bottom, orthogonal arrows). */
export function elkInput(graph: ScenarioMapGraph): SizedGraph {
  const sized = graph.nodes.map((node) => {
    const lines = titleLines(node.title);
    // One more line for the kind ("Ending · bad", "Start", "Meter").
    const height = (lines.length + 1) * LINE_HEIGHT + 14;
    return { node, lines, width: BOX_WIDTH, height };
  });
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '42',
      'elk.spacing.nodeNode': '22',
      'elk.spacing.edgeEdge': '6',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
    },
    children: sized.map((s, i) => ({ id: `n${i}`, width: s.width, height: s.height })),
    edges: [],
  };
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  graph.edges.forEach((e, i) => {
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from === undefined || to === undefined) return;
    root.edges!.push({ id: `e${i}`, sources: [`n${from}`], targets: [`n${to}`] });
  });
  return { sized, root };
}

/** The laid-out map from ELK's answer. */
export function fromElk({ sized }: SizedGraph, out: ElkNode): MapLayout {
  const nodes: PlacedNode[] = (out.children ?? []).map((c, i) => ({
    ...sized[i]!,
    x: c.x ?? 0,
    y: c.y ?? 0,
    width: c.width ?? BOX_WIDTH,
    height: c.height ?? sized[i]!.height,
  }));
  const edges: PlacedEdge[] = (out.edges ?? []).map((e) => {
    const s = (e as { sections?: { startPoint: Pt; bendPoints?: Pt[]; endPoint: Pt }[] }).sections?.[0];
    return {
      index: Number(e.id.slice(1)),
      points: s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : [],
    };
  });
  return { width: out.width ?? 0, height: out.height ?? 0, nodes, edges };
}

/**
 * The work bound of ELK's layered layout: its cost grows far faster than the map (100 boxes with
 * 1,000 arrows took 7 s to 30 s, 390 boxes 55 s and 1.2 GB; 150 boxes with 600 arrows 10 s), so a larger map is laid out by
 * `simpleLayout` instead, at once and in linear time.
 */
export const ELK_LIMITS = { boxes: 200, arrows: 300 } as const;

/** Whether ELK may lay this map out (within `ELK_LIMITS`). */
export function withinElkLimits(graph: Pick<ScenarioMapGraph, 'nodes' | 'edges'>): boolean {
  return graph.nodes.length <= ELK_LIMITS.boxes && graph.edges.length <= ELK_LIMITS.arrows;
}

/**
 * A simple layered layout in time linear in boxes and arrows: each box in the row of its distance
 * from the start (breadth first; boxes not reached go in a last row), rows left to right in file
 * order, straight arrows from the bottom of one box to the top of the other.
 */
export function simpleLayout(graph: Pick<ScenarioMapGraph, 'nodes' | 'edges'>): MapLayout {
  const { sized } = elkInput({ ...graph, edges: [], maxTraffic: 0 });
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const out: number[][] = graph.nodes.map(() => []);
  for (const e of graph.edges) {
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a !== undefined && b !== undefined) out[a]!.push(b);
  }
  const depth = graph.nodes.map(() => -1);
  const queue: number[] = [];
  graph.nodes.forEach((n, i) => {
    if (n.start) {
      depth[i] = 0;
      queue.push(i);
    }
  });
  if (!queue.length && graph.nodes.length) {
    depth[0] = 0;
    queue.push(0);
  }
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q]!;
    for (const j of out[i]!)
      if (depth[j] === -1) {
        depth[j] = depth[i]! + 1;
        queue.push(j);
      }
  }
  const deepest = Math.max(0, ...depth);
  const rows: number[][] = [];
  depth.forEach((d, i) => {
    const r = d < 0 ? deepest + 1 : d;
    (rows[r] ??= []).push(i);
  });
  const pad = 12;
  const gapX = 22;
  const gapY = 42;
  const nodes: PlacedNode[] = new Array(graph.nodes.length);
  let y = pad;
  let width = 0;
  for (const row of rows) {
    if (!row) continue;
    const tallest = Math.max(...row.map((i) => sized[i]!.height));
    row.forEach((i, k) => {
      nodes[i] = { ...sized[i]!, x: pad + k * (BOX_WIDTH + gapX), y };
    });
    width = Math.max(width, pad * 2 + row.length * (BOX_WIDTH + gapX) - gapX);
    y += tallest + gapY;
  }
  const edges: PlacedEdge[] = [];
  graph.edges.forEach((e, k) => {
    const a = nodes[index.get(e.from) ?? -1];
    const b = nodes[index.get(e.to) ?? -1];
    if (!a || !b) return;
    const down = b.y > a.y;
    edges.push({
      index: k,
      points: [
        { x: a.x + a.width / 2, y: down ? a.y + a.height : a.y },
        { x: b.x + b.width / 2, y: down ? b.y : b.y + b.height },
      ],
    });
  });
  return { width, height: y - gapY + pad, nodes, edges };
}

type Pt = { x: number; y: number };
