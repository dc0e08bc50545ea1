/** Shared plotting pieces: a data→pixel mapping with padding, axes and tick labels. */
/** [xMin, yMin, xMax, yMax], as in the previews' `bounds` (nodes/lib/previews.ts). */
export type Bounds = [number, number, number, number];

export const PLOT = {
  bg: '#11151c',
  grid: '#232a36',
  axis: '#3a4456',
  text: '#8b97ab',
  font: '10px Inter, system-ui, sans-serif',
  palette: ['#63b3ed', '#f6ad55', '#68d391', '#fc8181', '#b794f4', '#f687b3', '#4fd1c5', '#faf089', '#a0aec0', '#ed8936'],
};

export interface Frame {
  x(v: number): number;
  y(v: number): number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The extent [xMin, yMin, xMax, yMax] of the finite interleaved (x, y) pairs (±Infinity when there are none). */
export function extentOf(sets: readonly (Float32Array | undefined)[]): Bounds {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const s of sets) {
    if (!s) continue;
    for (let i = 0; i + 1 < s.length; i += 2) {
      const x = s[i];
      const y = s[i + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return [x0, y0, x1, y1];
}

/** Bounds of interleaved (x, y) pairs, padded by 5% (robust to empty or constant data). */
export function boundsOf(...sets: (Float32Array | undefined)[]): Bounds {
  const [x0, y0, x1, y1] = extentOf(sets);
  return pad(x0, x1, y0, y1);
}

export function pad(x0: number, x1: number, y0: number, y1: number): Bounds {
  if (!Number.isFinite(x0)) [x0, x1, y0, y1] = [-1, 1, -1, 1];
  const px = (x1 - x0 || 1) * 0.05;
  const py = (y1 - y0 || 1) * 0.05;
  return [x0 - px, y0 - py, x1 + px, y1 + py];
}

/** A frame inside (w, h); `equal` keeps one unit the same length on both axes (scatter plots). */
export function makeFrame(b: Bounds, w: number, h: number, margin: { l: number; r: number; t: number; b: number }, equal = false): Frame {
  let [x0, y0, x1, y1] = b;
  const pw = w - margin.l - margin.r;
  const ph = h - margin.t - margin.b;
  if (equal) {
    const scale = Math.max((x1 - x0) / pw, (y1 - y0) / ph);
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    [x0, x1, y0, y1] = [cx - (scale * pw) / 2, cx + (scale * pw) / 2, cy - (scale * ph) / 2, cy + (scale * ph) / 2];
  }
  return {
    x: (v) => margin.l + ((v - x0) / (x1 - x0)) * pw,
    y: (v) => margin.t + (1 - (v - y0) / (y1 - y0)) * ph,
    left: margin.l,
    right: w - margin.r,
    top: margin.t,
    bottom: h - margin.b,
  };
}

export function clear(ctx: CanvasRenderingContext2D, w: number, h: number): void {
  ctx.fillStyle = PLOT.bg;
  ctx.fillRect(0, 0, w, h);
}

export function box(ctx: CanvasRenderingContext2D, f: Frame): void {
  ctx.strokeStyle = PLOT.axis;
  ctx.lineWidth = 1;
  ctx.strokeRect(f.left + 0.5, f.top + 0.5, f.right - f.left - 1, f.bottom - f.top - 1);
}

export function label(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, align: CanvasTextAlign = 'left', color = PLOT.text): void {
  ctx.fillStyle = color;
  ctx.font = PLOT.font;
  ctx.textAlign = align;
  ctx.textBaseline = 'middle';
  ctx.fillText(text, x, y);
}

/** The text, cut to fit `width` px in the plot font with an ellipsis (a title longer than a small plot). */
export function fitText(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  ctx.font = PLOT.font;
  if (ctx.measureText(text).width <= width) return text;
  let n = text.length;
  while (n > 1 && ctx.measureText(`${text.slice(0, n)}…`).width > width) n--;
  return `${text.slice(0, n).trimEnd()}…`;
}

/** A short number for tick labels. */
export function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1);
  return a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(2).replace(/\.?0+$/, '') : String(Number(v.toPrecision(2)));
}
