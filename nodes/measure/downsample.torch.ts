import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** measure/downsample: operators.py's f×f block average D_H ⊗ D_W, y = D x + σ_y n of shape [N, H/f, W/f, C]. */
export default defineTorchExport({
  type: 'measure/downsample',
  helpers: ['operators'],
  emit: (node) => `return run_measurement(ctx, x, lambda s: downsample_operator(s, ${py(node.params.factor)}, ${py(node.params.sigmaY)}, ctx.device))`,
});
