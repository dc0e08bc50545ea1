import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** view/histogram: a PNG histogram of one coordinate in equal-width bins. */
export default defineTorchExport({
  type: 'view/histogram',
  helpers: ['views'],
  emit: (node) => `return {'preview': histogram_view(ctx, x, ${py(node.params.bins)}, ${py(node.params.dim)})}`,
});
