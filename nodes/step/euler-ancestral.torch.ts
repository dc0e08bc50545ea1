import { defineTorchExport, py } from '../../src/export/torch/emitter';
import { stepBody } from '../../src/export/torch/common';

/** step/euler-ancestral (k-diffusion sample_euler_ancestral): Euler to σ_down, noise up to σ_next. */
export default defineTorchExport({
  type: 'step/euler-ancestral',
  helpers: ['loops', 'sigma_steps'],
  emit: (node) =>
    stepBody([
      `eta, s_noise = ${py(node.params.eta)}, ${py(node.params.sNoise)}`,
      "sigma, sigma_next = require_sigmas_grid(level, 'the Euler ancestral step')",
      `z = step_noise(x, level, ${py(node.params.stream)}) if ancestral_sigmas(sigma, sigma_next, eta)[1] > 0 else None`,
      "return {'x': euler_ancestral_update(predictor, x, sigma, sigma_next, eta, s_noise, z)}",
    ]),
});
