import { defineTorchExport } from '../../src/export/torch/emitter';

/**
 * score/analytic: the exact score of the data noised along (a, s): an isotropic Gaussian mixture's
 * (distributions.py's mixture_score), or the distribution's own exact_score(x, a, s) where it has one
 * (a full-covariance posterior, issue 18).
 */
export default defineTorchExport({
  type: 'score/analytic',
  helpers: ['distributions', 'predictors'],
  emit: () =>
    [
      "exact = getattr(dist, 'exact_score', None)",
      'if exact is not None:',
      "    return {'predictor': Predictor(f'exact score of {dist.name}', 'score', exact)}",
      'if dist.mixture is None:',
      "    raise NodeError(f\"dist: '{dist.name}' has no exact Gaussian-mixture form, so its exact score is unknown\")",
      "return {'predictor': Predictor(f'exact score of {dist.name}', 'score', lambda x, a, s: mixture_score(x, dist.mixture, a, s))}",
    ].join('\n'),
});
