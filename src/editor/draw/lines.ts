import type { HistogramPreview, LinesPreview } from '../../engine/preview';
import { box, clear, fmt, label, makeFrame, pad, PLOT, type Frame } from './frame';
import { decadeLabel, decadeTicks, niceTicks } from './ticks';

const MARGIN = { l: 38, r: 8, t: 8, b: 18 };
/** Least room between two x tick labels, and between two y tick labels' centres (px; the font is 10 px). */
const LABEL_GAP = 6;
const LABEL_HEIGHT = 12;

/** Curves against a shared x axis (a loss against step, a(t) and s(t) against t); log y when asked. */
export function drawLines(ctx: CanvasRenderingContext2D, p: LinesPreview, w: number, h: number, large: boolean): void {
  clear(ctx, w, h);
  const ty = (v: number) => (p.logY ? Math.log10(Math.max(v, 1e-30)) : v);
  // A log x axis plots log10(x) (x ≤ 0 is dropped): with log y, error ∝ NFE^(−p) is a line of slope −p.
  const tx = (v: number) => (p.logX ? (v > 0 ? Math.log10(v) : NaN) : v);
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const s of p.series) {
    for (let i = 0; i < s.x.length; i++) {
      const y = ty(s.y[i]);
      const x = tx(s.x[i]);
      if (!Number.isFinite(y) || !Number.isFinite(x)) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  const b = pad(x0, x1, y0, y1);
  const f = makeFrame(b, w, h, MARGIN);
  box(ctx, f);
  ctx.lineWidth = large ? 1.6 : 1.2;
  p.series.forEach((s, k) => {
    ctx.strokeStyle = PLOT.palette[k % PLOT.palette.length];
    ctx.beginPath();
    let started = false;
    for (let i = 0; i < s.x.length; i++) {
      const y = ty(s.y[i]);
      const x = tx(s.x[i]);
      if (!Number.isFinite(y) || !Number.isFinite(x)) continue;
      if (started) ctx.lineTo(f.x(x), f.y(y));
      else ctx.moveTo(f.x(x), f.y(y));
      started = true;
    }
    ctx.stroke();
    if (large || p.series.length > 1) label(ctx, s.name, f.right - 4, f.top + 8 + 12 * k, 'right', PLOT.palette[k % PLOT.palette.length]);
  });
  // Ticks over the data's own range, not the padded frame.
  const count = large ? 6 : 3;
  const yTicks = p.logY ? decadeTicks(y0, y1, count) : niceTicks(y0, y1, count);
  axes(ctx, f, w, h, p.logX ? decadeTicks(x0, x1, count) : niceTicks(x0, x1, count), yTicks, p.logY ? decadeLabel : fmt, p.xLabel, p.logX ? decadeLabel : fmt);
}

/**
 * Grid lines and labels at the ticks: y labels left of the frame, x labels below it (one
 * that would run past an edge is dropped), and the x axis's name at the bottom right.
 */
function axes(ctx: CanvasRenderingContext2D, f: Frame, w: number, h: number, xTicks: number[], yTicks: number[], yLabel: (v: number) => string, xName?: string, xLabel: (v: number) => string = fmt): void {
  ctx.strokeStyle = PLOT.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const v of yTicks) {
    const y = Math.round(f.y(v)) + 0.5;
    ctx.moveTo(f.left + 1, y);
    ctx.lineTo(f.right - 1, y);
  }
  ctx.stroke();
  // A label that would touch the one drawn before it is left out (its grid line stays): a narrow plot keeps every other tick.
  let lastY = Infinity;
  for (const v of yTicks) {
    const y = f.y(v);
    if (Math.abs(lastY - y) < LABEL_HEIGHT) continue;
    label(ctx, yLabel(v), f.left - 3, y, 'right');
    lastY = y;
  }
  const name = xName ? `${xName} →` : '';
  ctx.font = PLOT.font;
  const nameWidth = name ? ctx.measureText(name).width + 8 : 0;
  let lastRight = -Infinity;
  for (const v of xTicks) {
    const text = xLabel(v);
    const x = f.x(v);
    const half = ctx.measureText(text).width / 2;
    if (x - half < 0 || x + half > (name ? f.right - nameWidth : w) || x - half < lastRight + LABEL_GAP) continue;
    label(ctx, text, x, h - 8, 'center');
    lastRight = x + half;
  }
  if (name) label(ctx, name, f.right, h - 8, 'right');
}

export function drawHistogram(ctx: CanvasRenderingContext2D, p: HistogramPreview, w: number, h: number): void {
  clear(ctx, w, h);
  const n = p.density.length;
  const top = Math.max(...p.density, 1e-12);
  const f = makeFrame(pad(p.edges[0], p.edges[n], 0, top), w, h, MARGIN);
  box(ctx, f);
  ctx.fillStyle = PLOT.palette[0];
  ctx.globalAlpha = 0.8;
  for (let i = 0; i < n; i++) {
    const x = f.x(p.edges[i]);
    const y = f.y(p.density[i]);
    ctx.fillRect(x, y, Math.max(1, f.x(p.edges[i + 1]) - x - 0.5), f.y(0) - y);
  }
  ctx.globalAlpha = 1;
  axes(ctx, f, w, h, niceTicks(p.edges[0], p.edges[n], 4), niceTicks(0, top, 3), fmt);
}
