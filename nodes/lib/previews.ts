import * as tf from '@tensorflow/tfjs';
import type { HistogramPreview, ImagesPreview, LinesPreview, ScatterPreview } from '../../src/engine/preview';
import { strideIndices } from './subsample';

/**
 * Shared builders of preview payloads (src/engine/preview.ts). Payloads are small and made of
 * typed arrays copied off the backend: a preview never holds a tensor or a view of an input.
 */

/** Most points a payload carries per set, and most images. */
export const MAX_PREVIEW_POINTS = 4000;
export const MAX_PREVIEW_IMAGES = 256; // 256 digits of 28×28: 200 kB of grey levels

/** Plot bounds [xMin, yMin, xMax, yMax]. */
export type Bounds = [number, number, number, number];

/** At most `max` entries of x along `axis`, evenly spaced with the first and last kept (x itself when it fits). */
export function strideAlong<T extends tf.Tensor>(x: T, axis: number, max: number): T {
  const n = x.shape[axis];
  if (n <= max) return x;
  return tf.gather(x, tf.tensor1d(strideIndices(n, max), 'int32'), axis) as T;
}

/**
 * The first two coordinates (last axis) of x, read to the CPU as interleaved x, y pairs.
 * One-dimensional points get y = 0.
 */
export async function readXY(x: tf.Tensor): Promise<Float32Array> {
  const xy = tf.tidy(() => {
    const d = x.shape[x.rank - 1];
    const lead = x.shape.slice(0, -1);
    const first = tf.slice(x, Array(x.rank).fill(0), [...lead, Math.min(d, 2)]);
    return d >= 2 ? first : tf.pad(first, [...lead.map((): [number, number] => [0, 0]), [0, 1]]);
  });
  const values = (await xy.data()) as Float32Array;
  xy.dispose();
  return values;
}

/** Up to `maxPoints` rows of [n, d] points (evenly spaced, deterministic), as interleaved x, y. */
export async function pointsXY(x: tf.Tensor2D, maxPoints: number): Promise<Float32Array> {
  const rows = tf.tidy(() => strideAlong(x, 0, maxPoints));
  try {
    return await readXY(rows);
  } finally {
    if (rows !== x) rows.dispose();
  }
}

/** The smallest and largest finite values, or undefined when there are none. */
export function finiteRange(values: ArrayLike<number>, start = 0, step = 1): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = start; i < values.length; i += step) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** Widen a degenerate range (one value) to ±0.5 around it, and an absent one to [−1, 1]. */
function span(range: [number, number] | undefined): [number, number] {
  if (!range) return [-1, 1];
  return range[0] < range[1] ? range : [range[0] - 0.5, range[1] + 0.5];
}

/** Bounds of the finite points of interleaved x, y arrays, exact (the editor adds its own margin). */
export function boundsXY(...sets: Float32Array[]): Bounds {
  const x = sets.map((s) => finiteRange(s, 0, 2)).filter((r) => r !== undefined);
  const y = sets.map((s) => finiteRange(s, 1, 2)).filter((r) => r !== undefined);
  const join = (rs: [number, number][]) => (rs.length ? ([Math.min(...rs.map((r) => r[0])), Math.max(...rs.map((r) => r[1]))] as [number, number]) : undefined);
  const [x0, x1] = span(join(x));
  const [y0, y1] = span(join(y));
  return [x0, y0, x1, y1];
}

/** A scatter of up to maxPoints rows of x (and of reference, drawn behind), first two coordinates. */
export async function scatterPreview(x: tf.Tensor2D, opts: { maxPoints: number; reference?: tf.Tensor2D; title?: string }): Promise<ScatterPreview> {
  const points = await pointsXY(x, opts.maxPoints);
  const reference = opts.reference ? await pointsXY(opts.reference, opts.maxPoints) : undefined;
  const preview: ScatterPreview = { kind: 'scatter', points, bounds: reference ? boundsXY(points, reference) : boundsXY(points) };
  if (reference) preview.reference = reference;
  if (opts.title) preview.title = opts.title;
  return preview;
}

/**
 * A density histogram of the finite values over [min, max] in equal bins: density_b =
 * count_b/(N·width), so the bars integrate to 1. The last bin includes max.
 */
export function histogramPreview(values: ArrayLike<number>, bins: number, title?: string): HistogramPreview {
  const [lo, hi] = span(finiteRange(values));
  const width = (hi - lo) / bins;
  const edges = new Float32Array(bins + 1);
  for (let b = 0; b <= bins; b++) edges[b] = lo + b * width;
  const density = new Float32Array(bins);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    density[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
    total++;
  }
  if (total > 0) for (let b = 0; b < bins; b++) density[b] /= total * width;
  const preview: HistogramPreview = { kind: 'histogram', edges, density };
  if (title) preview.title = title;
  return preview;
}

/** One curve of a LinesPreview, thinned to at most maxPoints evenly spaced points (first and last kept). */
export function lineOf(name: string, x: ArrayLike<number>, y: ArrayLike<number>, maxPoints = MAX_PREVIEW_POINTS): LinesPreview['series'][number] {
  const idx = strideIndices(x.length, maxPoints);
  return { name, x: Float32Array.from(idx, (i) => x[i]), y: Float32Array.from(idx, (i) => y[i]) };
}

/**
 * The first maxImages of [n, h, w] images with values in [−1, 1] as grey levels
 * round((v + 1)·127.5), clamped to 0…255 (NaN becomes 0).
 */
export async function imagesPreview(images: tf.Tensor3D, maxImages: number, title?: string): Promise<ImagesPreview> {
  const [n, height, width] = images.shape;
  const count = Math.min(n, maxImages);
  const first = tf.slice(images, [0, 0, 0], [count, height, width]);
  const values = await first.data();
  first.dispose();
  // Uint8ClampedArray rounds half to even and clamps; NaN maps to 0.
  const pixels = new Uint8Array(Uint8ClampedArray.from(values, (v) => (v + 1) * 127.5).buffer);
  const preview: ImagesPreview = { kind: 'images', pixels, n: count, height, width };
  if (title) preview.title = title;
  return preview;
}
