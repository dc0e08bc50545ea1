import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { ACTIVATIONS } from '../lib/nn/activation';
import { buildVae } from '../lib/nn/vae-net';
import { loadedModelPersist } from '../lib/nn/persist-model';

export default defineNode({
  type: 'model/vae',
  version: 1,
  title: 'Variational autoencoder',
  category: 'model',
  inputs: {},
  outputs: { model: 'vae' },
  params: z.object({
    height: z.number().int().min(1).max(64).default(28).describe('image height (28 for MNIST, 14 for its small version)'),
    width: z.number().int().min(1).max(64).default(28).describe('image width'),
    latentDim: z.number().int().min(1).max(64).default(2).describe('dimension L of the latent code z (2 can be drawn as a map)'),
    hidden: z.number().int().min(16).max(1024).default(256).describe('width of the hidden layer of encoder and decoder'),
    activation: z.enum(ACTIVATIONS).default('relu').describe('hidden-layer nonlinearity'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0).describe('seed of the initial weights'),
  }),
  mainParams: ['latentDim', 'hidden'],
  docs: {
    summary: 'An untrained VAE for images: an encoder to a Gaussian q(z|x) and a Bernoulli decoder p(x|z), one hidden layer each.',
    equation: String.raw`q_\phi(z\mid x) = \mathcal N\big(\mu_\phi(x), \operatorname{diag}\sigma^2_\phi(x)\big),\quad p_\theta(x\mid z) = \prod_i \operatorname{Bern}\!\big(\tfrac{x_i+1}{2};\ \operatorname{sig}(\ell_{\theta,i}(z))\big),\quad p(z) = \mathcal N(0, I)`,
    reference: 'Chan §1 (variational autoencoders, the ELBO); Kingma & Welling 2014 (Appendix C: MLP encoder and Bernoulli decoder)',
    notes:
      'Encoder D → hidden → 2L (μ and log σ²), decoder L → hidden → D logits ℓ; the decoded image is tanh(ℓ/2) = 2·sig(ℓ) − 1 ∈ [−1, 1]. Pixel intensities (x+1)/2 are treated as Bernoulli probabilities, as in Kingma & Welling’s MNIST experiments.',
  },
  persist: loadedModelPersist(),
  run: (_inputs, p, ctx) => {
    const { height, width, latentDim, hidden, activation } = p;
    return { model: buildVae({ kind: 'vae', height, width, latentDim, hidden, activation }, ctx.seed) };
  },
});
