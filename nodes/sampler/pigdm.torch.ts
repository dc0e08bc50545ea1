import { posteriorSamplerEmitter } from '../../src/export/torch/posterior-emitter';

/** sampler/pigdm: posterior_samplers.py's pigdm, ΠGDM (Song et al. 2023); the lab's noise of every step. */
export default posteriorSamplerEmitter('sampler/pigdm', 'pigdm', ['steps', 'eta', 'guidance', 'weighting']);
