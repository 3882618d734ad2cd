/** The debrief chart of every meter over the run as an SVG (text via textContent). */
import { type MeterSeries, SERIES_COLORS } from '../view-models.ts';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** An SVG line chart (role img, named "Meters over the run"), values normalised to each meter's range. */
export function meterChartSvg(series: MeterSeries[]): SVGSVGElement {
  const W = 340;
  const H = 180;
  const pad = { l: 38, r: 8, t: 8, b: 22 };
  const root = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': 'Meters over the run',
    class: 'chart',
  });
  const steps = Math.max(1, (series[0]?.values.length ?? 1) - 1);
  const x = (i: number) => pad.l + (i / steps) * (W - pad.l - pad.r);
  const y = (v: number, s: MeterSeries) => pad.t + (1 - (v - s.min) / Math.max(1, s.max - s.min)) * (H - pad.t - pad.b);
  for (const f of [0, 0.5, 1]) {
    const gy = pad.t + (1 - f) * (H - pad.t - pad.b);
    root.append(svg('line', { x1: pad.l, x2: W - pad.r, y1: gy, y2: gy, stroke: '#3a4a5c', 'stroke-width': 1 }));
    const t = svg('text', { x: pad.l - 4, y: gy + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#c5d0db' });
    t.textContent = `${Math.round(f * 100)}%`;
    root.append(t);
  }
  for (let i = 0; i <= steps; i++) {
    const t = svg('text', { x: x(i), y: H - 6, 'text-anchor': 'middle', 'font-size': 10, fill: '#c5d0db' });
    t.textContent = i === 0 ? 'start' : String(i);
    root.append(t);
  }
  series.forEach((s, k) => {
    const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v, s).toFixed(1)}`).join(' ');
    root.append(
      svg('polyline', {
        points: pts,
        fill: 'none',
        stroke: SERIES_COLORS[k % SERIES_COLORS.length]!,
        'stroke-width': 2,
        'stroke-dasharray': s.hidden ? '4 3' : 'none',
      }),
    );
  });
  return root;
}
