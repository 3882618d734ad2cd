/**
 * The scenario map on the page: an SVG image named "Scenario map" (boxes and arrows laid out by
 * elkjs; the historical path in the accent colour; arrow thickness by class traffic; an optional
 * "current node" marker for the editor) and the same content as a list for keyboard and
 * screen-reader users. Built with createElementNS; every title goes in as a text node.
 */
import { button, h, uid } from '../ui/dom.ts';
import type { Scenario } from '../scenario/schema.ts';
import { LINE_HEIGHT, MAP_DRAW_LIMIT, type MapLayout } from './layout.ts';
import { startMapLayout, type LayoutJob } from './layout-job.ts';
import { scenarioMapGraph, type MapEdge, type MapNode, type ScenarioMapGraph } from './model.ts';
import './scenario-map.css';

const SVG = 'http://www.w3.org/2000/svg';

/** What to show besides the scenario itself. */
export interface ScenarioMapOptions {
  /** Class traffic per edge key (see `trafficOf`): arrows get thicker with it, the list says "N runs". */
  traffic?: ReadonlyMap<string, number>;
  /** A node or ending id to mark as "current" (the editor's cursor). */
  current?: string;
  /**
   * A layout already under way for this scenario (class review draws the screen's map and the
   * printed page's from one layout); by default the map starts its own.
   */
  layout?: LayoutJob;
}

/** A rendered map: its element at once; `ready` resolves once the picture is drawn (or refused as too large). */
export interface RenderedMap {
  element: HTMLElement;
  graph: ScenarioMapGraph;
  ready: Promise<void>;
  /** Stop a layout still under way (the map was closed); the picture says it was cancelled. */
  cancel(): void;
}

/** Render the map of a scenario: the list now, the picture once elkjs has laid it out. */
export function renderScenarioMap(doc: Document, scenario: Scenario, opts: ScenarioMapOptions = {}): RenderedMap {
  const graph = scenarioMapGraph(scenario, opts.traffic);
  // Focusable: a large map scrolls, and keyboard users must be able to scroll it.
  const picture = h(
    'div',
    { class: 'cr-map-picture', tabindex: 0, role: 'group', 'aria-label': 'Scenario map picture' },
    h('p', { class: 'cr-note' }, 'Drawing the map…'),
  );
  const element = h(
    'section',
    { class: 'cr-scenario-map', 'aria-label': 'Scenario map and its list' },
    picture,
    legend(!!opts.traffic),
    mapList(graph, opts),
  );
  let job: LayoutJob | undefined;
  const ready = (async () => {
    await Promise.resolve();
    if (graph.nodes.length > MAP_DRAW_LIMIT) {
      picture.replaceChildren(
        h(
          'p',
          { class: 'cr-note' },
          `This scenario has ${graph.nodes.length} boxes, too many to draw (at most ${MAP_DRAW_LIMIT}); the list below has all of it.`,
        ),
      );
      return;
    }
    job = opts.layout ?? startMapLayout(graph);
    if (job.inWorker)
      picture.replaceChildren(
        h(
          'p',
          { class: 'cr-map-progress', role: 'status' },
          `Laying out the map (${graph.nodes.length} boxes, ${graph.edges.length} arrows)…`,
        ),
        button('Cancel', () => job?.cancel(), { 'aria-label': 'Cancel the map layout' }),
      );
    const outcome = await job.result;
    if (outcome.status === 'cancelled') {
      picture.replaceChildren(
        h('p', { class: 'cr-note', role: 'status' }, 'Map layout cancelled; the list below has all of it.'),
      );
      return;
    }
    picture.dataset.layout = outcome.by;
    picture.replaceChildren(
      ...(outcome.by === 'simple' ? [h('p', { class: 'cr-note' }, outcome.why)] : []),
      mapSvg(doc, graph, outcome.layout, opts),
    );
  })().catch((err: unknown) => {
    console.warn('scenario map layout failed', err);
    picture.replaceChildren(
      h('p', { class: 'cr-note' }, 'The map could not be drawn here; the list below has all of it.'),
    );
  });
  return { element, graph, ready, cancel: () => job?.cancel() };
}

