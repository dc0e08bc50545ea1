import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** metric/sliced-wasserstein (Bonneel et al. 2015): the lab's seeded directions and quantile matching, and its data-to-data floor. */
export default defineTorchExport({
  type: 'metric/sliced-wasserstein',
  helpers: ['metrics'],
  emit: (node) => [`value, floor = sliced_wasserstein(a, b, ${py(node.params.projections)}, ctx.seed)`, "return {'value': value, 'floor': floor}"].join('\n'),
});
