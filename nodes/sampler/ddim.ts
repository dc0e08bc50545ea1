import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { samplerEstimate } from '../lib/estimates';
import { noiseLike, runSteps } from '../lib/sampling/chain';
import { ddimIndices } from '../lib/sampling/grids';
import { samplerInputs, samplerPorts, seedParam, vpChain } from '../lib/sampling/inputs';
import { ddimSigma, ddimUpdate } from '../lib/sampling/updates';

export default defineNode({
  type: 'sampler/ddim',
  version: 1,
  title: 'DDIM sampler',
  category: 'sampler',
  ...samplerPorts(
    'a VP schedule with a discrete chain ᾱ_1…ᾱ_T; DDIM visits a sub-sequence of it',
    'starting noise x_T ~ N(0, I)',
  ),
  params: z.object({
    steps: z.number().int().min(1).max(10_000).default(50).describe('number of DDIM steps S (at most the schedule’s T)'),
    eta: z.number().min(0).max(1).default(0).describe('η: 0 is the deterministic DDIM, 1 has the DDPM posterior variance'),
    spacing: z
      .enum(['leading', 'trailing', 'linspace'])
      .default('leading')
      .describe('how the S steps are picked among 1…T (as diffusers’ DDIMScheduler timestep_spacing)'),
    seed: seedParam,
  }),
  mainParams: ['steps', 'eta'],
  sampler: {
    schedule: 'vp-chain',
    stochastic: true,
    expand: (p) => ({ loop: { grid: 'ddim', steps: p.steps, spacing: p.spacing, seed: p.seed }, steps: [{ id: 'ddim', type: 'step/ddim', params: { eta: p.eta } }] }),
  },
  docs: {
    summary: 'Denoising diffusion implicit model: jumps along a sub-sequence of a VP chain using x̂_0 and ε̂ of one predictor call per step; deterministic for η = 0.',
    equation: String.raw`x_{\mathrm{prev}} = \sqrt{\bar\alpha_{\mathrm{prev}}}\,\hat x_0 + \sqrt{1-\bar\alpha_{\mathrm{prev}}-\sigma^2}\,\hat\varepsilon + \sigma z,\quad \hat x_0 = \frac{x_t - \sqrt{1-\bar\alpha_t}\,\hat\varepsilon}{\sqrt{\bar\alpha_t}},\quad \sigma = \eta\sqrt{\tfrac{1-\bar\alpha_{\mathrm{prev}}}{1-\bar\alpha_t}}\sqrt{1-\tfrac{\bar\alpha_t}{\bar\alpha_{\mathrm{prev}}}}`,
    reference: 'Song, Meng & Ermon 2021 (DDIM), eqs. (12) and (16); the deterministic case is an Euler step of the probability-flow ODE (Chan §4)',
    notes: [
      'Indices i are those of the chain (ᾱ_i, i = 1…T, ᾱ_0 = 1); diffusers’ 0-based timestep τ is i − 1. With S steps:',
      '- leading (default, the DDIM paper’s range(0, T, T/S) and diffusers’ default): τ_k = k·⌊T/S⌋, so i runs from (S−1)⌊T/S⌋ + 1 (981 for T = 1000, S = 50) down to 1;',
      '- trailing: τ_k = round(T − k·T/S) − 1, starting at i = T;',
      '- linspace: τ_k = round(k(T−1)/(S−1)), from i = T to i = 1.',
      'Each step jumps to the next index of the sequence, the last one to ᾱ = 1 (set_alpha_to_one), where x_prev = x̂_0. No noise is drawn where σ = 0.',
      'x̂_0 is not clipped. Outputs x_0, up to 20 snapshots (times t = i/T) and nfe = S.',
    ].join('\n'),
  },
  estimate: samplerEstimate((p: { steps: number }) => p.steps),
  run: async (inputs, p, ctx) => {
    const { predictor, count, xT } = samplerInputs(inputs);
    const { alphaBars, T } = vpChain(inputs.schedule, 'DDIM');
    if (p.steps > T) throw new NodeRunError(`steps (${p.steps}) exceeds the schedule’s T = ${T}: DDIM visits a sub-sequence of the chain`, 'schedule');
    const idx = [...ddimIndices(T, p.steps, p.spacing), 0];
    const result = await runSteps(
      ctx,
      xT,
      p.steps,
      (k) => idx[k] / T,
      't',
      (x, k) => {
        const level = { alphaBar: alphaBars[idx[k]], alphaBarPrev: alphaBars[idx[k + 1]] };
        const z = ddimSigma(level, p.eta) > 0 ? noiseLike(xT, ctx.seed, k) : null;
        return ddimUpdate(predictor, x, level, p.eta, z);
      },
    );
    return { ...result, nfe: count() };
  },
});
