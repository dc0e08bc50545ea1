import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { normal } from '../lib/random';
import { imageRows } from './inputs';

export default defineNode({
  type: 'vae/encode',
  version: 1,
  title: 'VAE encode',
  category: 'vae',
  inputs: {
    model: { type: 'vae', doc: 'a VAE (model/vae, trained by train/vae)' },
    x: { type: 'tensor', accepts: ['images'], doc: 'grey images [N, H, W, 1] (or [N, H, W]) or rows [N, H·W], values in [−1, 1]' },
  },
  outputs: {
    mu: { type: 'tensor', doc: 'posterior means μ(x), [n, L]' },
    logvar: { type: 'tensor', doc: 'posterior log-variances log σ²(x), [n, L]' },
    z: { type: 'tensor', doc: 'a sample z = μ + σ ε, [n, L]' },
  },
  params: z.object({ seed: z.number().int().min(0).max(2 ** 31 - 1).default(0).describe('seed of ε') }),
  docs: {
    summary: 'Maps images to their approximate posterior q(z|x) = N(μ, diag σ²) and draws one code per image by the reparameterisation trick.',
    equation: String.raw`z = \mu_\phi(x) + \exp\!\big(\tfrac12\log\sigma^2_\phi(x)\big)\odot\varepsilon,\quad \varepsilon \sim \mathcal N(0, I)`,
    reference: 'Chan §1 (the encoder and the reparameterisation trick); Kingma & Welling 2014, §2.4',
    notes: 'For latent diffusion, train the score network on z (or on μ for a deterministic code) and decode its samples with vae/decode.',
  },
  run: (inputs, _p, ctx) => {
    const vae = inputs.model;
    const x = imageRows(inputs.x, vae, 'x');
    try {
      const { mu, logvar } = vae.encode(x);
      const z = tf.tidy(() => tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), normal(mu.shape, ctx.seed))) as tf.Tensor2D);
      return { mu, logvar, z };
    } finally {
      if (x !== inputs.x) x.dispose();
    }
  },
});
