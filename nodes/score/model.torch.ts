import { defineTorchExport, py } from '../../src/export/torch/emitter';

/**
 * score/model: the network read at x̃ = x/a, σ = s/a; a score output divided by a
 * (models/score_predictor.py). A digit conditions a class-conditional U-Net, 'each' gives row i
 * the digit i mod 10; class none is the unconditional prediction, as in the lab (no label given).
 */
export default defineTorchExport({
  type: 'score/model',
  helpers: ['models/score_predictor'],
  emit: (node) => {
    const c = node.params.class;
    const label = c === undefined || c === 'none' ? '' : `, ${c === 'each' ? py('each') : py(Number(c))}`;
    return `return {'predictor': score_net_predictor(model${label})}`;
  },
});
