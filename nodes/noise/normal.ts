import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { tensorEstimate } from '../lib/estimates';
import { normal } from '../lib/random';
import { batchShape, sampleShapeParam } from './sample-shape';

export default defineNode({
  type: 'noise/normal',
  version: 1,
  title: 'Standard normal noise',
  category: 'noise',
  inputs: {},
  outputs: { x: 'tensor' },
  params: z.object({
    n: z.number().int().min(1).max(200_000).default(1024).describe('number of points'),
    dim: z.number().int().min(1).max(4096).default(2).describe('dimension of each point'),
    shape: sampleShapeParam,
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  }),
  mainParams: ['n', 'dim'],
  docs: {
    summary: 'Draws n points from the standard normal N(0, I) in dim dimensions: the starting noise x_T of a VP sampler.',
    equation: String.raw`x \sim \mathcal{N}(0, I_d)`,
    reference: 'Chan, §2.1 (the Gaussian ε of the forward process)',
    notes: 'With `shape` set (e.g. [28, 28, 1]) each sample is an image and the batch is [n, …shape] (NHWC), `dim` unused; the numbers are those of the points [n, size of shape] with the same seed, reshaped.',
  },
  estimate: (p) => tensorEstimate(batchShape(p), 'x'),
  run: (_inputs, p, ctx) => ({ x: normal(batchShape(p), ctx.seed) }),
});
