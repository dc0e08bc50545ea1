import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';

/** At most 2^25 numbers (128 MB of float32) per sample: e.g. 42,799 MNIST images of 784 pixels. */
const MAX_NUMBERS = 2 ** 25;

export default defineNode({
  type: 'data/sample',
  version: 1,
  title: 'Sample',
  category: 'data',
  inputs: { dist: 'distribution' },
  outputs: { x: 'tensor' },
  params: z.object({
    n: z.number().int().min(1).max(200_000).default(4096).describe('number of points to draw'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  }),
  mainParams: ['n'],
  docs: {
    summary: 'Draws n points x_0 ~ p_data from a distribution as an [n, d] tensor, reproducibly from the seed.',
    equation: String.raw`x^{(i)} \sim p_{\text{data}}, \quad i = 1, \dots, n`,
    reference: 'Chan §2 (training data x_0 ~ p(x_0))',
    notes: 'n·d is limited to 2^25 numbers (128 MB of float32).',
  },
  run: (inputs, p, ctx) => {
    const dist = inputs.dist;
    if (p.n * dist.dim > MAX_NUMBERS)
      throw new NodeRunError(`n = ${p.n} points of dimension ${dist.dim} is ${p.n * dist.dim} numbers; at most ${MAX_NUMBERS} are allowed (n ≤ ${Math.floor(MAX_NUMBERS / dist.dim)})`);
    return { x: dist.sample(p.n, ctx.seed) };
  },
});
