import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { squaredDistances } from '../lib/pairwise';
import { deriveSeed } from '../lib/random';
import { randomSubset } from '../lib/subsample';
import { pointPair } from '../lib/port-inputs';

/** Points of the pooled sample whose pairwise distances give the median heuristic. */
const MEDIAN_POINTS = 1024;

/** At most `m` rows of x, a seeded uniform subset without replacement (x itself is never returned). */
function subsampleRows(x: tf.Tensor2D, m: number, seed: number): tf.Tensor2D {
  if (x.shape[0] <= m) return tf.clone(x);
  return tf.gather(x, tf.tensor1d(randomSubset(x.shape[0], m, seed), 'int32'));
}

/** h = median of |z_i − z_j| over pairs i < j of a subset of the pooled points z. */
async function medianBandwidth(pooled: tf.Tensor2D, seed: number): Promise<number> {
  const d2 = tf.tidy(() => {
    const z = subsampleRows(pooled, MEDIAN_POINTS, seed);
    return squaredDistances(z, z);
  });
  const n = d2.shape[0];
  const all = await d2.data();
  d2.dispose();
  const pairs = new Float32Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs[k++] = all[i * n + j];
  pairs.sort();
  const mid = pairs.length >> 1;
  return pairs.length % 2 ? Math.sqrt(pairs[mid]) : (Math.sqrt(pairs[mid - 1]) + Math.sqrt(pairs[mid])) / 2;
}

/** Row sums Σ_j k(x_i, y_j) of the Gaussian kernel matrix, k = exp(−|x − y|²/(2h²)). */
function kernelRowSums(x: tf.Tensor2D, y: tf.Tensor2D, h: number): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.exp(tf.mul(squaredDistances(x, y), -1 / (2 * h * h))), 1) as tf.Tensor1D);
}

function sum(v: Float32Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += v[i];
  return s;
}

export default defineNode({
  type: 'metric/mmd',
  version: 1,
  title: 'Maximum mean discrepancy (MMD²)',
  category: 'metric',
  inputs: {
    a: { type: 'tensor', doc: 'first point set [n, d]' },
    b: { type: 'tensor', doc: 'second point set [m, d], same d' },
  },
  outputs: {
    value: { type: 'number', doc: 'MMD² estimate (the unbiased one can be slightly negative)' },
    bandwidth: { type: 'number', doc: 'the kernel width h used' },
  },
  params: z.object({
    bandwidth: z.number().positive().max(1e6).optional().describe('Gaussian kernel width h; empty: the median pairwise distance of the pooled points'),
    unbiased: z.boolean().default(true).describe('unbiased U-statistic (excludes the diagonals k(x_i, x_i)); off: the biased V-statistic'),
    maxPoints: z.number().int().min(2).max(2048).default(2048).describe('each set is subsampled (seeded, without replacement) to at most this many points'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  }),
  mainParams: ['bandwidth', 'unbiased'],
  docs: {
    summary:
      'Squared maximum mean discrepancy between two point sets with a Gaussian kernel: zero exactly when the distributions agree (the kernel is characteristic). A two-sample statistic for comparing samples with data.',
    equation: String.raw`\widehat{\mathrm{MMD}}^2_u = \frac{1}{n(n-1)}\sum_{i\ne i'} k(x_i, x_{i'}) + \frac{1}{m(m-1)}\sum_{j\ne j'} k(y_j, y_{j'}) - \frac{2}{nm}\sum_{i,j} k(x_i, y_j),\qquad k(x, y) = e^{-\lVert x-y\rVert^2/(2h^2)}`,
    reference: 'Gretton, Borgwardt, Rasch, Schölkopf & Smola, "A kernel two-sample test", JMLR 13 (2012), eq. (3) and §8 (median heuristic)',
    notes: [
      'Unbiased (default): the U-statistic above, which leaves out the diagonal terms k(x, x) = 1; its mean is the true MMD², so on two samples of one distribution it scatters around 0 and can be negative. Biased: the V-statistic, with the diagonals and 1/n², 1/m², always ≥ 0 but positive even for equal distributions.',
      'Work is bounded: each set is subsampled to at most maxPoints (≤ 2048) rows, a uniform subset without replacement drawn from the seed. The kernel matrices are then at most 2048 × 2048.',
      'Bandwidth left empty: h is the median of the distances |z_i − z_j|, i < j, over a seeded subset of at most 1024 points of the pooled (subsampled) sets — the median heuristic.',
    ].join('\n\n'),
  },
  run: async (inputs, p, ctx) => {
    const [a, b] = pointPair(inputs.a, inputs.b, p.unbiased ? 2 : 1);
    // MMD is translation invariant; centring on the pooled mean keeps |x|² small for the distance expansion.
    const [x, y, pooled] = tf.tidy(() => {
      const xs = subsampleRows(a, p.maxPoints, deriveSeed(ctx.seed, 1));
      const ys = subsampleRows(b, p.maxPoints, deriveSeed(ctx.seed, 2));
      const both = tf.concat([xs, ys]);
      const centre = tf.mean(both, 0, true);
      return [tf.sub(xs, centre), tf.sub(ys, centre), tf.sub(both, centre)] as tf.Tensor2D[];
    });
    try {
      const h = p.bandwidth ?? (await medianBandwidth(pooled, deriveSeed(ctx.seed, 3)));
      if (!(h > 0)) throw new NodeRunError('the median heuristic found all sampled points identical (distance 0): set a bandwidth');
      await ctx.checkpoint();
      const rows = tf.tidy(() => tf.concat([kernelRowSums(x, x, h), kernelRowSums(y, y, h), kernelRowSums(x, y, h)]));
      const v = (await rows.data()) as Float32Array;
      rows.dispose();
      const n = x.shape[0];
      const m = y.shape[0];
      // Row sums are read back and added in float64: a float32 sum of 4M kernel values loses digits.
      const sxx = sum(v, 0, n);
      const syy = sum(v, n, n + m);
      const sxy = sum(v, n + m, 2 * n + m);
      const value = p.unbiased ? (sxx - n) / (n * (n - 1)) + (syy - m) / (m * (m - 1)) - (2 * sxy) / (n * m) : sxx / (n * n) + syy / (m * m) - (2 * sxy) / (n * m);
      return { value, bandwidth: h };
    } finally {
      tf.dispose([x, y, pooled]);
    }
  },
});
