import { defineTorchExport } from '../../src/export/torch/emitter';
import { paramLines, samplerBody } from '../../src/export/torch/common';

/** sampler/ddpm (Ho et al. 2020, Algorithm 2): every step t = T…1, noise noiseLike(xT, seed, j) except the last. */
export default defineTorchExport({
  type: 'sampler/ddpm',
  helpers: ['sampling'],
  emit: (node) =>
    samplerBody([
      ...paramLines(node, ['variance']),
      "betas, ab, T = vp_chain(schedule, 'DDPM')",
      '',
      'def step(x, j):',
      '    t = T - j',
      '    z = noise_like(xT, ctx.seed, j) if t > 1 else None',
      '    return ddpm_update(predictor, x, betas[t], ab[t], ab[t - 1], variance, z)',
      '',
      "out = run_steps(xT, T, lambda j: (T - j) / T, 't', step)",
    ]),
});
