import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** view/scatter: a PNG of the points (first two coordinates) over the optional reference, when matplotlib is installed. */
export default defineTorchExport({
  type: 'view/scatter',
  helpers: ['views'],
  emit: (node) => `return {'preview': scatter_view(ctx, x, locals().get('reference'), ${py(node.params.maxPoints)}, ${py(node.params.title)})}`,
});
