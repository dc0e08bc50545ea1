import { defineTorchExport, py } from '../../src/export/torch/emitter';
import { stepBody } from '../../src/export/torch/common';

/** step/ddpm (Ho et al. 2020, Algorithm 2): one ancestral step at the pass's (β, ᾱ, ᾱ_prev); no noise at the last pass. */
export default defineTorchExport({
  type: 'step/ddpm',
  helpers: ['loops'],
  emit: (node) =>
    stepBody([
      "beta, ab, ab_prev = vp_levels(require_schedule(schedule, 'the DDPM step'), level, 'the DDPM step')",
      `z = None if level.last else step_noise(x, level, ${py(node.params.stream)})`,
      `return {'x': ddpm_update(predictor, x, beta, ab, ab_prev, ${py(node.params.variance)}, z)}`,
    ]),
});
