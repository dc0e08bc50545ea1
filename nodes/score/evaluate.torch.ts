import { defineTorchExport, py } from '../../src/export/torch/emitter';

/**
 * score/evaluate: the predictor at (a(t), s(t)) (t = t_of_sigma(σ) when σ is set), read as score,
 * ε̂, x̂_0, v, flow, or the path's velocity dx/dt = f·x − ½g²·score.
 */
export default defineTorchExport({
  type: 'score/evaluate',
  helpers: ['predictors'],
  emit: (node) =>
    [
      `as_, sigma = ${py(node.params.as)}, ${py(node.params.sigma)}`,
      `t = ${py(node.params.t)} if sigma is None else schedule.t_of_sigma(sigma)`,
      'a, s = schedule.a(t), schedule.s(t)',
      'if x.dim() < 2 or x.shape[0] < 1:',
      "    raise NodeError(f'x: expected a batch [N, …], got shape {list(x.shape)}')",
      "holds_x_over_a = ('x0', 'v', 'flow')",
      "reading = 'score' if as_ == 'velocity' else as_",
      "mixed = not (predictor.native == 'eps' and reading == 'x0') and not (predictor.native == 'score' and reading == 'eps')",
      "if predictor.native != reading and s == 0 and mixed and (predictor.native in holds_x_over_a or reading == 'score' or reading in holds_x_over_a):",
      "    raise NodeError(f\"s = 0 at this time: reading a '{predictor.native}' predictor as '{reading}' divides by s; choose t > 0 (or sigma > 0)\")",
      'if predictor.native != reading and a == 0 and reading in holds_x_over_a:',
      "    raise NodeError(f\"a = 0 at this time: the '{reading}' reading holds x/a and is undefined; choose a smaller t\")",
      "if as_ == 'velocity':",
      "    return {'y': affine_update(predictor, x, a, s, 'score', schedule.f(t), -0.5 * schedule.g2(t))}",
      "return {'y': read_as(predictor, x, a, s, as_)}",
    ].join('\n'),
});
