import type { HistogramPreview, LinesPreview, ScatterPreview, TrajectoryPreview } from '../../engine/preview';
import { extentOf, fmt, type Bounds } from '../draw/frame';

/**
 * Plot previews as the tables a large uPlot chart draws (pure data, no DOM): curves on one
 * sorted x column, histogram bins at their centres, point sets as (x, y) columns. Every range
 * is the data's own extent; the chart pads it, and its ticks are kept inside the extent
 * (`insideTicks`), so no axis shows "−0.27 epochs" or "t = −0.05".
 */

export type Range = [number, number];

export interface LinesTable {
  /** The union of the series' x values, ascending (log10 is the chart's, not the data's). */
  x: number[];
  /** Per series, y at each x of the union (null where that series has no point). */
  ys: (number | null)[][];
  names: string[];
  xRange: Range;
  yRange: Range;
  logX: boolean;
  logY: boolean;
}

/** A value a log axis can show: positive and finite. */
const usable = (v: number, log: boolean) => Number.isFinite(v) && (!log || v > 0);

function extent(values: Iterable<number>): Range {
  let [lo, hi] = [Infinity, -Infinity];
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Curves with their own x columns joined on the union of x (a loss per step, SW per NFE). */
export function linesTable(p: LinesPreview): LinesTable {
  const logX = !!p.logX;
  const logY = !!p.logY;
  const rows = new Map<number, (number | null)[]>();
  p.series.forEach((s, k) => {
    for (let i = 0; i < Math.min(s.x.length, s.y.length); i++) {
      const [x, y] = [s.x[i], s.y[i]];
      if (!usable(x, logX) || !usable(y, logY)) continue;
      let row = rows.get(x);
      if (!row) rows.set(x, (row = Array<number | null>(p.series.length).fill(null)));
      row[k] = y;
    }
  });
  const x = [...rows.keys()].sort((a, b) => a - b);
  const ys = p.series.map((_, k) => x.map((v) => rows.get(v)![k]));
  const yValues = ys.flat().filter((v): v is number => v !== null);
  return { x, ys, names: p.series.map((s) => s.name), xRange: extent(x), yRange: extent(yValues), logX, logY };
}

export interface HistogramTable {
  /** Bin centres, and each bin's edges for the hover text. */
  centres: number[];
  edges: number[];
  density: number[];
  xRange: Range;
  yRange: Range;
}

export function histogramTable(p: HistogramPreview): HistogramTable {
  const n = p.density.length;
  const edges = Array.from(p.edges.subarray(0, n + 1));
  const centres = Array.from({ length: n }, (_, i) => (edges[i] + edges[i + 1]) / 2);
  const density = Array.from(p.density);
  return { centres, edges, density, xRange: [edges[0], edges[n]], yRange: [0, Math.max(0, ...density)] };
}

export interface PointSet {
  name: string;
  x: Float64Array;
  y: Float64Array;
}

export interface ScatterTable {
  sets: PointSet[];
  bounds: Bounds;
}

/** Interleaved (x, y) pairs as two columns, non-finite pairs dropped. */
export function columns(name: string, pairs: Float32Array, from = 0, count = pairs.length / 2): PointSet {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = from; i < from + count; i++) {
    const [x, y] = [pairs[2 * i], pairs[2 * i + 1]];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    xs.push(x);
    ys.push(y);
  }
  return { name, x: Float64Array.from(xs), y: Float64Array.from(ys) };
}

/** A scatter's sets, the reference first (drawn behind), in the preview's own bounds when it has them. */
export function scatterTable(p: ScatterPreview): ScatterTable {
  const sets = [...(p.reference ? [columns('reference', p.reference)] : []), columns('samples', p.points)];
  return { sets, bounds: p.bounds ?? extentOf([p.points, p.reference]) };
}

/** One frame of a trajectory, on the bounds shared by all frames (the preview's, else the last frame's). */
export function trajectoryFrame(p: TrajectoryPreview, frame: number): ScatterTable {
  const j = Math.max(0, Math.min(p.k - 1, Math.round(frame)));
  const bounds = p.bounds ?? extentOf([p.frames.subarray(2 * p.n * (p.k - 1))]);
  return { sets: [columns(`${p.timeLabel} = ${fmt(p.times[j])}`, p.frames, j * p.n, p.n)], bounds };
}

/** Ticks a chart proposes, with those outside the data's extent blanked (uPlot's axis filter). */
export function insideTicks(splits: readonly number[], [lo, hi]: Range): (number | null)[] {
  const slack = (hi - lo) * 1e-9;
  return splits.map((v) => (v >= lo - slack && v <= hi + slack ? v : null));
}

/** The data's extent padded by 5% on each side (a log axis by 5% of its decades), for the chart's scale. */
export function padded([lo, hi]: Range, log = false): Range {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return log ? [0.1, 10] : [-1, 1];
  if (log) {
    const [a, b] = [Math.log10(lo), Math.log10(hi)];
    const pad = (b - a || 1) * 0.05;
    return [10 ** (a - pad), 10 ** (b + pad)];
  }
  const pad = (hi - lo || Math.abs(lo) || 1) * 0.05;
  return [lo - pad, hi + pad];
}

/** The index of the point nearest to (px, py) in pixels, given each point's pixel position (for hover on a scatter). */
export function nearestPoint(set: PointSet, toX: (v: number) => number, toY: (v: number) => number, px: number, py: number, within = Infinity): number | null {
  let best = -1;
  let bestD = within * within;
  for (let i = 0; i < set.x.length; i++) {
    const dx = toX(set.x[i]) - px;
    const dy = toY(set.y[i]) - py;
    const d = dx * dx + dy * dy;
    if (d < bestD) [best, bestD] = [i, d];
  }
  return best < 0 ? null : best;
}
