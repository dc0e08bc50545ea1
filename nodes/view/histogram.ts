import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { histogramPreview } from '../lib/previews';
import { points } from '../../src/engine/port-values';

export default defineNode({
  type: 'view/histogram',
  version: 1,
  title: 'Histogram',
  category: 'view',
  inputs: { x: { type: 'tensor', doc: 'points [n, d]' } },
  outputs: { preview: 'preview' },
  params: z.object({
    bins: z.number().int().min(1).max(1000).default(60).describe('number of equal-width bins'),
    dim: z.number().int().min(0).max(4095).default(0).describe('coordinate to histogram (0-based)'),
  }),
  mainParams: ['bins', 'dim'],
  docs: {
    summary: 'Histogram of one coordinate of a point set, normalised to a density (the bars integrate to 1).',
    equation: String.raw`\hat p_b = \frac{\#\{i : x_{i,\mathrm{dim}} \in [e_b, e_{b+1})\}}{N\,(e_{b+1} - e_b)}`,
    reference: 'Chan, §2 (1-D densities of the forward process)',
    notes: 'All n points count (the payload is only bins long). Bins span [min, max] of the finite values; non-finite values are left out of N.',
  },
  run: async (inputs, p) => {
    const x = points(inputs.x, 'x');
    const d = x.shape[1];
    if (p.dim >= d) throw new NodeRunError(`x: dim ${p.dim} is out of range for points of dimension ${d}`, 'x');
    const column = tf.slice(x, [0, p.dim], [x.shape[0], 1]);
    const values = await column.data();
    column.dispose();
    return { preview: histogramPreview(values, p.bins, d > 1 ? `x[${p.dim}]` : undefined) };
  },
});
