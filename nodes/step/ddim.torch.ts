import { defineTorchExport, py } from '../../src/export/torch/emitter';
import { stepBody } from '../../src/export/torch/common';

/** step/ddim (Song, Meng & Ermon 2021, eq. (12)): one DDIM jump ᾱ → ᾱ_prev; noise only where σ > 0. */
export default defineTorchExport({
  type: 'step/ddim',
  helpers: ['loops'],
  emit: (node) =>
    stepBody([
      `eta = ${py(node.params.eta)}`,
      "_, ab, ab_prev = vp_levels(require_schedule(schedule, 'the DDIM step'), level, 'the DDIM step')",
      `z = step_noise(x, level, ${py(node.params.stream)}) if ddim_sigma(ab, ab_prev, eta) > 0 else None`,
      "return {'x': ddim_update(predictor, x, ab, ab_prev, eta, z)}",
    ]),
});
