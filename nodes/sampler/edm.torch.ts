import { defineTorchExport } from '../../src/export/torch/emitter';
import { paramLines, samplerBody } from '../../src/export/torch/common';

/** sampler/edm (Karras et al. 2022, Algorithm 2): churn γ_i then Heun over the σ levels, Euler to σ = 0. */
export default defineTorchExport({
  type: 'sampler/edm',
  helpers: ['sigma_steps'],
  emit: (node) =>
    samplerBody([
      ...paramLines(node, ['sChurn', 'sTmin', 'sTmax', 'sNoise']),
      "sigmas = list(ve_sigmas(schedule, 'EDM')) + [0.0]",
      'n = len(sigmas) - 1',
      '',
      'def step(x, k):',
      '    gamma = churn_gamma(sigmas[k], n, sChurn, sTmin, sTmax)',
      '    return edm_update(predictor, x, sigmas[k], sigmas[k + 1], gamma, sNoise, noise_like(xT, ctx.seed, k) if gamma > 0 else None)',
      '',
      "out = run_steps(xT, n, lambda k: sigmas[k], 'σ', step)",
    ]),
});
