import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { buildUNet, unetConfig, type UNetConfig } from '../lib/nn/unet';
import { unetParamCount, unetShapeIssue } from '../lib/nn/unet-layout';
import { loadedModelPersist } from '../lib/nn/persist-model';

export default defineNode({
  type: 'model/unet',
  version: 1,
  title: 'Score network (U-Net)',
  category: 'model',
  inputs: {},
  outputs: {
    model: { type: 'score-net', doc: 'an untrained convolutional score network on images [N, H, W, C] (or their rows [N, H·W·C])' },
    parameters: { type: 'number', doc: 'number of weights' },
  },
  params: z.object({
    height: z.number().int().min(4).max(64).default(28).describe('image height H'),
    width: z.number().int().min(4).max(64).default(28).describe('image width W'),
    channels: z.number().int().min(1).max(4).default(1).describe('image channels C (1 for digits)'),
    levels: z.array(z.number().int().min(8).max(256)).min(1).max(4).default([32, 64, 64]).describe('channels per resolution level (each level after the first halves the image); multiples of 8'),
    blocks: z.number().int().min(1).max(3).default(1).describe('residual blocks per level (down and up)'),
    attention: z.boolean().default(false).describe('self-attention at the lowest resolution'),
    classes: z.literal([0, 10]).default(0).describe('0: unconditional; 10: a learnt embedding per digit plus a null class (10 = no label), for classifier-free guidance'),
    embedding: z.enum(['sinusoidal', 'fourier']).default('sinusoidal').describe('features of the noise level ¼ ln σ (as model/score-mlp)'),
    output: z.enum(['eps', 'score', 'x0', 'v', 'flow']).default('eps').describe('what the network predicts natively: the noise ε, the score, the clean x₀, the v-prediction or the flow-matching velocity ε − x₀'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0).describe('seed of the initial weights'),
  }),
  mainParams: ['levels', 'output'],
  docs: {
    summary:
      'An untrained U-Net for images, with the same input scaling and noise-level embedding as model/score-mlp: it sees x̃ = x/a at σ = s/a, so one trained network serves every schedule and every sampler.',
    equation: String.raw`F_\theta\big(c_\text{in}(\sigma)\,\tilde x,\ \text{emb}(\tfrac14\ln\sigma)\big),\quad c_\text{in} = \tfrac{1}{\sqrt{1+\sigma^2}};\qquad \hat\varepsilon = F,\quad \hat s = F/\sigma,\quad \hat x_0 = \tfrac{\tilde x}{1+\sigma^2} + \tfrac{\sigma}{\sqrt{1+\sigma^2}}F`,
    reference: 'Chan §2.4 (the network ε̂_θ); Ronneberger et al. 2015 (U-Net); Ho et al. 2020 (its diffusion form: residual blocks, GroupNorm, noise-level embedding, attention at low resolution); Ho & Salimans 2022 (a null class for guidance)',
    notes: [
      'Layout (NHWC, 3×3 convolutions, padding 1): a 3×3 conv to c₀; per level, residual blocks then a stride-2 conv (28 → 14 → 7); a middle of two residual blocks (with attention between them when on); back up, each level concatenating the skip from the way down, residual blocks, then nearest upsampling to the skip’s size and a conv; GroupNorm (8 groups), SiLU and a zero-initialised 3×3 conv to C channels, so the net starts at F = 0.',
      'A residual block adds a per-channel projection of the noise-level embedding e = W₂ SiLU(W₁ emb + b₁) + b₂ (width 4c₀, plus the class’s learnt row when classes = 10) between its two convolutions.',
      'Weights: He-normal convolutions and dense layers, zero biases, GroupNorm γ = 1, β = 0; all in one flat vector (one Adam variable).',
      'The default [32, 64, 64] with one block per level has 774 881 weights (shown on the node as `parameters`).',
    ].join('\n'),
  },
  persist: loadedModelPersist((model) => ({ parameters: unetParamCount(model.config as UNetConfig) })),
  run: (_inputs, p, ctx) => {
    const config = unetConfig({ height: p.height, width: p.width, channels: p.channels, levels: p.levels, blocks: p.blocks, attention: p.attention, classes: p.classes, embedding: p.embedding, output: p.output }, ctx.seed);
    const issue = unetShapeIssue(config);
    if (issue) throw new NodeRunError(`levels: ${issue}`);
    return { model: buildUNet(config, ctx.seed), parameters: unetParamCount(config) };
  },
});
