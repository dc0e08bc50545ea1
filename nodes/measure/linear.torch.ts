import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** measure/linear: posterior.py's MatrixOperator, y = x Aᵀ + σ_y n with the lab's normal numbers of the node's seed. */
export default defineTorchExport({
  type: 'measure/linear',
  helpers: ['posterior'],
  emit: (node) =>
    [
      `op = MatrixOperator(${py(node.params.matrix)}, ${py(node.params.sigmaY)}, ctx.device)`,
      'if x.dim() != 2 or x.shape[1] != len(op.matrix[0]):',
      "    raise NodeError(f'x: the matrix takes points of dimension {len(op.matrix[0])}, got shape {list(x.shape)}')",
      "return {'operator': op, 'y': op.apply(x) + op.sigma_y * ctx.normal((x.shape[0], len(op.matrix)))}",
    ].join('\n'),
});
