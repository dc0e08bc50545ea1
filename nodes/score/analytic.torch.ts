import { defineTorchExport } from '../../src/export/torch/emitter';

/** score/analytic: the exact score of a Gaussian mixture noised along (a, s) (distributions.py's mixture_score). */
export default defineTorchExport({
  type: 'score/analytic',
  helpers: ['distributions', 'predictors'],
  emit: () =>
    [
      'if dist.mixture is None:',
      "    raise NodeError(f\"dist: '{dist.name}' has no exact Gaussian-mixture form, so its exact score is unknown\")",
      "return {'predictor': Predictor(f'exact score of {dist.name}', 'score', lambda x, a, s: mixture_score(x, dist.mixture, a, s))}",
    ].join('\n'),
});
