import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { samplerEstimate } from '../lib/estimates';
import { noiseLike, runSteps } from '../lib/sampling/chain';
import { samplerInputs, samplerPorts, seedParam, veSigmas } from '../lib/sampling/inputs';
import { churnParams } from '../lib/sampling/sigma-params';
import { churnGamma, edmUpdate } from '../lib/sampling/sigma-steps';

export default defineNode({
  type: 'sampler/edm',
  version: 1,
  title: 'EDM sampler (Heun, churn)',
  category: 'sampler',
  ...samplerPorts('a VE schedule whose σ levels are the steps (schedule/karras is EDM’s), then σ = 0', 'starting noise N(0, σ_max² I) (noise/prior on the same schedule)'),
  params: z.object({ ...churnParams, seed: seedParam }),
  mainParams: ['sChurn'],
  sampler: {
    schedule: 've-levels',
    stochastic: true,
    expand: (p) => ({
      loop: { grid: 'sigmas', repeat: 1, seed: p.seed },
      steps: [{ id: 'edm', type: 'step/edm', params: { sChurn: p.sChurn, sTmin: p.sTmin, sTmax: p.sTmax, sNoise: p.sNoise } }],
    }),
  },
  docs: {
    summary: 'Karras et al.’s stochastic sampler: at each σ level add a little noise (churn) to reach σ̂ = (1 + γ)σ, then a second-order Heun step of the probability-flow ODE down to the next level.',
    equation: String.raw`\hat\sigma_i = (1+\gamma_i)\sigma_i,\ \ \hat x = x + \sqrt{\hat\sigma_i^2 - \sigma_i^2}\,S_{\mathrm{noise}}\,z;\quad d = \frac{\hat x - \hat x_0(\hat x;\hat\sigma_i)}{\hat\sigma_i},\ \tilde x = \hat x + (\sigma_{i+1} - \hat\sigma_i)\,d,\ x \leftarrow \hat x + (\sigma_{i+1} - \hat\sigma_i)\,\tfrac12\big(d + d'(\tilde x;\sigma_{i+1})\big)`,
    reference: 'Karras, Aittala, Aila & Laine 2022 (EDM), Algorithm 2 and Table 1; k-diffusion sample_heun',
    notes: [
      'γ_i = min(S_churn/N, √2 − 1) where S_tmin ≤ σ_i ≤ S_tmax, else 0; N is the number of σ levels. S_churn = 0 is Algorithm 1, the deterministic Heun sampler (sampler/pf-ode with heun on a Karras schedule gives the same numbers).',
      'The last step, to σ = 0, is an Euler step (it returns x̂_0): nfe = 2N − 1. The predictor is read as x̂_0 at a = 1, s = σ. The churn noise of step k is noiseLike(x, seed, k), as step/edm draws it in a loop.',
    ].join('\n\n'),
  },
  // Heun: two evaluations per σ level, one on the last (to σ = 0).
  estimate: samplerEstimate((_p: unknown, levels) => 2 * (levels ?? 18) - 1),
  run: async (inputs, p, ctx) => {
    const { predictor, count, xT } = samplerInputs(inputs);
    const sigmas = [...veSigmas(inputs.schedule, 'EDM'), 0];
    const n = sigmas.length - 1;
    const result = await runSteps(ctx, xT, n, (k) => sigmas[k], 'σ', (x, k) => {
      const gamma = churnGamma(sigmas[k], n, p);
      return edmUpdate(predictor, x, sigmas[k], sigmas[k + 1], gamma, p.sNoise, gamma > 0 ? noiseLike(xT, ctx.seed, k) : null);
    });
    return { ...result, nfe: count() };
  },
});
