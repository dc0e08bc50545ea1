import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** metric/mmd (Gretton et al. 2012): MMD² with a Gaussian kernel, the lab's seeded subsets, median heuristic and data-to-data floor. */
export default defineTorchExport({
  type: 'metric/mmd',
  helpers: ['metrics'],
  emit: (node) => {
    const p = node.params;
    return [`value, h, floor = mmd(a, b, ${py(p.bandwidth)}, ${py(p.unbiased)}, ${py(p.maxPoints)}, ctx.seed)`, "return {'value': value, 'bandwidth': h, 'floor': floor}"].join('\n');
  },
});
