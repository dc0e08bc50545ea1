import { defineTorchExport } from '../../src/export/torch/emitter';
import { paramLines, samplerBody } from '../../src/export/torch/common';

/**
 * sampler/annealed-langevin (Song & Ermon 2019; NCSNv2's final denoising): stepsPerLevel Langevin
 * steps at each σ_i with τ_i = ε σ_i²/σ_L², then optionally x̂_0 = x + σ_L²·score.
 */
export default defineTorchExport({
  type: 'sampler/annealed-langevin',
  helpers: ['sampling'],
  emit: (node) =>
    samplerBody([
      ...paramLines(node, ['stepsPerLevel', 'epsilon', 'denoise']),
      "sigmas = ve_sigmas(schedule, 'annealed Langevin')",
      'L, sigma_L = len(sigmas), sigmas[-1]',
      'n_langevin = L * stepsPerLevel',
      '',
      'def step(x, k):',
      '    if k == n_langevin:',
      '        return tweedie_denoise(predictor, x, 1.0, sigma_L)',
      '    sigma = sigmas[k // stepsPerLevel]',
      '    return langevin_update(predictor, x, 1.0, sigma, epsilon * sigma * sigma / (sigma_L * sigma_L), noise_like(xT, ctx.seed, k))',
      '',
      'time_at = lambda k: sigmas[0] if k == 0 else (0 if k > n_langevin else sigmas[(k - 1) // stepsPerLevel])',
      "out = run_steps(xT, n_langevin + (1 if denoise else 0), time_at, 'σ', step)",
    ]),
});
