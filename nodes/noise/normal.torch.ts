import { defineTorchExport } from '../../src/export/torch/emitter';
import { batchShapePy } from '../../src/export/torch/common';

/** noise/normal: the lab's normal(shape, seed) numbers (lab_random.py), points [n, dim] or images [n, …shape]. */
export default defineTorchExport({
  type: 'noise/normal',
  emit: (node) => `return {'x': ctx.normal(${batchShapePy(node)})}`,
});
