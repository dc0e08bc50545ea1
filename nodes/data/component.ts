import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { mixtureDistribution } from '../lib/mixture';

export default defineNode({
  type: 'data/component',
  version: 1,
  title: 'Mixture class',
  category: 'data',
  inputs: { dist: { type: 'distribution', doc: 'a Gaussian mixture (data/gaussian-mixture, 8gaussians, …)' } },
  outputs: { dist: 'distribution' },
  params: z.object({
    components: z.array(z.number().int().min(0).max(255)).min(1).max(256).default([0]).describe('the components that make up the class c (indices into the mixture)'),
  }),
  mainParams: ['components'],
  docs: {
    summary:
      'One class of a Gaussian mixture: the mixture restricted to the chosen components (weights renormalised), p(x | c). Its exact score (score/analytic) is the conditional score of guidance, and its samples are the exact conditional samples that guided samples are measured against.',
    equation: String.raw`p(x \mid c) = \frac{\sum_{k \in c} w_k\,\mathcal{N}(x; \mu_k, \sigma_k^2 I)}{\sum_{k \in c} w_k},\qquad p(c \mid x) = \frac{\sum_{k\in c} w_k\,\mathcal N(x;\mu_k,\sigma_k^2 I)}{p(x)}`,
    reference: 'Ho & Salimans 2022 (classes as the condition c); Dhariwal & Nichol 2021, §4 (the classifier p(c | x_t))',
    notes: 'Noised along any path the class stays a mixture of the same components, so p_t(x | c), p_t(x) and the exact classifier p_t(c | x) are all known at every level.',
  },
  run: (inputs, p) => {
    const mix = inputs.dist.mixture;
    if (!mix) throw new NodeRunError(`dist: '${inputs.dist.name}' is not a Gaussian mixture, so it has no components to choose from`, 'dist');
    const K = mix.means.length;
    const bad = p.components.find((k) => k >= K);
    if (bad !== undefined) throw new NodeRunError(`components: ${bad} is not a component of '${inputs.dist.name}' (it has ${K}: 0…${K - 1})`, 'dist');
    const keep = [...new Set(p.components)].sort((a, b) => a - b);
    const part = { weights: keep.map((k) => mix.weights[k]), means: keep.map((k) => mix.means[k]), stds: keep.map((k) => mix.stds[k]) };
    if (!(part.weights.reduce((a, w) => a + w, 0) > 0)) throw new NodeRunError(`components: the chosen components ${keep.join(', ')} all have weight 0`);
    return { dist: mixtureDistribution(`${inputs.dist.name}, class {${keep.join(', ')}}`, part) };
  },
});
