import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import type { Readout } from '../lib/predictor';
import { readAs } from '../lib/predictor';
import { batchInput, predictorInput, scheduleInput } from '../lib/sampling/inputs';

/** Which conversions divide by s (from a native ε̂ or x̂_0 to the score; from x̂_0 to ε̂) or by a (to x̂_0). */
function checkDivisors(native: Readout, as: Readout, a: number, s: number): void {
  if (native === as) return;
  if (s === 0 && (native === 'x0' || as === 'score'))
    throw new NodeRunError(`s = 0 at this time: reading a '${native}' predictor as '${as}' divides by s; choose t > 0 (or sigma > 0)`);
  if (a === 0 && as === 'x0') throw new NodeRunError(`a = 0 at this time: x̂_0 = (x + s²·score)/a is undefined; choose a smaller t`);
}

export default defineNode({
  type: 'score/evaluate',
  version: 1,
  title: 'Evaluate predictor',
  category: 'score',
  inputs: { predictor: 'predictor', schedule: 'schedule', x: 'tensor' },
  outputs: { y: 'tensor' },
  params: z.object({
    t: z.number().min(0).max(1).default(0.5).describe('continuous time t ∈ [0, 1] (0 = clean data, 1 = noisiest)'),
    sigma: z
      .number()
      .min(0)
      .max(1e4)
      .optional()
      .describe('noise level σ = s/a instead of t: evaluated at t = schedule.tOfSigma(σ)'),
    as: z.enum(['score', 'eps', 'x0']).default('score').describe('read the predictor as the score, the noise ε̂ or the denoised x̂_0'),
  }),
  mainParams: ['t', 'as'],
  docs: {
    summary:
      'Evaluates a predictor at points x at one time of the schedule, read as the score, the noise prediction ε̂ or the denoised estimate x̂_0 (Tweedie): the three are one function.',
    equation: String.raw`\hat\varepsilon = -s\,\nabla_x\log p_t(x), \qquad \hat x_0 = \frac{x + s^2\,\nabla_x\log p_t(x)}{a}`,
    reference: "Chan §2.5 and §3 (the equivalence of ε-prediction, denoising and the score; Tweedie's formula)",
    notes: 'a = a(t), s = s(t) of the schedule. When sigma is set it overrides t: t = schedule.tOfSigma(σ).',
  },
  run: (inputs, p) => {
    const predictor = predictorInput(inputs.predictor);
    const schedule = scheduleInput(inputs.schedule);
    const x = batchInput(inputs.x, 'x');
    const t = p.sigma === undefined ? p.t : schedule.tOfSigma(p.sigma);
    const a = schedule.a(t);
    const s = schedule.s(t);
    checkDivisors(predictor.native, p.as, a, s);
    return { y: readAs(predictor, x, a, s, p.as) };
  },
});
