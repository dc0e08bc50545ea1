import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** model/classifier: the lab's digit CNN (models/classifier.py) with the lab's initial weights from the node's seed. */
export default defineTorchExport({
  type: 'model/classifier',
  helpers: ['models/model_file'],
  emit: (node) => {
    const p = node.params;
    const config = { kind: 'digit-classifier', size: p.size, channels: [p.channels1, p.channels2], hidden: p.hidden, classes: 10 };
    return [`net = Classifier(${py(config)})`, 'net.init_lab(ctx.seed)', "return {'model': net.to(ctx.device), 'parameters': count_parameters(net)}"].join('\n');
  },
});
