import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** forward/diffuse: x_t = a·x_0 + s·ε, ε the lab's normal(x_0's shape, seed); (a, s) at t or at level `index`. */
export default defineTorchExport({
  type: 'forward/diffuse',
  emit: (node) =>
    [
      `t, index = ${py(node.params.t)}, ${py(node.params.index)}`,
      'if index is None:',
      '    a, s = schedule.a(t), schedule.s(t)',
      'else:',
      '    level = next((l for l in schedule.levels() if l.i == index), None)',
      '    if level is None:',
      "        raise NodeError(f'index {index} is not a level of the {schedule.name} schedule (levels 1…{schedule.N})')",
      '    a, s = level.a, level.s',
      'eps = ctx.normal(x0.shape)',
      "return {'xt': x0 * a + eps * s, 'eps': eps}",
    ].join('\n'),
});
