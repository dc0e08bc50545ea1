import { defineTorchExport } from '../../src/export/torch/emitter';

/** metric/consistency: RMS_i = √(‖A x̂_i − y_i‖² / r), r = rank A (operators.py's measured_entries); mean, max, mean/σ_y. */
export default defineTorchExport({
  type: 'metric/consistency',
  helpers: ['operators'],
  emit: () =>
    [
      'if x.dim() < 2 or x.shape[0] < 1:',
      "    raise NodeError(f'x: expected a batch [N, …] (points [n, d] or images [N, H, W, C]) with N ≥ 1, got shape {list(x.shape)}')",
      'meas = measurement_inputs(operator, y, x, "x")',
      'if meas is None:',
      "    raise NodeError('operator: connect the operator and y of the measurement')",
      'op, ys = meas',
      'sq = (op.apply(x) - ys).square().reshape(x.shape[0], -1).sum(1).double()',
      'rms = (sq / measured_entries(op)).sqrt()',
      'mean = float(rms.mean())',
      '# rms / σ_y as JavaScript divides: σ_y = 0 gives +∞ (or NaN for a zero residual).',
      "ratio = mean / op.sigma_y if op.sigma_y else (float('inf') if mean > 0 else float('nan'))",
      "return {'rms': mean, 'max': float(rms.max()), 'ratio': ratio}",
    ].join('\n'),
});
