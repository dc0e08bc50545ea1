import { defineTorchExport } from '../../src/export/torch/emitter';
import { kwargs, samplerBody } from '../../src/export/torch/common';

/**
 * sampler/pf-ode (Song et al. 2021, eq. (13); Karras et al. 2022, eq. (3) and Algorithm 1): ode.py's
 * pf_ode_sample, the same grids, steps and Dormand–Prince control as nodes/lib/sampling/ode.ts and rk45.ts.
 */
export default defineTorchExport({
  type: 'sampler/pf-ode',
  helpers: ['ode'],
  emit: (node) => samplerBody([`out = pf_ode_sample(predictor, schedule, xT, ${kwargs(node, ['method', 'steps', 'rtol', 'atol', 'tEnd'])})`]),
});
