import { posteriorSamplerEmitter } from '../../src/export/torch/posterior-emitter';

/** sampler/repaint: posterior_samplers.py's repaint, RePaint (Lugmayr et al. 2022) with the official jump schedule; the lab's noise of every step. */
export default posteriorSamplerEmitter('sampler/repaint', 'repaint', ['jump', 'resamples']);
