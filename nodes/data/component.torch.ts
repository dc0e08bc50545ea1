import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** data/component: the mixture restricted to the chosen components, weights renormalised (distributions.py). */
export default defineTorchExport({
  type: 'data/component',
  helpers: ['distributions'],
  emit: (node) =>
    [
      'if dist.mixture is None:',
      "    raise NodeError(f\"dist: '{dist.name}' is not a Gaussian mixture\")",
      'weights, means, stds = dist.mixture',
      `keep = sorted(set(${py(node.params.components)}))`,
      'if keep[-1] >= len(means):',
      "    raise NodeError(f'components: {keep[-1]} is not a component (there are {len(means)})')",
      "name = f\"{dist.name}, class {{{', '.join(map(str, keep))}}}\"",
      "return {'dist': mixture_distribution(name, [weights[k] for k in keep], [means[k] for k in keep], [stds[k] for k in keep], device=ctx.device)}",
    ].join('\n'),
});
