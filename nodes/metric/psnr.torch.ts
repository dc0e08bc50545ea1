import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** metric/psnr: PSNR_i = 10 log₁₀(R² / mse_i), R = 2 (images in [−1, 1]); mean over images, min, per-image series. */
export default defineTorchExport({
  type: 'metric/psnr',
  emit: (node) =>
    [
      'n, m = x.shape[0], reference.shape[0]',
      'd = x.numel() // n',
      'if not ((m == n or m == 1) and reference.numel() // m == d):',
      "    raise NodeError(f'reference: expected {n} images (or one) of {d} entries like x {list(x.shape)}, got {list(reference.shape)}')",
      `judged = (x.clamp(-1, 1) if ${py(node.params.clip)} else x).reshape(n, d)`,
      'mse = (judged - reference.reshape(m, d)).square().mean(1).double()',
      "psnr = [10 * math.log10(4 / e) if e > 0 else float('inf') for e in mse.tolist()]",
      "per_image = Series('PSNR', 'image', 'dB', list(range(n)), psnr)",
      "return {'value': sum(psnr) / n, 'min': min(psnr), 'perImage': per_image}",
    ].join('\n'),
});
