import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { samplerEstimate } from '../lib/estimates';
import { noiseLike, runSteps } from '../lib/sampling/chain';
import { samplerInputs, samplerPorts, seedParam } from '../lib/sampling/inputs';
import { langevinUpdate } from '../lib/sampling/updates';

export default defineNode({
  type: 'sampler/langevin',
  version: 1,
  title: 'Langevin dynamics',
  category: 'sampler',
  ...samplerPorts(
    'not used: the score is read at the fixed noise level σ (a = 1, s = σ); accepted so every sampler wires alike',
    'starting points',
    true,
  ),
  params: z.object({
    steps: z.number().int().min(1).max(100_000).default(1000).describe('number of Langevin steps'),
    tau: z.number().positive().max(100).default(1e-3).describe('step size τ'),
    sigma: z
      .number()
      .min(0)
      .max(10_000)
      .default(0.01)
      .describe('noise level σ whose score is used (read at a = 1, s = σ); 0 is the clean data score, which only score-native predictors give'),
    seed: seedParam,
  }),
  mainParams: ['steps', 'tau'],
  sampler: {
    schedule: 'none',
    stochastic: true,
    expand: (p) => ({ loop: { grid: 'fixed', steps: p.steps, sigma: p.sigma, seed: p.seed }, steps: [{ id: 'langevin', type: 'step/langevin', params: { tau: p.tau, scaling: 'fixed' } }] }),
  },
  docs: {
    summary: 'Unadjusted Langevin dynamics on one fixed noise level: gradient ascent on log p plus injected noise, which samples p_σ as τ → 0 and steps → ∞.',
    equation: String.raw`x_{k+1} = x_k + \tau\,\nabla_x \log p_\sigma(x_k) + \sqrt{2\tau}\,z_k,\qquad z_k \sim \mathcal N(0, I)`,
    reference: 'Chan §3.1 (Langevin equation); Song & Ermon 2019, eq. (4)',
    notes: [
      'The score of the data smoothed at level σ is the predictor read at the VE point a = 1, s = σ (whatever schedule trained it: a VP-trained network sees σ through s/a).',
      'A finite step biases the stationary law: for a Gaussian target N(0, v) the chain x ← (1 − τ/v)x + sqrt(2τ) z settles at variance v/(1 − τ/(2v)), and diverges for τ ≥ 2v.',
      'Noise is added at every step (no final denoising). Outputs the last state, up to 20 snapshots (time = step) and nfe = steps.',
    ].join('\n\n'),
  },
  estimate: samplerEstimate((p: { steps: number }) => p.steps),
  run: async (inputs, p, ctx) => {
    const { predictor, count, xT } = samplerInputs(inputs);
    if (p.sigma === 0 && predictor.native !== 'score')
      throw new NodeRunError(
        `predictor: σ = 0 needs a predictor that computes the score itself; '${predictor.name}' computes ${predictor.native}, which has no score at s = 0`,
        'predictor',
      );
    const result = await runSteps(ctx, xT, p.steps, (k) => k, 'step', (x, k) =>
      langevinUpdate(predictor, x, 1, p.sigma, p.tau, noiseLike(xT, ctx.seed, k)),
    );
    return { ...result, nfe: count() };
  },
});
