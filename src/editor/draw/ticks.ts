import { ticks } from 'd3-array';

/**
 * Tick values for an axis over the data's own range [lo, hi]: d3's nice steps (1, 2 or 5
 * times a power of ten), never in the padding around the data (no "−0.27 epochs" or
 * "t = −0.05" from a 5% margin). A constant range gets its one value.
 */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo === hi) return [lo];
  return ticks(lo, hi, count);
}

/**
 * Ticks of a log10 axis over [lo, hi] in decades (the axis holds log10 of the values): the
 * whole decades inside, thinned to about `count`; when the range holds no whole decade,
 * nice ticks of the exponent itself.
 */
export function decadeTicks(lo: number, hi: number, count: number): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  const first = Math.ceil(lo);
  const last = Math.floor(hi);
  if (last < first) return niceTicks(lo, hi, count);
  const every = Math.max(1, Math.ceil((last - first + 1) / count));
  const out: number[] = [];
  for (let d = first; d <= last; d += every) out.push(d);
  return out;
}

/** A decade tick's label: 10^k written as 1e-3, 0.01, 0.1, 1, 10, 100, 1e3. */
export function decadeLabel(k: number): string {
  if (!Number.isInteger(k)) return String(Number(10 ** k).toPrecision(2));
  return k >= -2 && k <= 2 ? String(10 ** k) : `1e${k}`;
}
