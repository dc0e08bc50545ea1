import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** view/images: a PNG grid of grey images in [−1, 1]. */
export default defineTorchExport({
  type: 'view/images',
  helpers: ['views'],
  emit: (node) => `return {'preview': images_view(ctx, images, ${['cols', 'maxImages', 'height', 'width'].map((k) => py(node.params[k])).join(', ')})}`,
});
