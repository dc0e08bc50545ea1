import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { ACTIVATIONS } from '../lib/nn/activation';
import { buildScoreNet, scoreNetConfig } from '../lib/nn/score-net';
import { loadedModelPersist } from '../lib/nn/persist-model';

export default defineNode({
  type: 'model/score-mlp',
  version: 1,
  title: 'Score network (MLP)',
  category: 'model',
  inputs: {},
  outputs: { model: 'score-net' },
  params: z.object({
    dim: z.number().int().min(1).max(4096).default(2).describe('dimension d of the data (2 for toy data, the latent size for latent diffusion)'),
    hidden: z.number().int().min(8).max(1024).default(128).describe('width of each hidden layer'),
    layers: z.number().int().min(1).max(8).default(3).describe('number of hidden layers'),
    activation: z.enum(ACTIVATIONS).default('silu').describe('hidden-layer nonlinearity'),
    embedding: z.enum(['sinusoidal', 'fourier']).default('sinusoidal').describe('features of the noise level: fixed geometric frequencies, or random Fourier features'),
    output: z.enum(['eps', 'score', 'x0', 'v', 'flow']).default('eps').describe('what the network predicts natively: the noise ε, the score, the clean x₀, the v-prediction or the flow-matching velocity ε − x₀'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0).describe('seed of the initial weights (and of the Fourier frequencies)'),
  }),
  mainParams: ['hidden', 'layers', 'output'],
  docs: {
    summary:
      'An untrained noise-conditional MLP. It sees the point scaled to x̃ = x/a and the noise level σ = s/a, so one trained network serves every schedule path (train on VP, sample on VE).',
    equation: String.raw`F_\theta\big(c_\text{in}(\sigma)\,\tilde x,\ \text{emb}(\tfrac14\ln\sigma)\big),\quad \tilde x = x/a,\ \sigma = s/a,\quad c_\text{in} = \tfrac{1}{\sqrt{1+\sigma^2}};\qquad \hat\varepsilon = F,\quad \hat s = F/\sigma,\quad \hat x_0 = \tfrac{\tilde x}{1+\sigma^2} + \tfrac{\sigma}{\sqrt{1+\sigma^2}}F`,
    reference: 'Chan §2.4 (the network ε̂_θ), §3 (s_θ(x, σ)); preconditioning from Karras et al. 2022 (EDM), score scaling from Song & Ermon 2020 (NCSNv2)',
    notes: [
      'Architecture: [c_in·x̃, 16 features of ¼ ln σ] → hidden × layers → d, one flat parameter vector (fast Adam on WASM), He-initialised, the last layer scaled by 0.1 so the net starts near zero.',
      '- **sinusoidal**: sin/cos of ω_k·¼ ln σ with 8 frequencies from π/4 to 16π (geometric).',
      '- **fourier**: sin/cos of 2πW_k·¼ ln σ with W_k ~ N(0, 1) drawn from the seed (random Fourier features).',
      'c_in makes the input unit-scale at every σ (on a VP path c_in·x̃ = x exactly). The three outputs keep the raw output F unit-scale: ε̂ = F; the score ŝ = F/σ (in x̃-space; read on a path it is divided by a); x̂₀ adds the skip c_skip·x̃ (σ_data = 1).',
      'The data dimension is a parameter (not inferred) so the model exists before any data reaches it; train/denoising checks that the data match it.',
    ].join('\n'),
  },
  persist: loadedModelPersist(),
  run: (_inputs, p, ctx) => {
    const { dim, hidden, layers, activation, embedding, output } = p;
    return { model: buildScoreNet(scoreNetConfig({ dim, hidden, layers, activation, embedding, output }, ctx.seed), ctx.seed) };
  },
});
