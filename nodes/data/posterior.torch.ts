import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** data/posterior: posterior.py's posterior_distribution of the prior mixture given row `index` of y. */
export default defineTorchExport({
  type: 'data/posterior',
  helpers: ['posterior'],
  emit: (node) =>
    [
      'if prior.mixture is None:',
      "    raise NodeError(f\"prior: '{prior.name}' is not a Gaussian mixture, so its posterior has no closed form\")",
      "if getattr(operator, 'matrix', None) is None:",
      "    raise NodeError(f\"operator: '{operator.name}' has no matrix form\")",
      `i = ${py(node.params.index)}`,
      'if i >= y.shape[0]:',
      "    raise NodeError(f'index = {i}, but y has {y.shape[0]} rows')",
      "return {'dist': posterior_distribution(prior, operator, y[i].detach().cpu().double().numpy(), ctx.device)}",
    ].join('\n'),
});
