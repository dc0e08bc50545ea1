import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { points } from '../../src/engine/port-values';

export default defineNode({
  type: 'vae/decode',
  version: 1,
  title: 'VAE decode',
  category: 'vae',
  inputs: {
    model: { type: 'vae', doc: 'a VAE (model/vae, trained by train/vae)' },
    z: { type: 'tensor', doc: 'latent codes [n, L]: encoded images, prior draws, or a diffusion model’s samples' },
  },
  outputs: { images: { type: 'images', doc: 'decoded grey images [N, H, W, 1] in [−1, 1]' } },
  params: z.object({}),
  docs: {
    summary: 'Maps latent codes to images: the mean of the decoder’s Bernoulli p(x|z), as grey levels in [−1, 1].',
    equation: String.raw`\hat x = 2\,\operatorname{sig}(\ell_\theta(z)) - 1 = \tanh\!\big(\tfrac12\ell_\theta(z)\big)`,
    reference: 'Chan §1 (the decoder); Kingma & Welling 2014',
  },
  run: (inputs) => {
    const vae = inputs.model;
    const z = points(inputs.z, 'z');
    const rows = vae.decode(z);
    const images = tf.reshape(rows, [z.shape[0], vae.config.height, vae.config.width, 1]) as tf.Tensor4D;
    rows.dispose();
    return { images };
  },
});
