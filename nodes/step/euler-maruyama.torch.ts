import { defineTorchExport, py } from '../../src/export/torch/emitter';
import { stepBody } from '../../src/export/torch/common';

/** step/euler-maruyama (Song et al. 2021, eq. (6)): x ← x − [f x − g² score]Δt + g sqrt(Δt) z in the grid's time; no noise at the last pass. */
export default defineTorchExport({
  type: 'step/euler-maruyama',
  helpers: ['loops'],
  emit: (node) =>
    stepBody([
      "pt = pass_point(require_schedule(schedule, 'the Euler–Maruyama step'), level, 'the Euler–Maruyama step')",
      `z = None if level.last else step_noise(x, level, ${py(node.params.stream)})`,
      "return {'x': euler_maruyama_update(predictor, x, pt, level.t - level.t_next, z)}",
    ]),
});
