import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** data/toy2d: toy2d.py's data sets (FFJORD scales; the lab's own seeded draws). */
export default defineTorchExport({
  type: 'data/toy2d',
  helpers: ['toy2d'],
  emit: (node) => `return {'dist': toy2d(${py(node.params.name)}, ctx.device)}`,
});
