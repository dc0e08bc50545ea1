import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { points } from '../../src/engine/port-values';

export default defineNode({
  type: 'metric/moments',
  version: 1,
  title: 'Mean and covariance',
  category: 'metric',
  inputs: { x: { type: 'tensor', doc: 'points [n, d], n ≥ 2' } },
  outputs: {
    mean: { type: 'tensor', doc: 'sample mean [1, d]' },
    cov: { type: 'tensor', doc: 'unbiased sample covariance [d, d]' },
  },
  params: z.object({}),
  docs: {
    summary: 'Sample mean and unbiased sample covariance of a point set: the first check of a sampler against a Gaussian target.',
    equation: String.raw`\bar x = \frac{1}{n}\sum_{i=1}^{n} x_i,\qquad \hat\Sigma = \frac{1}{n-1}\sum_{i=1}^{n}(x_i-\bar x)(x_i-\bar x)^\top`,
    reference: 'Standard estimators (Bessel’s correction n − 1)',
  },
  run: (inputs) => {
    const x = points(inputs.x, 'x', 2);
    return tf.tidy(() => {
      const mean = tf.mean(x, 0, true);
      const centred = tf.sub(x, mean);
      // Explicit transpose: matMul's transpose flags are slow on WASM (NOTES.md).
      const cov = tf.div(tf.matMul(tf.transpose(centred), centred), x.shape[0] - 1);
      return { mean, cov };
    });
  },
});