function svgEl(doc: Document, tag: string, attrs: Record<string, string | number>): SVGElement {
  const el = doc.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** Arrow width: 1.5 px, up to 10 px for the most-travelled arrow. */
export function edgeWidth(edge: MapEdge, maxTraffic: number): number {
  if (!maxTraffic) return edge.historical ? 3 : 1.5;
  return Math.round((1.5 + (8.5 * edge.traffic) / maxTraffic) * 10) / 10;
}

function mapSvg(doc: Document, graph: ScenarioMapGraph, layout: MapLayout, opts: ScenarioMapOptions): SVGElement {
  const svg = svgEl(doc, 'svg', {
    role: 'img',
    'aria-label': 'Scenario map',
    viewBox: `0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`,
    width: Math.ceil(layout.width),
    height: Math.ceil(layout.height),
    class: 'cr-map-svg',
  });
  const arrowId = uid('map-arrow');
  const histArrowId = uid('map-arrow-hist');
  const defs = svgEl(doc, 'defs', {});
  for (const [id, cls] of [
    [arrowId, 'cr-map-arrowhead'],
    [histArrowId, 'cr-map-arrowhead cr-map-historical'],
  ] as const) {
    const marker = svgEl(doc, 'marker', {
      id,
      viewBox: '0 0 10 10',
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      markerUnits: 'userSpaceOnUse',
      orient: 'auto-start-reverse',
    });
    marker.appendChild(svgEl(doc, 'path', { d: 'M 0 0 L 10 5 L 0 10 z', class: cls }));
    defs.appendChild(marker);
  }
  svg.appendChild(defs);

  const edgeLayer = svgEl(doc, 'g', { class: 'cr-map-edges' });
  // Quiet arrows first, the historical path and busy arrows on top.
  const order = [...layout.edges].sort((a, b) => rank(graph.edges[a.index]!) - rank(graph.edges[b.index]!));
  for (const placed of order) {
    const e = graph.edges[placed.index]!;
    if (placed.points.length < 2) continue;
    const d = placed.points.map((p, i) => `${i ? 'L' : 'M'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
    const path = svgEl(doc, 'path', {
      d,
      class: `cr-map-edge${e.historical ? ' cr-map-historical' : ''}${graph.maxTraffic && !e.traffic ? ' cr-map-untravelled' : ''}`,
      'stroke-width': edgeWidth(e, graph.maxTraffic),
      'marker-end': `url(#${e.historical ? histArrowId : arrowId})`,
      'data-edge': e.key,
    });
    const tip = svgEl(doc, 'title', {});
    tip.textContent = edgeText(graph, e, !!opts.traffic);
    path.appendChild(tip);
    edgeLayer.appendChild(path);
  }
  svg.appendChild(edgeLayer);

  const nodeLayer = svgEl(doc, 'g', { class: 'cr-map-nodes' });
  for (const p of layout.nodes) {
    const n = p.node;
    const g = svgEl(doc, 'g', {
      class: `cr-map-node cr-map-${n.kind}${n.tone ? ` cr-map-tone-${n.tone}` : ''}${n.historical ? ' cr-map-historical' : ''}${n.id === opts.current ? ' cr-map-current' : ''}`,
      transform: `translate(${p.x.toFixed(1)} ${p.y.toFixed(1)})`,
      'data-node': n.id,
    });
    g.appendChild(
      svgEl(doc, 'rect', {
        width: p.width,
        height: p.height,
        rx: n.kind === 'ending' ? 14 : n.kind === 'meter' ? 2 : 6,
      }),
    );
    const kind = svgEl(doc, 'text', { x: 8, y: LINE_HEIGHT, class: 'cr-map-kind' });
    kind.textContent = kindText(n, n.id === opts.current);
    g.appendChild(kind);
    const text = svgEl(doc, 'text', { x: 8, y: 2 * LINE_HEIGHT + 2, class: 'cr-map-title' });
    p.lines.forEach((line, i) => {
      const t = svgEl(doc, 'tspan', { x: 8, dy: i ? LINE_HEIGHT : 0 });
      t.textContent = line;
      text.appendChild(t);
    });
    g.appendChild(text);
    const tip = svgEl(doc, 'title', {});
    tip.textContent = n.title;
    g.appendChild(tip);
    nodeLayer.appendChild(g);
  }
  svg.appendChild(nodeLayer);
  return svg;
}

function rank(e: MapEdge): number {
  return (e.historical ? 1_000_000 : 0) + e.traffic;
}

function kindText(n: MapNode, current: boolean): string {
  const base =
    n.kind === 'ending'
      ? `Ending · ${n.tone}`
      : n.kind === 'meter'
        ? 'Meter at a bound'
        : n.start
          ? 'Start'
          : 'Decision';
  return current ? `${base} · you are here` : base;
}

function titleOf(graph: ScenarioMapGraph, id: string): string {
  return graph.nodes.find((n) => n.id === id)?.title ?? id;
}

function edgeText(graph: ScenarioMapGraph, e: MapEdge, withTraffic: boolean): string {
  const to = titleOf(graph, e.to);
  const what = e.from.startsWith('meter:') ? `${titleOf(graph, e.from)} ${e.label}` : e.label;
  const parts = [`${what} → ${to}`];
  if (e.note) parts.push(`(${e.note})`);
  if (e.historical) parts.push('— historical choice');
  if (withTraffic) parts.push(`— ${e.traffic} run${e.traffic === 1 ? '' : 's'}`);
  return parts.join(' ');
}

function legend(withTraffic: boolean): HTMLElement {
  return h(
    'p',
    { class: 'cr-map-legend' },
    h('span', { class: 'cr-map-key cr-map-key-historical', 'aria-hidden': 'true' }),
    ' the historical path',
    withTraffic ? ' · thicker arrows: more of the class went that way' : '',
    ' · rounded boxes are endings',
  );
}

/** The map as a list: each decision with its choices and where they lead, then the endings. */
function mapList(graph: ScenarioMapGraph, opts: ScenarioMapOptions): HTMLElement {
  const list = h('ol', { class: 'cr-map-list', 'aria-label': 'Scenario map as a list' });
  for (const n of graph.nodes) {
    if (n.kind === 'ending') continue;
    const out = graph.edges.filter((e) => e.from === n.id);
    const facts = [
      n.start ? 'start' : '',
      n.historical ? 'on the historical path' : '',
      n.id === opts.current ? 'you are here' : '',
    ]
      .filter(Boolean)
      .join(', ');
    const head = n.kind === 'meter' ? `When ${n.title} reaches a bound` : n.title;
    list.appendChild(
      h(
        'li',
        { class: n.historical ? 'cr-map-historical' : '', 'aria-current': n.id === opts.current ? 'step' : undefined },
        h('span', { class: 'cr-map-list-title' }, head),
        facts ? ` (${facts})` : '',
        out.length ? h('ul', {}, ...out.map((e) => h('li', {}, edgeText(graph, e, !!opts.traffic)))) : '',
      ),
    );
  }
  const endings = graph.nodes.filter((n) => n.kind === 'ending');
  if (endings.length)
    list.appendChild(
      h(
        'li',
        {},
        h('span', { class: 'cr-map-list-title' }, 'Endings'),
        h(
          'ul',
          {},
          ...endings.map((e) =>
            h(
              'li',
              { 'aria-current': e.id === opts.current ? 'step' : undefined },
              `${e.title} (${e.tone})${e.historical ? ', on the historical path' : ''}${e.id === opts.current ? ', you are here' : ''}`,
            ),
          ),
        ),
      ),
    );
  return list;
}
