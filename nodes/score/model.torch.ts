import { defineTorchExport } from '../../src/export/torch/emitter';

/** score/model: the network read at x̃ = x/a, σ = s/a; a score output divided by a (models/score_predictor.py). */
export default defineTorchExport({
  type: 'score/model',
  helpers: ['models/score_predictor'],
  emit: () => "return {'predictor': score_net_predictor(model)}",
});
