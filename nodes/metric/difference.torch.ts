import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** metric/difference: max |a − c·b| and mean (a − c·b)², row i of b against row i of a. */
export default defineTorchExport({
  type: 'metric/difference',
  helpers: ['metrics'],
  emit: (node) =>
    [
      'a_, b_ = point_pair(a, b)',
      'if a_.shape[0] != b_.shape[0]:',
      "    raise NodeError(f\"b: {b_.shape[0]} rows do not match a's {a_.shape[0]} rows (the comparison is row by row)\")",
      `diff = a_ - b_ * ${py(node.params.scale)}`,
      "return {'maxAbs': float(diff.abs().max()), 'mse': float((diff * diff).mean())}",
    ].join('\n'),
});
