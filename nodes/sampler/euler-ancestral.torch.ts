import { defineTorchExport } from '../../src/export/torch/emitter';
import { paramLines, samplerBody } from '../../src/export/torch/common';

/** sampler/euler-ancestral (k-diffusion sample_euler_ancestral): over σ_1 > … > σ_L then 0; noise noiseLike(xT, seed, k) where σ_up > 0. */
export default defineTorchExport({
  type: 'sampler/euler-ancestral',
  helpers: ['sigma_steps'],
  emit: (node) =>
    samplerBody([
      ...paramLines(node, ['eta', 'sNoise']),
      "sigmas = list(ve_sigmas(schedule, 'Euler ancestral')) + [0.0]",
      'n = len(sigmas) - 1',
      '',
      'def step(x, k):',
      '    noisy = ancestral_sigmas(sigmas[k], sigmas[k + 1], eta)[1] > 0',
      '    return euler_ancestral_update(predictor, x, sigmas[k], sigmas[k + 1], eta, sNoise, noise_like(xT, ctx.seed, k) if noisy else None)',
      '',
      "out = run_steps(xT, n, lambda k: sigmas[k], 'σ', step)",
    ]),
});
