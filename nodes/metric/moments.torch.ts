import { defineTorchExport } from '../../src/export/torch/emitter';

/** metric/moments: x̄ = (1/n) Σ x_i [1, d] and the unbiased covariance Σ̂ = (1/(n−1)) Σ (x_i − x̄)(x_i − x̄)ᵀ. */
export default defineTorchExport({
  type: 'metric/moments',
  helpers: ['metrics'],
  emit: () => ["x_ = points(x, 'x', 2)", 'mean = x_.mean(0, keepdim=True)', 'c = x_ - mean', "return {'mean': mean, 'cov': c.T @ c / (x_.shape[0] - 1)}"].join('\n'),
});
