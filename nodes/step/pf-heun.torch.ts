import { defineTorchExport } from '../../src/export/torch/emitter';
import { stepBody } from '../../src/export/torch/common';

/** step/pf-heun (Karras et al. 2022, Algorithm 1): Heun's trapezoid; Euler on the sigmas grid's pass to σ = 0. */
export default defineTorchExport({
  type: 'step/pf-heun',
  helpers: ['loops'],
  emit: () =>
    stepBody([
      "drift = pass_drift(require_schedule(schedule, 'the probability-flow step'), level, 'the probability-flow step')",
      "step = euler_step if level.grid == 'sigmas' and level.t_next == 0 else heun_step",
      "return {'x': step(predictor, x, drift, level.t, level.t_next - level.t)}",
    ]),
});
