import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** measure/blur: operators.py's separable Gaussian blur B_H ⊗ B_W (zero boundary), y = B x + σ_y n. */
export default defineTorchExport({
  type: 'measure/blur',
  helpers: ['operators'],
  emit: (node) => `return run_measurement(ctx, x, lambda s: blur_operator(s, ${py(node.params.blur)}, ${py(node.params.sigmaY)}, ctx.device))`,
});
