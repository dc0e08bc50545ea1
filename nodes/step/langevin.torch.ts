import { defineTorchExport, py } from '../../src/export/torch/emitter';
import { stepBody } from '../../src/export/torch/common';

/** step/langevin: x ← x + τ·score(x; a, s) + sqrt(2τ)·z, τ fixed or annealed τ·s²/s_L² (Song & Ermon 2019). */
export default defineTorchExport({
  type: 'step/langevin',
  helpers: ['loops'],
  emit: (node) =>
    stepBody([
      `tau, scaling = ${py(node.params.tau)}, ${py(node.params.scaling)}`,
      "if level.s == 0 and predictor.native != 'score':",
      "    raise NodeError(f\"predictor: s = 0 needs a predictor that computes the score itself; '{predictor.name}' computes {predictor.native}\")",
      "if scaling == 'annealed' and not level.s_last > 0:",
      "    raise NodeError('level: the annealed step size τ·s²/s_L² needs a smallest level s_L > 0')",
      "tau = tau * level.s * level.s / (level.s_last * level.s_last) if scaling == 'annealed' else tau",
      `return {'x': langevin_update(predictor, x, level.a, level.s, tau, step_noise(x, level, ${py(node.params.stream)}))}`,
    ]),
});
