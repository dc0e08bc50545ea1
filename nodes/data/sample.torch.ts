import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** data/sample: n points of the distribution from the node's seed (the lab's draw). */
export default defineTorchExport({
  type: 'data/sample',
  emit: (node) =>
    [
      `n = ${py(node.params.n)}`,
      'if n * dist.dim > 2 ** 25:',
      "    raise NodeError(f'n = {n} points of dimension {dist.dim} is more than 2^25 numbers')",
      "return {'x': dist.sample(n, ctx.seed)}",
    ].join('\n'),
});
