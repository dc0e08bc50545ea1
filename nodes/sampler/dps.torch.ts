import { posteriorSamplerEmitter } from '../../src/export/torch/posterior-emitter';

/** sampler/dps: posterior_samplers.py's dps, DPS (Chung et al. 2023, Algorithm 1); the lab's noise of every step. */
export default posteriorSamplerEmitter('sampler/dps', 'dps', ['zeta']);
