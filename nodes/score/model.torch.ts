import { defineTorchExport, py } from '../../src/export/torch/emitter';
import { NULL_CLASS } from '../lib/nn/unet';

/**
 * score/model: the network read at x̃ = x/a, σ = s/a; a score output divided by a
 * (models/score_predictor.py). A class 0–9 conditions a class-conditional U-Net; the null class is
 * the unconditional prediction, as in the lab (no label given).
 */
export default defineTorchExport({
  type: 'score/model',
  helpers: ['models/score_predictor'],
  emit: (node) => `return {'predictor': score_net_predictor(model${node.params.class === NULL_CLASS || node.params.class === undefined ? '' : `, ${py(node.params.class)}`})}`,
});
