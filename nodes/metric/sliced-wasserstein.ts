import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import type { RunContext } from '../../src/engine/context';
import { FLOOR_SPLITS, floorScale, halfSize, mean, overHalves } from '../lib/metric-floor';
import { randomDirections, sortedProjections, w2SquaredSorted } from '../lib/sorted-projections';
import { pointPair } from '../lib/port-inputs';

/** Projected values held at once (per set): bounds memory for large n and many directions. */
const CHUNK_ELEMENTS = 1 << 22;
/** Directions the floor uses (the first of the value's): its error is the samples', not the directions'. */
const FLOOR_DIRECTIONS = 64;
/** Points per half for the floor: beyond it the 1/n rescaling carries the floor to the sizes compared. */
const FLOOR_HALF = 4096;

/** SW₂² = the mean over the directions (rows of `directions`) of W₂² between the projected sets; progress runs from `from` to `to`. */
async function slicedW2Squared(a: tf.Tensor2D, b: tf.Tensor2D, directions: tf.Tensor2D, ctx: RunContext, from: number, to: number): Promise<number> {
  const [count, dim] = directions.shape;
  const [na, nb] = [a.shape[0], b.shape[0]];
  const chunk = Math.max(1, Math.min(count, Math.floor(CHUNK_ELEMENTS / Math.max(na, nb))));
  let total = 0;
  for (let start = 0; start < count; start += chunk) {
    const size = Math.min(chunk, count - start);
    const theta = tf.slice(directions, [start, 0], [size, dim]);
    const [pa, pb] = await Promise.all([sortedProjections(a, theta), sortedProjections(b, theta)]).finally(() => theta.dispose());
    for (let k = 0; k < size; k++) total += w2SquaredSorted(pa.subarray(k * na, (k + 1) * na), pb.subarray(k * nb, (k + 1) * nb));
    ctx.progress(from + ((to - from) * (start + size)) / count);
    await ctx.checkpoint();
  }
  return total / count;
}

export default defineNode({
  type: 'metric/sliced-wasserstein',
  version: 1,
  title: 'Sliced Wasserstein distance',
  category: 'metric',
  inputs: {
    a: { type: 'tensor', doc: 'first point set [n_a, d]' },
    b: { type: 'tensor', doc: 'second point set [n_b, d], same d' },
  },
  outputs: {
    value: { type: 'number', doc: 'SW_2 between the two empirical distributions' },
    floor: { type: 'number', doc: 'the data-to-data floor: SW_2 of two samples of b’s distribution at the sizes of a and b (from halves of b); 0 when b has fewer than 4 points (no halves to compare)' },
  },
  params: z.object({
    projections: z.number().int().min(1).max(4096).default(128).describe('number of random directions θ'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  }),
  mainParams: ['projections'],
  docs: {
    summary:
      'Sliced 2-Wasserstein distance between two point sets: the root mean, over random unit directions, of the squared 1-D Wasserstein distance between the projected samples. Compares a sampler’s output with data in any dimension.',
    equation: String.raw`\mathrm{SW}_2(a, b) = \Big(\frac{1}{K}\sum_{k=1}^{K} W_2^2\big(\theta_k^\top a,\ \theta_k^\top b\big)\Big)^{1/2},\quad \theta_k \sim \mathcal{U}(S^{d-1}),\qquad W_2^2(u, v) = \int_0^1 \big(F_u^{-1}(q) - F_v^{-1}(q)\big)^2\,dq`,
    reference: 'Bonneel, Rabin, Peyré & Pfister, "Sliced and Radon Wasserstein barycenters of measures" (2015)',
    notes: [
      'Each 1-D W₂² is computed from sorted projections. With n_a = n_b = n it is the matching of order statistics, (1/n) Σ_j (u₍ⱼ₎ − v₍ⱼ₎)².',
      'When the sizes differ, the empirical quantile function of a sample of size n puts its j-th order statistic at level (j + ½)/n and interpolates linearly; the integral is evaluated at the smaller sample’s levels (i + ½)/m, against the larger sample’s interpolated quantiles.',
      'The directions are drawn from the seed, so the value is reproducible; its Monte-Carlo error shrinks as 1/√K. For N(μ₁, σ₁²I) against N(μ₂, σ₂²I) in d dimensions, SW₂² = |μ₁ − μ₂|²/d + (σ₁ − σ₂)².',
      'Floor: two finite samples of one distribution are never at SW 0. The floor output is what two samples of b’s distribution give at the sizes compared: b is shuffled and cut into two disjoint parts of k = min(⌊n_b/2⌋, 4096) points four times, and the mean SW₂² between halves (over the first 64 directions: the floor’s error is the samples’, not the directions’) is rescaled by (1/n_a + 1/n_b)/(2/k) (sampling noise in W₂² goes as 1/n_a + 1/n_b). A value near the floor means the samples are as close to b as fresh data would be; 2× the floor or more is a visible difference.',
    ].join('\n\n'),
  },
  run: async (inputs, p, ctx) => {
    const [a, b] = pointPair(inputs.a, inputs.b);
    const [na, nb] = [a.shape[0], b.shape[0]];
    const directions = randomDirections(p.projections, a.shape[1], ctx.seed);
    try {
      const value = Math.sqrt(await slicedW2Squared(a, b, directions, ctx, 0, 0.5));
      if (nb < 4) return { value, floor: 0 }; // no halves to compare (documented on the port)
      // The value's first directions between halves of b (progress 0.5 … 1 over the splits).
      const few = tf.slice(directions, [0, 0], [Math.min(FLOOR_DIRECTIONS, p.projections), -1]);
      let split = 0;
      const k = halfSize(nb, FLOOR_HALF);
      const squares = await overHalves(b, ctx.seed, k, (h1, h2) => slicedW2Squared(h1, h2, few, ctx, 0.5 + split / (2 * FLOOR_SPLITS), 0.5 + ++split / (2 * FLOOR_SPLITS))).finally(() => few.dispose());
      return { value, floor: Math.sqrt(mean(squares) * floorScale(k, na, nb)) };
    } finally {
      directions.dispose();
    }
  },
});
