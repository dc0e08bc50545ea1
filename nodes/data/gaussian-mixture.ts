import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { mixtureDistribution, validateMixture } from '../lib/mixture';

const coordinate = z.number().min(-1e4).max(1e4);

export default defineNode({
  type: 'data/gaussian-mixture',
  version: 1,
  title: 'Gaussian mixture',
  category: 'data',
  inputs: {},
  outputs: { dist: 'distribution' },
  params: z.object({
    weights: z.array(z.number().min(0).max(1e6)).min(1).max(256).default([0.2, 0.8]).describe('mixing weights w_k ≥ 0 (normalised to sum to 1)'),
    means: z
      .array(z.array(coordinate).min(1).max(4096))
      .min(1)
      .max(256)
      .default([
        [-5, -5],
        [5, 5],
      ])
      .describe('component means μ_k, one list of d coordinates per component'),
    stds: z.array(z.number().gt(0).max(1e4)).min(1).max(256).default([1, 1]).describe('component standard deviations σ_k > 0 (isotropic)'),
  }),
  mainParams: ['weights', 'stds'],
  docs: {
    summary:
      'An isotropic Gaussian mixture in any dimension. Its noised versions are mixtures too, so its exact score is known at every noise level (wire it to score/analytic).',
    equation: String.raw`p(x) = \sum_k w_k\,\mathcal{N}(x;\mu_k,\sigma_k^2 I), \qquad p_t(x) = \sum_k w_k\,\mathcal{N}(x; a\mu_k, (a^2\sigma_k^2 + s^2) I)`,
    reference: 'Chan §3 (score matching; the toy mixture of Song & Ermon 2019)',
    notes:
      'Up to 256 components in up to 4096 dimensions. The defaults are the two-component mixture of Song & Ermon (2019): weights 1/5 and 4/5 at (−5, −5) and (5, 5), σ = 1.',
  },
  run: (_inputs, p) => {
    try {
      validateMixture(p);
    } catch (e) {
      throw new NodeRunError((e as Error).message);
    }
    return { dist: mixtureDistribution('gaussian-mixture', p) };
  },
});
