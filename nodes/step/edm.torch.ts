import { defineTorchExport, py } from '../../src/export/torch/emitter';
import { stepBody } from '../../src/export/torch/common';

/** step/edm (Karras et al. 2022, Algorithm 2): churn to σ̂ = (1 + γ)σ, then Heun (Euler to σ = 0). */
export default defineTorchExport({
  type: 'step/edm',
  helpers: ['loops', 'sigma_steps'],
  emit: (node) =>
    stepBody([
      "sigma, sigma_next = require_sigmas_grid(level, 'the EDM step')",
      `gamma = churn_gamma(sigma, level.count, ${['sChurn', 'sTmin', 'sTmax'].map((k) => py(node.params[k])).join(', ')})`,
      `z = step_noise(x, level, ${py(node.params.stream)}) if gamma > 0 else None`,
      `return {'x': edm_update(predictor, x, sigma, sigma_next, gamma, ${py(node.params.sNoise)}, z)}`,
    ]),
});
