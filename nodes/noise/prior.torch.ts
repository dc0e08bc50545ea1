import { defineTorchExport } from '../../src/export/torch/emitter';
import { batchShapePy } from '../../src/export/torch/common';

/** noise/prior: x_T = σ_prior·z, z the lab's normal(shape, seed); σ_prior = 1 (VP), σ_max (VE), τ_max (flow). */
export default defineTorchExport({
  type: 'noise/prior',
  emit: (node) => `return {'x': ctx.normal(${batchShapePy(node)}) * schedule.prior_std}`,
});
