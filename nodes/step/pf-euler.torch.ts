import { defineTorchExport } from '../../src/export/torch/emitter';
import { stepBody } from '../../src/export/torch/common';

/** step/pf-euler: x ← x + h·v(t, x), v the probability-flow drift (EDM's (x − x̂_0)/σ on the sigmas grid). */
export default defineTorchExport({
  type: 'step/pf-euler',
  helpers: ['loops'],
  emit: () =>
    stepBody([
      "drift = pass_drift(require_schedule(schedule, 'the probability-flow step'), level, 'the probability-flow step')",
      "return {'x': euler_step(predictor, x, drift, level.t, level.t_next - level.t)}",
    ]),
});
