import uPlot from 'uplot';
import { fmt, PLOT } from '../draw/frame';
import { insideTicks, nearestPoint, padded, type HistogramTable, type LinesTable, type Range, type ScatterTable } from './plot-data';

/**
 * uPlot options for the large plot view: axes with nice ticks (uPlot's 1-2-5 steps, or whole
 * decades on log axes) kept inside the data's extent, axis labels, a legend, and hover values
 * (the live legend for curves and bins; the nearest point for scatters). Scatters draw their
 * points as squares straight onto the canvas (10k points in a few ms), with uPlot's axes around.
 */

export interface Chart {
  options: uPlot.Options;
  data: uPlot.AlignedData;
}

/** The tick labels each axis last drew, by axis key ('x', 'y'): read by tests, shown nowhere. */
export type TickLog = Record<string, string[]>;

function axis(scale: string, label: string, extent: Range, ticks: TickLog, log: boolean): uPlot.Axis {
  return {
    scale,
    label,
    stroke: PLOT.text,
    grid: { stroke: PLOT.grid, width: 1 },
    ticks: { stroke: PLOT.axis, width: 1 },
    font: '11px Inter, system-ui, sans-serif',
    labelFont: '12px Inter, system-ui, sans-serif',
    // A log axis keeps its decades (10^k) and drops uPlot's 2…9 multiples between them.
    filter: (_u, splits) => insideTicks(splits, extent).map((v) => (v !== null && log && !Number.isInteger(Math.log10(v) + 1e-12) ? null : v)),
    values: (_u, splits) => {
      const labels = splits.map((v) => (v === null || v === undefined ? '' : fmt(v)));
      ticks[scale] = labels.filter(Boolean);
      return labels;
    },
  };
}

const base = (width: number, height: number) => ({
  width,
  height,
  legend: { show: true, live: true },
  cursor: { drag: { x: false, y: false } },
}) satisfies Partial<uPlot.Options>;

export function linesChart(t: LinesTable, xLabel: string, yLabel: string, width: number, height: number, ticks: TickLog): Chart {
  const options: uPlot.Options = {
    ...base(width, height),
    scales: {
      x: { time: false, distr: t.logX ? 3 : 1, range: () => padded(t.xRange, t.logX) },
      y: { distr: t.logY ? 3 : 1, range: () => padded(t.yRange, t.logY) },
    },
    axes: [axis('x', xLabel, t.xRange, ticks, t.logX), axis('y', yLabel + (t.logY ? ' (log)' : ''), t.yRange, ticks, t.logY)],
    series: [
      { label: xLabel, value: (_u, v) => (v === null || v === undefined ? '–' : fmt(v)) },
      ...t.names.map((name, k) => ({
        label: name,
        stroke: PLOT.palette[k % PLOT.palette.length],
        width: 1.6,
        spanGaps: true,
        points: { show: t.x.length <= 60, size: 4 },
        value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? '–' : fmt(v)),
      })),
    ],
  };
  return { options, data: [t.x, ...t.ys] as uPlot.AlignedData };
}

export function histogramChart(t: HistogramTable, xLabel: string, width: number, height: number, ticks: TickLog): Chart {
  const options: uPlot.Options = {
    ...base(width, height),
    scales: { x: { time: false, range: () => padded(t.xRange) }, y: { range: () => [0, padded(t.yRange)[1]] } },
    axes: [axis('x', xLabel, t.xRange, ticks, false), axis('y', 'density', t.yRange, ticks, false)],
    series: [
      // Hovering a bar names its bin, not only its centre.
      { label: 'bin', value: (_u, _v, _s, i) => (i === null || i === undefined ? '–' : `${fmt(t.edges[i])} … ${fmt(t.edges[i + 1])}`) },
      { label: 'density', stroke: PLOT.palette[0], fill: `${PLOT.palette[0]}bb`, paths: uPlot.paths.bars!({ size: [1, Infinity], gap: 1 }), points: { show: false }, value: (_u, v) => (v === null || v === undefined ? '–' : fmt(v)) },
    ],
  };
  return { options, data: [t.centres, t.density] };
}

/** Equal units on both axes: the bounds widened along one axis to the plot's aspect. */
function equalRanges(b: [number, number, number, number], width: number, height: number): [Range, Range] {
  const [x0, y0, x1, y1] = b;
  const [w, h] = [Math.max(1, width - 70), Math.max(1, height - 60)];
  const scale = Math.max((x1 - x0 || 1) / w, (y1 - y0 || 1) / h) * 1.04;
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  return [
    [cx - (scale * w) / 2, cx + (scale * w) / 2],
    [cy - (scale * h) / 2, cy + (scale * h) / 2],
  ];
}

/** Colours of a scatter's sets: a reference in grey behind, the samples in the first colour. */
const setColour = (name: string, k: number) => (name === 'reference' ? '#8a94a6' : PLOT.palette[k % PLOT.palette.length]);

/**
 * A scatter on equal axes. `onHover` gets the nearest point (within 12 px) of the top set, or
 * null: uPlot's legend cannot show a point of an unsorted set, so the view prints it itself.
 */
export function scatterChart(t: ScatterTable, width: number, height: number, ticks: TickLog, onHover: (hit: { set: string; x: number; y: number } | null) => void): Chart {
  const [xr, yr] = equalRanges(t.bounds, width, height);
  const extentX: Range = [t.bounds[0], t.bounds[2]];
  const extentY: Range = [t.bounds[1], t.bounds[3]];
  const size = t.sets.reduce((n, s) => n + s.x.length, 0) > 4000 ? 2 : 3;
  const draw = (u: uPlot) => {
    const ctx = u.ctx;
    const { left, top, width: w, height: h } = u.bbox;
    const px = size * uPlot.pxRatio;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, w, h);
    ctx.clip();
    t.sets.forEach((s, k) => {
      ctx.fillStyle = setColour(s.name, k);
      ctx.globalAlpha = s.name === 'reference' ? 0.45 : 0.8;
      for (let i = 0; i < s.x.length; i++) ctx.fillRect(u.valToPos(s.x[i], 'x', true) - px / 2, u.valToPos(s.y[i], 'y', true) - px / 2, px, px);
    });
    ctx.restore();
  };
  const hover = (u: uPlot) => {
    const top = t.sets[t.sets.length - 1];
    const { left, top: y } = u.cursor;
    if (!top || left === undefined || y === undefined || left < 0) return onHover(null);
    const i = nearestPoint(top, (v) => u.valToPos(v, 'x'), (v) => u.valToPos(v, 'y'), left, y, 12);
    onHover(i === null ? null : { set: top.name, x: top.x[i], y: top.y[i] });
  };
  const options: uPlot.Options = {
    ...base(width, height),
    legend: { show: true, live: false },
    scales: { x: { time: false, range: () => xr }, y: { range: () => yr } },
    axes: [axis('x', 'x₁', extentX, ticks, false), axis('y', 'x₂', extentY, ticks, false)],
    // Series carry only the legend's names and colours: the points are drawn by the hook above.
    series: [{ label: 'x₁' }, ...t.sets.map((s, k) => ({ label: `${s.name} (${s.x.length})`, stroke: setColour(s.name, k), fill: setColour(s.name, k), width: 0, points: { show: false } }))],
    hooks: { draw: [draw], setCursor: [hover] },
  };
  // Two x values and no y values: the scales come from the ranges above, the series draw nothing.
  return { options, data: [[xr[0], xr[1]], ...t.sets.map(() => [null, null])] as unknown as uPlot.AlignedData };
}
