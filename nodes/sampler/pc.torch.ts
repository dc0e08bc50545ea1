import { defineTorchExport } from '../../src/export/torch/emitter';
import { paramLines, samplerBody } from '../../src/export/torch/common';

/**
 * sampler/pc (Song et al. 2021, Algorithms 2–5): at each t_k, correctorSteps Langevin corrector
 * steps (noise stream c + 1), then one Euler–Maruyama predictor step.
 */
export default defineTorchExport({
  type: 'sampler/pc',
  helpers: ['sampling'],
  emit: (node) =>
    samplerBody([
      ...paramLines(node, ['steps', 'snr', 'correctorSteps', 'tEnd']),
      'grid = linspace(1, tEnd, steps)',
      '',
      'def step(x, k):',
      '    pt = path_point(schedule, grid[k])',
      '    alpha = corrector_alpha(schedule, grid[k])',
      '    for c in range(correctorSteps):',
      '        x = corrector_update(predictor, x, pt[0], pt[1], snr, alpha, noise_like(xT, ctx.seed, k, c + 1))',
      '    z = noise_like(xT, ctx.seed, k) if k < steps - 1 else None',
      '    return euler_maruyama_update(predictor, x, pt, grid[k] - grid[k + 1], z)',
      '',
      "out = run_steps(xT, steps, lambda k: grid[k], 't', step)",
    ]),
});
