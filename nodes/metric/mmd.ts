import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { squaredDistances } from '../lib/pairwise';
import { floorScale, halfSize, mean, overHalves } from '../lib/metric-floor';
import { deriveSeed } from '../lib/random';
import { randomSubset } from '../lib/subsample';
import { pointPair } from '../lib/port-inputs';

/** Points of the pooled sample whose pairwise distances give the median heuristic. */
const MEDIAN_POINTS = 1024;
/** Points per half for the floor: four splits then cost a quarter of the value's kernel sums at 2048 points. */
const FLOOR_HALF = 512;

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

/** MMD² of x [n, d] and y [m, d] at width h: the U-statistic (unbiased) or the V-statistic. */
async function mmdSquared(x: tf.Tensor2D, y: tf.Tensor2D, h: number, unbiased: boolean): Promise<number> {
  const rows = tf.tidy(() => tf.concat([kernelRowSums(x, x, h), kernelRowSums(y, y, h), kernelRowSums(x, y, h)]));
  const v = (await rows.data()) as Float32Array;
  rows.dispose();
  const n = x.shape[0];
  const m = y.shape[0];
  // Row sums are read back and added in float64: a float32 sum of 4M kernel values loses digits.
  const sxx = sum(v, 0, n);
  const syy = sum(v, n, n + m);
  const sxy = sum(v, n + m, 2 * n + m);
  return unbiased ? (sxx - n) / (n * (n - 1)) + (syy - m) / (m * (m - 1)) - (2 * sxy) / (n * m) : sxx / (n * n) + syy / (m * m) - (2 * sxy) / (n * m);
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
    floor: {
      type: 'number',
      doc: 'the data-to-data floor at the sizes compared (from halves of b, same h): unbiased, the typical size (RMS) of the MMD² of two samples of one distribution, which scatters around 0; biased, its mean; 0 when b has fewer than 4 points',
    },
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
      'Floor: b (as subsampled, m points) is shuffled and cut into two disjoint parts of k = min(⌊m/2⌋, 512) points four times, and MMD² between halves (same h) is rescaled to the sizes compared by (1/n + 1/m)/(2/k): exact in the mean for the biased statistic, E[MMD²_b] = (1/n + 1/m)(1 − E k(x, x′)) for two samples of one distribution. Unbiased, the floor is the root mean square of the half-split values, the spread of MMD²_u around 0 when nothing differs: a value within about ± the floor is "no difference detectable at this n".',
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
      const value = await mmdSquared(x, y, h, p.unbiased);
      ctx.progress(0.5);
      const [n, m] = [x.shape[0], y.shape[0]];
      if (m < 4) return { value, bandwidth: h, floor: 0 }; // no halves to compare (documented on the port)
      const k = halfSize(m, FLOOR_HALF);
      const splits = await overHalves(y, ctx.seed, k, async (h1, h2) => {
        const v = await mmdSquared(h1, h2, h, p.unbiased);
        await ctx.checkpoint();
        return p.unbiased ? v * v : v;
      });
      const scale = floorScale(k, n, m);
      return { value, bandwidth: h, floor: p.unbiased ? Math.sqrt(mean(splits)) * scale : mean(splits) * scale };
    } finally {
      tf.dispose([x, y, pooled]);
    }
  },
});
