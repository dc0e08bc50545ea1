import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** metric/accuracy: acc = #{argmax ℓ(x_i) = y_i}/n and the fraction with max softmax > τ, on n labelled images of the node's seed. */
export default defineTorchExport({
  type: 'metric/accuracy',
  helpers: ['digits'],
  emit: (node) =>
    [
      'if getattr(data, "sample_with_labels", None) is None:',
      "    raise NodeError(f\"data: '{data.name}' has no labels (connect data/mnist)\")",
      `x, labels = data.sample_with_labels(${py(node.params.n)}, ctx.seed)`,
      '_, predicted, confidence = read_classifier(classifier, x)',
      "return {'accuracy': float((predicted == labels.cpu()).double().mean()), " + `'confident': float((confidence > ${py(node.params.threshold)}).double().mean())}`,
    ].join('\n'),
});
