import { defineTorchExport } from '../../src/export/torch/emitter';
import { loadShipped, shippedWeights } from './shipped-weights';

/** model/pretrained-classifier: the shipped digit classifier, from weights/<node>.safetensors (the lab's file). */
export default defineTorchExport({
  type: 'model/pretrained-classifier',
  helpers: ['models/model_file'],
  emit: (node) => [loadShipped(node), "return {'model': net, 'parameters': count_parameters(net)}"].join('\n'),
  files: shippedWeights,
});
