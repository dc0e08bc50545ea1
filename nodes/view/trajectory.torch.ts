import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** view/trajectory: a PNG of the followed points' paths through the kept frames. */
export default defineTorchExport({
  type: 'view/trajectory',
  helpers: ['views'],
  emit: (node) => `return {'preview': trajectory_view(ctx, trajectory, ${py(node.params.maxPoints)}, ${py(node.params.maxFrames)})}`,
});
