import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { mixtureScore } from '../lib/mixture';
import { scoreMatchingLosses } from '../lib/nn/score-matching';
import { readAs } from '../lib/predictor';
import { deriveSeed, normal } from '../lib/random';

export default defineNode({
  type: 'loss/score-matching',
  version: 1,
  title: 'Score-matching losses (explicit vs denoising)',
  category: 'loss',
  inputs: {
    predictor: { type: 'predictor', doc: 'the model whose score is judged (analytic or trained)' },
    dist: { type: 'distribution', doc: 'the data: a Gaussian mixture, whose noised score ∇log p_σ is exact' },
    schedule: { type: 'schedule', optional: true, doc: 'optional: evaluate the predictor on this path’s point with s/a = σ instead of the VE point (a, s) = (1, σ)' },
  },
  outputs: {
    esm: { type: 'number', doc: 'explicit score matching E ½|s − ∇log p_σ|²' },
    dsm: { type: 'number', doc: 'denoising score matching E ½|s + ε/σ|²' },
    gap: { type: 'number', doc: 'dsm − esm: a constant that does not depend on the model' },
  },
  params: z.object({
    n: z.number().int().min(100).max(200_000).default(20_000).describe('Monte-Carlo samples'),
    sigma: z.number().min(1e-3).max(100).default(0.5).describe('noise level σ'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  }),
  mainParams: ['sigma', 'n'],
  docs: {
    summary:
      'Measures a model’s score against the exact noised score (explicit score matching) and against the noise that was added (denoising score matching) on the same samples. Their difference is the same for every model: Vincent’s result, which is why training on the denoising loss (no exact score needed) is training on the explicit one.',
    equation: String.raw`\text{ESM} = \tfrac12\mathbb E\,\|s(\tilde x) - \nabla\log p_\sigma(\tilde x)\|^2,\quad \text{DSM} = \tfrac12\mathbb E\,\big\|s(\tilde x) - \tfrac{x - \tilde x}{\sigma^2}\big\|^2,\quad \text{DSM} - \text{ESM} = \tfrac12\Big(\tfrac{d}{\sigma^2} - \mathbb E\,\|\nabla\log p_\sigma(\tilde x)\|^2\Big)`,
    reference: 'Chan §3.2 (denoising score matching); Vincent 2011, eq. (11) and Appendix',
    notes: [
      'x̃ = x + σε with x ~ dist and ε ~ N(0, I); sums over the d coordinates, means over n samples. For 1-D data N(0, s₀²) the gap is ½(1/σ² − 1/(s₀² + σ²)).',
      'The score is judged in x̃-space: on a path point (a, s = aσ) the predictor sees x = a·x̃ and its score is multiplied by a (∇_x̃ = a∇_x). A learned predictor gives the same numbers on every path; so does an exact one.',
    ].join('\n'),
  },
  run: async (inputs, p, ctx) => {
    const predictor = inputs.predictor;
    const dist = inputs.dist;
    if (!dist.mixture) throw new NodeRunError(`dist: '${dist.name}' has no exact score; use a Gaussian mixture (8gaussians, data/gaussian-mixture, …)`, 'dist');
    const schedule = inputs.schedule;
    const a = schedule ? schedule.a(schedule.tOfSigma(p.sigma)) : 1;
    const { sigma, n } = p;
    const out = tf.tidy(() => {
      const x = dist.sample(n, deriveSeed(ctx.seed, 1));
      const eps = normal<tf.Rank.R2>([n, dist.dim], deriveSeed(ctx.seed, 2));
      const xTilde = tf.add(x, tf.mul(eps, sigma)) as tf.Tensor2D;
      const score = tf.mul(readAs(predictor, a === 1 ? xTilde : (tf.mul(xTilde, a) as tf.Tensor2D), a, a * sigma, 'score'), a) as tf.Tensor2D;
      const { esm, dsm } = scoreMatchingLosses(score, mixtureScore(xTilde, dist.mixture as NonNullable<typeof dist.mixture>, 1, sigma), eps, sigma);
      return tf.stack([esm, dsm]);
    });
    const [esm, dsm] = await out.data();
    out.dispose();
    return { esm, dsm, gap: dsm - esm };
  },
});
