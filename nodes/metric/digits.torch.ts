import { defineTorchExport, py } from '../../src/export/torch/emitter';

/**
 * metric/digits: the classifier's features of the samples (clipped to [−1, 1]) and of referenceN
 * real digits split into the floor's m = min(n, referenceN/2) and the reference B: fd = FD(samples, B),
 * floor = FD(m real, B), confident fractions and the class histogram.
 */
export default defineTorchExport({
  type: 'metric/digits',
  helpers: ['digits', 'views'],
  emit: (node) =>
    [
      `threshold, clip, reference_n = ${py(node.params.threshold)}, ${py(node.params.clip)}, ${py(node.params.referenceN)}`,
      'n = samples.shape[0]',
      'if n < 2:',
      "    raise NodeError(f'samples: needs at least 2 samples for a covariance, got {n}')",
      "side = classifier.config['size']",
      'if reference.dim != side * side:',
      "    raise NodeError(f'reference: images of {reference.dim} pixels, the classifier takes {side}×{side}')",
      'gen_f, gen_p, gen_c = read_classifier(classifier, samples.clamp(-1, 1) if clip else samples)',
      'real_f, real_p, real_c = read_classifier(classifier, reference.sample(reference_n, ctx.seed))',
      'm = min(n, reference_n // 2)',
      'ref = gaussian_stats(real_f[m:])',
      'fd, floor = frechet_distance(gaussian_stats(gen_f), ref), frechet_distance(gaussian_stats(real_f[:m]), ref)',
      'classes = classifier.config.get("classes", 10)',
      'fractions = [float((gen_p == k).double().mean()) for k in range(classes)]',
      "preview = lines_view(ctx, [('fraction of samples', list(range(classes)), fractions)], 'digit', 'fraction', f'classes of {n} samples')",
      'return {',
      "    'fd': fd, 'floor': floor, 'ratio': fd / floor,",
      "    'confident': float((gen_c > threshold).double().mean()), 'confidentReal': float((real_c[:m] > threshold).double().mean()),",
      "    'classMin': min(fractions), 'classMax': max(fractions),",
      "    'histogram': Series('predicted class', 'digit', 'fraction of samples', list(range(classes)), fractions), 'preview': preview,",
      '}',
    ].join('\n'),
});
