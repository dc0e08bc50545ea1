import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** metric/coordinate-moments: mean and unbiased variance of one coordinate, or of all n·d entries pooled. */
export default defineTorchExport({
  type: 'metric/coordinate-moments',
  helpers: ['metrics'],
  emit: (node) =>
    [
      `dim = ${py(node.params.dim)}`,
      "n, d = points(x, 'x', 2).shape",
      'if dim is not None and dim >= d:',
      "    raise NodeError(f'x: dim {dim} is out of range for points of dimension {d}')",
      'values = (x.reshape(-1) if dim is None else x[:, dim]).double()',
      "return {'mean': float(values.mean()), 'variance': float(values.var(unbiased=True))}",
    ].join('\n'),
});
