import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { samplerEstimate } from '../lib/estimates';
import { noiseLike, runSteps } from '../lib/sampling/chain';
import { samplerInputs, samplerPorts, seedParam, veSigmas } from '../lib/sampling/inputs';
import { etaParam, sNoiseParam } from '../lib/sampling/sigma-params';
import { ancestralSigmas, eulerAncestralUpdate } from '../lib/sampling/sigma-steps';

export default defineNode({
  type: 'sampler/euler-ancestral',
  version: 1,
  title: 'Euler ancestral sampler',
  category: 'sampler',
  ...samplerPorts('a VE schedule whose σ levels are the steps (Karras: its σ grid), then σ = 0', 'starting noise N(0, σ_max² I) (noise/prior on the same schedule)'),
  params: z.object({ eta: etaParam, sNoise: sNoiseParam, seed: seedParam }),
  mainParams: ['eta'],
  sampler: {
    schedule: 've-levels',
    stochastic: true,
    expand: (p) => ({ loop: { grid: 'sigmas', repeat: 1, seed: p.seed }, steps: [{ id: 'euler-ancestral', type: 'step/euler-ancestral', params: { eta: p.eta, sNoise: p.sNoise } }] }),
  },
  docs: {
    summary: 'k-diffusion’s Euler ancestral sampler: at each σ level an Euler step of the probability-flow ODE down to σ_down, then fresh noise back up to σ_next; η sets how much of the step is noise.',
    equation: String.raw`x \leftarrow x + (\sigma_{\downarrow} - \sigma_i)\,\frac{x - \hat x_0(x;\sigma_i)}{\sigma_i} + S_{\mathrm{noise}}\,\sigma_{\uparrow} z,\quad \sigma_{\uparrow} = \min\Big(\sigma_{i+1},\ \eta\sqrt{\tfrac{\sigma_{i+1}^2(\sigma_i^2-\sigma_{i+1}^2)}{\sigma_i^2}}\Big),\ \sigma_{\downarrow} = \sqrt{\sigma_{i+1}^2 - \sigma_{\uparrow}^2}`,
    reference: 'k-diffusion (Crowson), sample_euler_ancestral and get_ancestral_step; Karras et al. 2022, eq. (3) for the ODE in σ; Chan §3–§4',
    notes: [
      'Steps σ_1 > … > σ_N of the schedule, then σ = 0 (the last step is a plain Euler step to x̂_0, no noise). The predictor is read as x̂_0 at a = 1, s = σ_i. One evaluation per step: nfe = N.',
      'With η = 1 the step has the variance of DDPM’s posterior on the VE path; η = 0 is the deterministic Euler sampler of the same ODE. The noise of step k is noiseLike(x, seed, k), as step/euler-ancestral draws it in a loop.',
    ].join('\n\n'),
  },
  // One evaluation per σ level.
  estimate: samplerEstimate((_p: unknown, levels) => levels ?? 18),
  run: async (inputs, p, ctx) => {
    const { predictor, count, xT } = samplerInputs(inputs);
    const sigmas = [...veSigmas(inputs.schedule, 'Euler ancestral'), 0];
    const n = sigmas.length - 1;
    const result = await runSteps(ctx, xT, n, (k) => sigmas[k], 'σ', (x, k) => {
      const noisy = ancestralSigmas(sigmas[k], sigmas[k + 1], p.eta).up > 0;
      return eulerAncestralUpdate(predictor, x, sigmas[k], sigmas[k + 1], p.eta, p.sNoise, noisy ? noiseLike(xT, ctx.seed, k) : null);
    });
    return { ...result, nfe: count() };
  },
});
