import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { scoreNetPredictor } from '../lib/nn/score-predictor';
import migrate from './model.migrate';

/** The class a prediction is conditioned on: none (the unconditional prediction), one digit, or each sample its own (i mod 10). */
const CLASSES = ['none', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'each'] as const;

export default defineNode({
  type: 'score/model',
  version: 2,
  migrate, // version 1's class was a number (10: none): model.migrate.ts
  title: 'Learned predictor',
  category: 'score',
  inputs: { model: { type: 'score-net', doc: 'a score network (model/score-mlp or model/unet, trained or not)' } },
  outputs: { predictor: 'predictor' },
  params: z.object({
    class: z
      .enum(CLASSES)
      .default('none')
      .describe('with a class-conditional network (model/unet with classes 10): none for the unconditional prediction (as trained with label dropout), a digit 0–9 for every sample, or each: sample i gets digit i mod 10 (a balanced batch; in a grid of 10 or 20 columns, the columns read 0…9)'),
  }),
  docs: {
    summary:
      'Reads a score network as a predictor of (x, a, s) that every sampler can use, on any schedule path: the net is evaluated at x̃ = x/a and σ = s/a, and its native reading is carried back to x.',
    equation: String.raw`\hat\varepsilon(x; a, s) = \hat\varepsilon_\theta(x/a, s/a),\quad \hat x_0(x; a, s) = \hat x_{0,\theta}(x/a, s/a),\quad \nabla_x \log p_t(x) = \tfrac1a\, \hat s_\theta(x/a, s/a)`,
    reference: 'Chan §3.3 (Tweedie: score, noise and denoiser are one function); Kingma et al. 2021 (the path depends only on σ = s/a up to scale)',
    notes: [
      'Why one net serves every path: x = a x₀ + s ε means x/a = x₀ + (s/a) ε, the VE point at σ = s/a. So ε and x₀ are the same in both spaces, and since p_t(x) = p_σ(x/a)/a^d the score picks up a factor 1/a.',
      'No schedule input is needed: samplers pass (a, s) at each step. The predictor holds no weights of its own; the model node owns them.',
      'class: a class-conditional network learns ε̂(x̃, σ, c) for each digit c and, from the examples whose label was dropped in training (train/denoising’s pUncond), ε̂(x̃, σ, ∅) with the null class ∅ (class none): the unconditional prediction (Ho & Salimans 2022). Classifier-free guidance mixes the two.',
      'class each conditions sample i on digit i mod 10: every digit is asked for equally often, the way class-conditional generators are judged (an ImageNet model’s FID is taken over samples of all classes alike); metric/digits’ class histogram then shows whether the classes come out as asked. The label goes by a row’s place in the batch the predictor is asked about: samplers ask about the whole batch, but view/denoising-replay asks about its rows first … first + samples − 1 alone, so with class each its x̂₀ follows the asked digits when first is a multiple of 10.',
    ].join('\n'),
  },
  run: (inputs, p) => ({ predictor: scoreNetPredictor(inputs.model, p.class === 'none' ? undefined : p.class === 'each' ? 'each' : Number(p.class)) }),
});
