import { defineTorchExport } from '../../src/export/torch/emitter';
import { paramLines, samplerBody } from '../../src/export/torch/common';

/** sampler/reverse-sde (Song et al. 2021, eq. (6)): Euler–Maruyama on t_k = linspace(1, tEnd), no noise on the last step. */
export default defineTorchExport({
  type: 'sampler/reverse-sde',
  helpers: ['sampling'],
  emit: (node) =>
    samplerBody([
      ...paramLines(node, ['steps', 'tEnd']),
      'grid = linspace(1, tEnd, steps)',
      '',
      'def step(x, k):',
      '    z = noise_like(xT, ctx.seed, k) if k < steps - 1 else None',
      '    return euler_maruyama_update(predictor, x, path_point(schedule, grid[k]), grid[k] - grid[k + 1], z)',
      '',
      "out = run_steps(xT, steps, lambda k: grid[k], 't', step)",
    ]),
});
