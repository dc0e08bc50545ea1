import { defineTorchExport } from '../../src/export/torch/emitter';
import { kwargs, samplerBody } from '../../src/export/torch/common';

/** sampler/dpm-solver (Lu et al. 2022a/b; k-diffusion sample_dpmpp_2m): dpm_solver.py's dpm_solver_sample. */
export default defineTorchExport({
  type: 'sampler/dpm-solver',
  helpers: ['dpm_solver'],
  emit: (node) =>
    samplerBody([`out = dpm_solver_sample(predictor, schedule, xT, ${kwargs(node, ['algorithm', 'order', 'method', 'grid', 'steps', 'spacing', 'tEnd', 'lowerOrderFinal'])})`]),
});
