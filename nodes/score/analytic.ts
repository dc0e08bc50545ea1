import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { analyticPredictor } from '../lib/analytic-predictor';

export default defineNode({
  type: 'score/analytic',
  version: 1,
  title: 'Exact mixture score',
  category: 'score',
  inputs: {
    dist: { type: 'distribution', doc: 'a Gaussian mixture (data/gaussian-mixture, 8gaussians, ncsn-gmm)' },
    schedule: { type: 'schedule', optional: true, doc: 'the forward path; the predictor is evaluated at the (a, s) its user asks for' },
  },
  outputs: { predictor: 'predictor' },
  params: z.object({}),
  docs: {
    summary:
      'The exact score ∇log p_t of a Gaussian-mixture data distribution noised along the path x_t = a·x_0 + s·ε: a predictor that needs no training, the ground truth for every sampler.',
    equation: String.raw`\nabla_x \log p_t(x) = \sum_k r_k(x)\,\frac{a\mu_k - x}{a^2\sigma_k^2 + s^2}, \quad r_k(x) = \frac{w_k\,\mathcal{N}(x; a\mu_k, (a^2\sigma_k^2 + s^2) I)}{\sum_j w_j\,\mathcal{N}(x; a\mu_j, (a^2\sigma_j^2 + s^2) I)}`,
    reference: 'Chan §3.1 (the score function); noised mixture: p_t = p_0 ∗ N(0, s²I) after scaling by a',
    notes:
      'Native reading: score. Read it as ε̂ = −s·score or x̂_0 = (x + s²·score)/a (Tweedie) with score/evaluate or any sampler. The schedule input only documents the wiring: the predictor takes (x, a, s) from whoever calls it.',
  },
  run: (inputs) => {
    const dist = inputs.dist;
    return { predictor: analyticPredictor(dist) };
  },
});
