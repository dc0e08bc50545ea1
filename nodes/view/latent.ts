import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import type { ScatterPreview } from '../../src/engine/preview';
import { MAX_PREVIEW_POINTS, scatterPreview } from '../lib/previews';

export default defineNode({
  type: 'view/latent',
  version: 1,
  title: 'Latent map',
  category: 'view',
  inputs: {
    model: { type: 'vae', doc: 'a VAE with a latent dimension of at least 2' },
    data: { type: 'distribution', doc: 'labelled images (data/mnist): each point is coloured by its digit' },
  },
  outputs: { preview: 'preview' },
  params: z.object({
    n: z.number().int().min(10).max(MAX_PREVIEW_POINTS).default(2000).describe('images encoded and drawn'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0).describe('seed of the draw of images'),
  }),
  mainParams: ['n'],
  docs: {
    summary: 'Encodes a draw of labelled images and plots their posterior means μ(x) (first two latent coordinates), coloured by label: how well the VAE’s code separates the digits.',
    equation: String.raw`x_i \mapsto \mu_\phi(x_i) \in \mathbb R^2,\ \text{coloured by } y_i`,
    reference: 'Chan §1; Kingma & Welling 2014, Fig. 4 (the 2-D latent space of MNIST)',
  },
  run: async (inputs, p, ctx) => {
    const vae = inputs.model;
    const dist = inputs.data;
    if (dist.dim !== vae.config.height * vae.config.width) throw new NodeRunError(`data: images have ${dist.dim} pixels, the VAE was made for ${vae.config.height * vae.config.width}`, 'data');
    const { x, labels } = dist.sampleWithLabels ? dist.sampleWithLabels(p.n, ctx.seed) : { x: dist.sample(p.n, ctx.seed), labels: undefined };
    const { mu, logvar } = vae.encode(x);
    try {
      const preview: ScatterPreview = await scatterPreview(mu, { maxPoints: p.n, title: `latent means μ(x) of ${dist.name}` });
      if (labels) preview.groups = Int32Array.from(labels);
      return { preview };
    } finally {
      tf.dispose([x, mu, logvar]);
    }
  },
});
