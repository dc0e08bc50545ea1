import { defineTorchExport } from '../../src/export/torch/emitter';
import { kwargs } from '../../src/export/torch/common';

/** data/gaussian-mixture: distributions.py's mixture_distribution (weights normalised, the lab's draws). */
export default defineTorchExport({
  type: 'data/gaussian-mixture',
  helpers: ['distributions'],
  emit: (node) => `return {'dist': mixture_distribution('gaussian-mixture', ${kwargs(node, ['weights', 'means', 'stds'])}, device=ctx.device)}`,
});
