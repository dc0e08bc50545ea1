import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import type { Predictor, Readout } from '../lib/predictor';
import { readAs } from '../lib/predictor';

/**
 * Classifier-free guidance: ŝ = (1 + w)·s(x, c) − w·s(x). Every reading is p·x + q·score with p and q
 * the same for both predictors (sampling/readout.ts), so the same combination of any common reading
 * is the reading of ŝ: (1 + w)(p x + q s_c) − w(p x + q s_u) = p x + q ŝ. The guided predictor reads
 * both in the conditional one's native reading.
 */
export function guidedPredictor(cond: Predictor, uncond: Predictor, w: number): Predictor {
  const native: Readout = cond.native;
  return {
    name: `${cond.name}, guided (w = ${w}) against ${uncond.name}`,
    native,
    evaluate: (x, a, s) =>
      tf.tidy(() => {
        const yc = readAs(cond, x, a, s, native);
        if (w === 0) return yc;
        return tf.sub(tf.mul(yc, 1 + w), tf.mul(readAs(uncond, x, a, s, native), w));
      }),
  };
}

export default defineNode({
  type: 'score/guidance',
  version: 1,
  title: 'Guidance',
  category: 'score',
  inputs: {
    conditional: { type: 'predictor', doc: 's(x, c): the predictor given the class (score/model with a class, score/analytic of data/component)' },
    unconditional: { type: 'predictor', doc: 's(x): the same model with the null class, or the exact score of the whole mixture' },
  },
  outputs: { predictor: 'predictor' },
  params: z.object({
    w: z.number().min(-1).max(100).default(1).describe('guidance weight w: 0 is the conditional model, w > 0 pushes beyond it'),
  }),
  mainParams: ['w'],
  docs: {
    summary:
      'Classifier-free guidance: mixes a conditional and an unconditional predictor as (1 + w)·s(x, c) − w·s(x). With exact scores this is classifier guidance with scale γ = 1 + w, since ∇log p_t(c | x) = ∇log p_t(x | c) − ∇log p_t(x).',
    equation: String.raw`\hat s(x, c) = (1 + w)\,\nabla\log p_t(x \mid c) - w\,\nabla\log p_t(x) = \nabla\log p_t(x) + (1 + w)\,\nabla\log p_t(c \mid x)`,
    reference: 'Ho & Salimans 2022 (classifier-free guidance), eq. (6); Dhariwal & Nichol 2021 (classifier guidance), §4',
    notes:
      'w = 0 gives the conditional predictor unchanged; w = −1 the unconditional one. For w > 0 the guided score is no longer the score of any noised distribution: samples concentrate where the class is most distinct from the rest, sharper and less diverse than p(x | c) (compare with exact conditional samples: data/component → data/sample). Works in any reading (ε̂, x̂₀, v, flow): each is affine in the score with the same coefficients for both predictors.',
  },
  run: (inputs, p) => ({ predictor: guidedPredictor(inputs.conditional, inputs.unconditional, p.w) }),
});
