import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** view/latent: the VAE's latent means μ(x_i) of n images, first two coordinates, a PNG (coloured by digit where labelled). */
export default defineTorchExport({
  type: 'view/latent',
  helpers: ['views'],
  emit: (node) =>
    [
      `n = ${py(node.params.n)}`,
      "if data.dim != model.config['height'] * model.config['width']:",
      "    raise NodeError(f\"data: images have {data.dim} pixels, the VAE was made for {model.config['height'] * model.config['width']}\")",
      "x = data.sample_with_labels(n, ctx.seed)[0] if getattr(data, 'sample_with_labels', None) else data.sample(n, ctx.seed)",
      'mu, _ = model.encode(x)',
      "return {'preview': scatter_view(ctx, mu, None, n, f'latent means μ(x) of {data.name}')}",
    ].join('\n'),
});
