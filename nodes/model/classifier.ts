import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { buildClassifier, classifierConfig, classifierParamCount, type ClassifierConfig } from '../lib/nn/classifier-net';
import { loadedModelPersist } from '../lib/nn/persist-model';

export default defineNode({
  type: 'model/classifier',
  version: 1,
  title: 'Digit classifier (CNN)',
  category: 'model',
  inputs: {},
  outputs: { model: { type: 'classifier', doc: 'an untrained CNN: class logits and penultimate features of digit images' }, parameters: { type: 'number', doc: 'number of weights' } },
  params: z.object({
    size: z.literal([28, 14]).default(28).describe('image side (28 for MNIST, 14 for its small version)'),
    channels1: z.number().int().min(1).max(64).default(8).describe('channels of the first 3×3 convolution'),
    channels2: z.number().int().min(1).max(128).default(16).describe('channels of the second 3×3 convolution'),
    hidden: z.number().int().min(8).max(512).default(64).describe('width of the feature layer (the features metric/digits compares)'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0).describe('seed of the initial weights'),
  }),
  mainParams: ['hidden'],
  docs: {
    summary: 'An untrained small convolutional network for digit images: two 3×3 convolutions with ReLU and 2×2 max-pooling, a dense feature layer, and 10 class logits. Train it with train/classifier; metric/digits judges generated digits by its features.',
    equation: String.raw`\phi(x) = \mathrm{relu}\big(W_3\,\mathrm{vec}(P(\mathrm{relu}(K_2 * P(\mathrm{relu}(K_1 * x + b_1)) + b_2))) + b_3\big),\quad p(y\mid x) = \mathrm{softmax}(W_4\,\phi(x) + b_4)`,
    reference: 'LeCun et al. 1998 (convolutional digit classifiers); Heusel et al. 2017 (judging samples by a classifier’s features, FID)',
    notes: [
      'Inputs are grey images in [−1, 1]: [N, s, s, 1], [N, s, s] or rows [N, s²]. Convolutions are "same" (zero padding), pooling is 2×2 with stride 2, so the dense layer sees ⌊s/4⌋²·c₂ numbers.',
      'Weights: He-normal N(0, 2/fan-in), zero biases, in one flat vector θ. With the defaults at 28×28 the network has 52 k weights and 0.33 M multiply-adds per image; trained by graphs/recipes/mnist-classifier.json it is right on 95.6% of held-out digits (16 and 32 channels: 95.4% after 3 epochs, at 3× the cost).',
    ].join('\n\n'),
  },
  persist: loadedModelPersist((model) => ({ parameters: classifierParamCount(model.config as ClassifierConfig) })),
  run: (_inputs, p, ctx) => {
    const config = classifierConfig({ size: p.size, channels: [p.channels1, p.channels2], hidden: p.hidden });
    return { model: buildClassifier(config, ctx.seed), parameters: classifierParamCount(config) };
  },
});
