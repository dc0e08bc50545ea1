import type { FieldGrid } from './field-graph';

/** Arrows of a vector field on a grid, in data coordinates, ready to draw. */
export interface Arrows {
  /** [x0, y0, x1, y1] per arrow. */
  segments: Float32Array;
  /** The largest |v| on the grid (shown in the legend). */
  max: number;
}

/**
 * Arrow lengths are |v| scaled so that the 90th percentile of |v| on the grid is 0.9 of
 * the grid spacing, and clipped there: the score grows like distance/σ² near the data and
 * far out, so a linear scale to the largest value would leave most arrows invisible.
 * Only the direction and the relative size within one panel are meant to be read.
 */
export function fieldArrows(grid: FieldGrid, values: Float32Array): Arrows {
  const [x0, y0, x1, y1] = grid.bounds;
  const step = Math.min((x1 - x0) / Math.max(1, grid.nx - 1), (y1 - y0) / Math.max(1, grid.ny - 1));
  const count = grid.nx * grid.ny;
  const mags = Float32Array.from({ length: count }, (_, i) => Math.hypot(values[2 * i], values[2 * i + 1]));
  const sorted = Float32Array.from(mags).filter(Number.isFinite).sort();
  const q = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(0.9 * sorted.length))] : 0;
  const max = sorted.length ? sorted[sorted.length - 1] : 0;
  const cap = 0.9 * step;
  const scale = q > 0 ? cap / q : 0;
  const segments = new Float32Array(4 * count);
  for (let j = 0; j < grid.ny; j++) {
    for (let i = 0; i < grid.nx; i++) {
      const k = j * grid.nx + i;
      const px = grid.nx === 1 ? (x0 + x1) / 2 : x0 + ((x1 - x0) * i) / (grid.nx - 1);
      const py = grid.ny === 1 ? (y0 + y1) / 2 : y0 + ((y1 - y0) * j) / (grid.ny - 1);
      const m = mags[k];
      const f = Number.isFinite(m) && m > 0 ? Math.min(cap, m * scale) / m : 0;
      segments.set(f ? [px, py, px + values[2 * k] * f, py + values[2 * k + 1] * f] : [px, py, px, py], 4 * k);
    }
  }
  return { segments, max };
}
