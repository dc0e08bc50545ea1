import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { samplerEstimate } from '../lib/estimates';
import { noiseLike, runSteps } from '../lib/sampling/chain';
import { samplerInputs, samplerPorts, seedParam, vpChain } from '../lib/sampling/inputs';
import { ddpmUpdate } from '../lib/sampling/updates';

export default defineNode({
  type: 'sampler/ddpm',
  version: 1,
  title: 'DDPM ancestral sampler',
  category: 'sampler',
  ...samplerPorts(
    'a VP schedule: its discrete chain β_1…β_T is walked step by step',
    'starting noise x_T ~ N(0, I)',
  ),
  params: z.object({
    variance: z
      .enum(['beta', 'posterior'])
      .default('posterior')
      .describe('σ_t² of the reverse step: β_t, or the posterior variance β̃_t = β_t(1−ᾱ_{t−1})/(1−ᾱ_t)'),
    seed: seedParam,
  }),
  mainParams: ['variance'],
  sampler: {
    schedule: 'vp-chain',
    stochastic: true,
    expand: (p) => ({ loop: { grid: 'chain', seed: p.seed }, steps: [{ id: 'ddpm', type: 'step/ddpm', params: { variance: p.variance } }] }),
  },
  docs: {
    summary: 'Ancestral sampling of DDPM: walks the discrete chain from x_T down to x_0 over all T steps of a VP schedule, one noise prediction per step.',
    equation: String.raw`x_{t-1} = \frac{1}{\sqrt{\alpha_t}}\Big(x_t - \frac{\beta_t}{\sqrt{1-\bar\alpha_t}}\,\hat\varepsilon(x_t, t)\Big) + \sigma_t z,\quad \sigma_t^2 \in \Big\{\beta_t,\ \tilde\beta_t = \tfrac{1-\bar\alpha_{t-1}}{1-\bar\alpha_t}\beta_t\Big\}`,
    reference: 'Chan §2 (DDPM inference); Ho et al. 2020, Algorithm 2 and §3.2',
    notes: [
      'Steps t = T, …, 1 with α_t = 1 − β_t; ε̂ is the predictor read as noise at the path point (a, s) = (sqrt(ᾱ_t), sqrt(1 − ᾱ_t)).',
      'No noise is added at the last step (t = 1), as in Ho et al.; with the posterior variance β̃_1 = 0 anyway.',
      'The noise z of step t is normal(shape, stepSeed(seed, T − t)). A VE schedule has no β chain: use annealed Langevin or the SDE samplers there.',
      'Outputs the samples x_0, up to 20 snapshots of the chain (times t = i/T) and nfe = T.',
    ].join('\n\n'),
  },
  estimate: samplerEstimate((_p, levels) => levels ?? 1),
  run: async (inputs, p, ctx) => {
    const { predictor, count, xT } = samplerInputs(inputs);
    const { betas, alphaBars, T } = vpChain(inputs.schedule, 'DDPM');
    const result = await runSteps(
      ctx,
      xT,
      T,
      (j) => (T - j) / T,
      't',
      (x, j) => {
        const t = T - j;
        const z = t > 1 ? noiseLike(xT, ctx.seed, j) : null;
        return ddpmUpdate(predictor, x, { beta: betas[t], alphaBar: alphaBars[t], alphaBarPrev: alphaBars[t - 1] }, p.variance, z);
      },
    );
    return { ...result, nfe: count() };
  },
});
