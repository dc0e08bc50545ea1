import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** view/series: a PNG line plot of the curve (log axes as asked). */
export default defineTorchExport({
  type: 'view/series',
  helpers: ['views'],
  emit: (node) => `return {'preview': series_view(ctx, series, ${py(node.params.maxPoints)}, ${py(node.params.logY)}, ${py(node.params.logX)})}`,
});
