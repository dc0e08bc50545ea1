import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { scoreNetPredictor } from '../lib/nn/score-predictor';
import { NULL_CLASS } from '../lib/nn/unet';

export default defineNode({
  type: 'score/model',
  version: 1,
  title: 'Learned predictor',
  category: 'score',
  inputs: { model: { type: 'score-net', doc: 'a score network (model/score-mlp or model/unet, trained or not)' } },
  outputs: { predictor: 'predictor' },
  params: z.object({
    class: z.number().int().min(0).max(NULL_CLASS).default(NULL_CLASS).describe(`the class to predict for, with a class-conditional network (model/unet with classes 10): a digit 0–9, or ${NULL_CLASS} for none (the unconditional prediction, as trained with label dropout)`),
  }),
  docs: {
    summary:
      'Reads a score network as a predictor of (x, a, s) that every sampler can use, on any schedule path: the net is evaluated at x̃ = x/a and σ = s/a, and its native reading is carried back to x.',
    equation: String.raw`\hat\varepsilon(x; a, s) = \hat\varepsilon_\theta(x/a, s/a),\quad \hat x_0(x; a, s) = \hat x_{0,\theta}(x/a, s/a),\quad \nabla_x \log p_t(x) = \tfrac1a\, \hat s_\theta(x/a, s/a)`,
    reference: 'Chan §3.3 (Tweedie: score, noise and denoiser are one function); Kingma et al. 2021 (the path depends only on σ = s/a up to scale)',
    notes: [
      'Why one net serves every path: x = a x₀ + s ε means x/a = x₀ + (s/a) ε, the VE point at σ = s/a. So ε and x₀ are the same in both spaces, and since p_t(x) = p_σ(x/a)/a^d the score picks up a factor 1/a.',
      'No schedule input is needed: samplers pass (a, s) at each step. The predictor holds no weights of its own; the model node owns them.',
      'class: a class-conditional network learns ε̂(x̃, σ, c) for each digit c and, from the examples whose label was dropped in training (train/denoising’s pUncond), ε̂(x̃, σ, ∅) with the null class ∅ = 10: the unconditional prediction (Ho & Salimans 2022). Classifier-free guidance mixes the two.',
    ].join('\n'),
  },
  run: (inputs, p) => ({ predictor: scoreNetPredictor(inputs.model, p.class === NULL_CLASS ? undefined : p.class) }),
});
