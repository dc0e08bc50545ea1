import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** measure/denoise: A = I (operators.py's all-ones MaskOperator), y = x + σ_y n. */
export default defineTorchExport({
  type: 'measure/denoise',
  helpers: ['operators'],
  emit: (node) =>
    [
      `make = lambda s: MaskOperator(np.ones(s[0] * s[1], dtype=np.float32), s, ${py(node.params.sigmaY)}, 'identity (denoising)', ctx.device)`,
      'return run_measurement(ctx, x, make)',
    ].join('\n'),
});
