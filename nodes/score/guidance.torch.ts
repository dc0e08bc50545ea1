import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** score/guidance: (1 + w)·s(x, c) − w·s(x) in the conditional predictor's native reading. */
export default defineTorchExport({
  type: 'score/guidance',
  helpers: ['predictors'],
  emit: (node) =>
    [
      `w = ${py(node.params.w)}`,
      'native = conditional.native',
      '',
      'def evaluate(x, a, s):',
      '    yc = read_as(conditional, x, a, s, native)',
      '    return yc if w == 0 else (1 + w) * yc - w * read_as(unconditional, x, a, s, native)',
      '',
      "return {'predictor': Predictor(f'{conditional.name}, guided (w = {w}) against {unconditional.name}', native, evaluate)}",
    ].join('\n'),
});
