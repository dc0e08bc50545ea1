import { defineTorchExport } from '../../src/export/torch/emitter';

/** vae/encode: μ, log σ² of q(z|x) and z = μ + exp(½ log σ²)·ε with the lab's ε of the node's seed. */
export default defineTorchExport({
  type: 'vae/encode',
  helpers: ['models/model_file'],
  emit: () =>
    [
      "H, W = model.config['height'], model.config['width']",
      'if not ((x.dim() == 4 and x.shape[3] == 1 and tuple(x.shape[1:3]) == (H, W)) or (x.dim() == 3 and tuple(x.shape[1:]) == (H, W)) or (x.dim() == 2 and x.shape[1] == H * W)):',
      "    raise NodeError(f'x: shape {list(x.shape)} is not grey images [N, {H}, {W}, 1] or rows [N, {H * W}] (the VAE\\'s size)')",
      'mu, logvar = model.encode(x.reshape(x.shape[0], H * W))',
      "return {'mu': mu, 'logvar': logvar, 'z': mu + torch.exp(logvar * 0.5) * ctx.normal(mu.shape)}",
    ].join('\n'),
});
