import { defineTorchExport } from '../../src/export/torch/emitter';

/** vae/decode: x̂ = tanh(ℓ(z)/2) as grey images [N, H, W, 1]. */
export default defineTorchExport({
  type: 'vae/decode',
  helpers: ['models/model_file'],
  emit: () =>
    [
      "L, H, W = model.config['latentDim'], model.config['height'], model.config['width']",
      'if z.dim() != 2 or z.shape[1] != L:',
      "    raise NodeError(f'z: expected latent codes [n, {L}], got {list(z.shape)}')",
      "return {'images': model.decode(z).reshape(z.shape[0], H, W, 1)}",
    ].join('\n'),
});
