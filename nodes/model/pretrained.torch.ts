import { defineTorchExport } from '../../src/export/torch/emitter';
import { loadShipped, shippedWeights } from './shipped-weights';

/** model/pretrained: the shipped score network, from weights/<node>.safetensors (the lab's file). */
export default defineTorchExport({
  type: 'model/pretrained',
  helpers: ['models/model_file', 'models/score_predictor'],
  emit: (node) => [loadShipped(node), "return {'model': net, 'predictor': score_net_predictor(net), 'parameters': count_parameters(net)}"].join('\n'),
  files: shippedWeights,
});
