import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { randomDirections, sortedProjections, w2SquaredSorted } from '../lib/sorted-projections';
import { pointPair } from '../lib/port-inputs';

/** Projected values held at once (per set): bounds memory for large n and many directions. */
const CHUNK_ELEMENTS = 1 << 22;

export default defineNode({
  type: 'metric/sliced-wasserstein',
  version: 1,
  title: 'Sliced Wasserstein distance',
  category: 'metric',
  inputs: {
    a: { type: 'tensor', doc: 'first point set [n_a, d]' },
    b: { type: 'tensor', doc: 'second point set [n_b, d], same d' },
  },
  outputs: { value: { type: 'number', doc: 'SW_2 between the two empirical distributions' } },
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
    ].join('\n\n'),
  },
  run: async (inputs, p, ctx) => {
    const [a, b] = pointPair(inputs.a, inputs.b);
    const dim = a.shape[1];
    const chunk = Math.max(1, Math.min(p.projections, Math.floor(CHUNK_ELEMENTS / Math.max(a.shape[0], b.shape[0]))));
    const directions = randomDirections(p.projections, dim, ctx.seed);
    let total = 0;
    try {
      for (let start = 0; start < p.projections; start += chunk) {
        const count = Math.min(chunk, p.projections - start);
        const theta = tf.slice(directions, [start, 0], [count, dim]);
        const [pa, pb] = await Promise.all([sortedProjections(a, theta), sortedProjections(b, theta)]).finally(() => theta.dispose());
        const na = a.shape[0];
        const nb = b.shape[0];
        for (let k = 0; k < count; k++) total += w2SquaredSorted(pa.subarray(k * na, (k + 1) * na), pb.subarray(k * nb, (k + 1) * nb));
        ctx.progress((start + count) / p.projections);
        await ctx.checkpoint();
      }
    } finally {
      directions.dispose();
    }
    return { value: Math.sqrt(total / p.projections) };
  },
});
