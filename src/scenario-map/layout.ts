/**
 * Lay the scenario map out with ELK's layered algorithm (elkjs), top to bottom. elkjs is large,
 * so it is imported on first use only: it never weighs on the title screen's start-up.
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

type ElkInstance = { layout(graph: ElkNode): Promise<ElkNode> };
let elk: Promise<ElkInstance> | undefined;

function loadElk(): Promise<ElkInstance> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => {
    const Elk = (m as unknown as { default: new () => ElkInstance }).default;
    return new Elk();
  });
  return elk;
}

/** Lay out a map graph (boxes sized to their titles; arrows routed orthogonally between layers). */
export async function layoutMap(graph: ScenarioMapGraph): Promise<MapLayout> {
  const sized = graph.nodes.map((node) => {
    const lines = titleLines(node.kind === 'ending' ? `${node.title}` : node.title);
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
  const out = await (await loadElk()).layout(root);
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

type Pt = { x: number; y: number };
