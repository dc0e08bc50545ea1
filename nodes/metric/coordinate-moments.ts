import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { points } from '../../src/engine/port-values';

export default defineNode({
  type: 'metric/coordinate-moments',
  version: 1,
  title: 'Mean and variance of a coordinate',
  category: 'metric',
  inputs: { x: { type: 'tensor', doc: 'points [n, d], n ≥ 2' } },
  outputs: {
    mean: { type: 'number', doc: 'sample mean of the chosen values' },
    variance: { type: 'number', doc: 'unbiased sample variance of the chosen values' },
  },
  params: z.object({
    dim: z.number().int().min(0).max(4095).optional().describe('coordinate to summarise (0-based); empty: all n·d entries pooled'),
  }),
  mainParams: ['dim'],
  docs: {
    summary:
      'The mean and variance of one coordinate of a point set, or of all its entries pooled, as numbers: a scalar to assert on (N(0, I) has mean 0 and variance 1 in every coordinate) or to read mixture weights from.',
    equation: String.raw`\bar x = \frac{1}{m}\sum_{i=1}^{m} x_i,\qquad \hat v = \frac{1}{m-1}\sum_{i=1}^{m}(x_i-\bar x)^2`,
    reference: 'Standard estimators (Bessel’s correction m − 1); metric/moments gives the full mean vector and covariance',
    notes:
      'With dim set, the values x_i are column dim of the [n, d] input (m = n). Empty, they are all n·d entries (m = n·d): for data whose coordinates share one law, such as N(0, I), this pools the coordinates into one estimate.',
  },
  run: async (inputs, p) => {
    const x = points(inputs.x, 'x', 2);
    const [n, d] = x.shape;
    if (p.dim !== undefined && p.dim >= d) throw new NodeRunError(`x: dim ${p.dim} is out of range for points of dimension ${d}`, 'x');
    const stats = tf.tidy(() => {
      const values = p.dim === undefined ? tf.reshape(x, [n * d]) : tf.reshape(tf.slice(x, [0, p.dim], [n, 1]), [n]);
      const { mean, variance } = tf.moments(values);
      return tf.stack([mean, variance]);
    });
    const [mean, biased] = await stats.data();
    stats.dispose();
    const m = p.dim === undefined ? n * d : n;
    // tf.moments divides by m; the unbiased variance divides by m − 1.
    return { mean, variance: (biased * m) / (m - 1) };
  },
});
