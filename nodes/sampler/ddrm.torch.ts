import { posteriorSamplerEmitter } from '../../src/export/torch/posterior-emitter';

/** sampler/ddrm: posterior_samplers.py's ddrm, DDRM (Kawar et al. 2022) in the operator's spectral space, the lab's SVD (operator_svd.py); the lab's noise of every step. */
export default posteriorSamplerEmitter('sampler/ddrm', 'ddrm', ['steps', 'eta', 'etaB']);
