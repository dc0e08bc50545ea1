import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** data/tensor: the typed-in rows as a float32 tensor (numpy.array(values, dtype=float32)). */
export default defineTorchExport({
  type: 'data/tensor',
  emit: (node) => `return {'x': ctx.tensor(${py(node.params.values)})}`,
});
