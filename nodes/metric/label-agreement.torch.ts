import { defineTorchExport, py } from '../../src/export/torch/emitter';

/**
 * metric/label-agreement: the true digits' labels drawn again from the data with the node's seed (the
 * data/sample node with the same seed param drew those digits), against the classifier's classes of the samples.
 */
export default defineTorchExport({
  type: 'metric/label-agreement',
  helpers: ['digits'],
  emit: (node) =>
    [
      'if getattr(data, "sample_with_labels", None) is None:',
      "    raise NodeError(f\"data: '{data.name}' has no labels (connect data/mnist)\")",
      'drawn, labels = data.sample_with_labels(samples.shape[0], ctx.seed)',
      ...(node.inputs.reference
        ? [
            'gap = float((reference.reshape(drawn.shape).to(drawn.device) - drawn).abs().max())',
            'if not gap < 1e-5:',
            `    raise NodeError('reference: the digits drawn with seed ${Number(node.params.seed)} are not the reference images (set seed to the data/sample node’s seed)')`,
          ]
        : []),
      `_, predicted, confidence = read_classifier(classifier, samples.clamp(-1, 1) if ${py(node.params.clip)} else samples)`,
      "return {'agreement': float((predicted == labels.cpu()).double().mean()), " + `'confident': float((confidence > ${py(node.params.threshold)}).double().mean())}`,
    ].join('\n'),
});
