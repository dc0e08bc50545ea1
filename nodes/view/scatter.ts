import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { MAX_PREVIEW_POINTS, scatterPreview } from '../lib/previews';
import { points } from '../../src/engine/port-values';

export default defineNode({
  type: 'view/scatter',
  version: 1,
  title: 'Scatter plot',
  category: 'view',
  inputs: {
    x: { type: 'tensor', doc: 'points [n, d]' },
    reference: { type: 'tensor', optional: true, doc: 'points drawn behind, e.g. the data' },
  },
  outputs: { preview: 'preview' },
  params: z.object({
    maxPoints: z.number().int().min(1).max(MAX_PREVIEW_POINTS).default(2000).describe('most points drawn per set (evenly spaced subsample)'),
    title: z.string().max(200).default('').describe('plot title'),
  }),
  mainParams: ['maxPoints'],
  docs: {
    summary: 'Draws points as a 2-D scatter, optionally over a reference set (e.g. samples over the data).',
    reference: 'Chan, §2 figures (samples of a 2-D toy distribution)',
    notes: [
      'Points with more than two coordinates are drawn by their first two (x₁, x₂), a projection, not an embedding; one-dimensional points sit on the x axis (y = 0).',
      'At most maxPoints rows of each set are drawn: evenly spaced rows (first and last kept), the same every run. Bounds cover the finite points of both sets.',
    ].join('\n\n'),
  },
  run: async (inputs, p) => {
    const x = points(inputs.x, 'x');
    const reference = inputs.reference && points(inputs.reference, 'reference');
    return { preview: await scatterPreview(x, { maxPoints: p.maxPoints, reference, title: p.title || undefined }) };
  },
});
