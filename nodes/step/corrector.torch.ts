import { defineTorchExport, py } from '../../src/export/torch/emitter';
import { stepBody } from '../../src/export/torch/common';

/** step/corrector (Song et al. 2021, Algorithm 4): ε = 2α(r‖z‖/‖g‖)², x ← x + ε g + sqrt(2ε) z. */
export default defineTorchExport({
  type: 'step/corrector',
  helpers: ['loops'],
  emit: (node) =>
    stepBody([
      "alpha = corrector_alpha(require_schedule(schedule, 'the corrector step'), level.t)",
      `return {'x': corrector_update(predictor, x, level.a, level.s, ${py(node.params.snr)}, alpha, step_noise(x, level, ${py(node.params.stream)}))}`,
    ]),
});
