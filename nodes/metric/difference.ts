import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { pointPair } from '../lib/port-inputs';

export default defineNode({
  type: 'metric/difference',
  version: 1,
  title: 'Difference (max |a − b|, MSE)',
  category: 'metric',
  inputs: {
    a: { type: 'tensor', doc: 'first tensor [n, d]' },
    b: { type: 'tensor', doc: 'second tensor [n, d], the same shape (row i of b is compared with row i of a)' },
  },
  outputs: {
    maxAbs: { type: 'number', doc: 'largest absolute entry of a − c·b' },
    mse: { type: 'number', doc: 'mean of the squared entries of a − c·b' },
  },
  params: z.object({
    scale: z
      .number()
      .min(-1e6)
      .max(1e6)
      .default(1)
      .describe('c: b is multiplied by c before the comparison (e.g. c = −s compares ε̂ with −s·score)'),
  }),
  mainParams: ['scale'],
  docs: {
    summary:
      'Pointwise comparison of two tensors of one shape: the largest absolute difference (are two computations the same function?) and the mean squared error (how far is an estimate from its target?).',
    equation: String.raw`\max_{i,j}\,\big|a_{ij} - c\,b_{ij}\big|,\qquad \mathrm{MSE} = \frac{1}{nd}\sum_{i,j}\big(a_{ij} - c\,b_{ij}\big)^2`,
    reference: 'Standard; the MSE of a denoiser against the clean data is the quantity Tweedie’s x̂_0 minimises (Chan §2.8 and §3.3)',
    notes:
      'Unlike sliced Wasserstein or MMD, which compare two distributions, this compares two tensors row by row: the same starting points sent through two samplers, or two readings of one predictor at the same points. The MSE averages over all n·d entries (per coordinate); multiply by d for the mean squared distance between rows.',
  },
  run: async (inputs, p) => {
    const [a, b] = pointPair(inputs.a, inputs.b);
    if (a.shape[0] !== b.shape[0]) throw new NodeRunError(`b: ${b.shape[0]} rows do not match a's ${a.shape[0]} rows (the comparison is row by row)`, 'b');
    const stats = tf.tidy(() => {
      const diff = tf.sub(a, tf.mul(b, p.scale));
      return tf.stack([tf.max(tf.abs(diff)), tf.mean(tf.square(diff))]);
    });
    const [maxAbs, mse] = await stats.data();
    stats.dispose();
    return { maxAbs, mse };
  },
});
