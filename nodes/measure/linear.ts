import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { points } from '../../src/engine/port-values';
import { matrixOperator } from '../lib/posterior/matrix-operator';
import { normal } from '../lib/random';

const entry = z.number().min(-1e3).max(1e3);

export default defineNode({
  type: 'measure/linear',
  version: 1,
  title: 'Linear measurement',
  category: 'measure',
  inputs: { x: { type: 'tensor', doc: 'the clean points x [N, d] (e.g. one point of data/sample with n = 1)' } },
  outputs: { operator: 'operator', y: 'tensor' },
  params: z.object({
    matrix: z
      .array(z.array(entry).min(1).max(64))
      .min(1)
      .max(64)
      .default([[0.6, 0.8]])
      .describe('A as m rows of d numbers; the default projects 2-D points onto the line along (0.6, 0.8)'),
    sigmaY: z.number().min(1e-4).max(100).default(0.5).describe('σ_y, the standard deviation of the measurement noise'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  }),
  mainParams: ['matrix', 'sigmaY'],
  docs: {
    summary:
      'Measures points through a linear map with Gaussian noise, y = A x + σ_y n: the operator (A, Aᵀ, its SVD) for posterior samplers and data/posterior, and the measurement y of each input point.',
    equation: String.raw`y = A x + \sigma_y n,\quad n \sim \mathcal{N}(0, I_m),\qquad A = U S V^\top`,
    reference: 'Chung et al. 2023 (DPS), §2 (the linear inverse problem); Kawar et al. 2022 (DDRM), §3 (the SVD of A)',
    notes:
      'A row per measured quantity: [[1, 0]] observes the first coordinate, [[0.6, 0.8]] the projection on a line, the identity denoises. The SVD comes from the eigen-decomposition of AᵀA (singular values sorted descending). For images use the image measurements (inpainting, blur, downsampling).',
  },
  run: (inputs, p, ctx) => {
    const x = points(inputs.x, 'x');
    const d = x.shape[1];
    p.matrix.forEach((row, r) => {
      if (row.length !== d) throw new NodeRunError(`matrix[${r}] has ${row.length} entries, but x has points of dimension ${d}`, 'x');
    });
    const operator = matrixOperator(p.matrix, p.sigmaY);
    const y = tf.tidy(() => tf.add(operator.apply(x), tf.mul(normal<tf.Rank.R2>([x.shape[0], p.matrix.length], ctx.seed), p.sigmaY)));
    return { operator, y };
  },
});
