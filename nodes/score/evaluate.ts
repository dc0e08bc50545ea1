import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import type { Readout } from '../lib/predictor';
import { interruptibleStep } from '../lib/nn/interruptible';
import { readAs } from '../lib/predictor';
import { batchInput } from '../lib/sampling/inputs';
import { affineUpdate } from '../lib/sampling/readout';

/** The readings that divide by a (x̂_0 and the two velocities hold x/a) and by s once converted (all but ε̂ and the score). */
const HOLDS_X_OVER_A: readonly Readout[] = ['x0', 'v', 'flow'];

/** Which conversions divide by s (to the score from anything but the score; from x̂_0, v or û to ε̂) or by a. */
function checkDivisors(native: Readout, as: Readout, a: number, s: number): void {
  if (native === as) return;
  const mixed = !(native === 'eps' && as === 'x0') && !(native === 'score' && as === 'eps');
  if (s === 0 && mixed && (HOLDS_X_OVER_A.includes(native) || as === 'score' || HOLDS_X_OVER_A.includes(as)))
    throw new NodeRunError(`s = 0 at this time: reading a '${native}' predictor as '${as}' divides by s; choose t > 0 (or sigma > 0)`);
  if (a === 0 && HOLDS_X_OVER_A.includes(as)) throw new NodeRunError(`a = 0 at this time: the '${as}' reading holds x/a and is undefined; choose a smaller t`);
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
    as: z
      .enum(['score', 'eps', 'x0', 'v', 'flow', 'velocity'])
      .default('score')
      .describe('read the predictor as the score, the noise ε̂, the denoised x̂_0, the v-prediction, the flow-matching velocity ε̂ − x̂_0, or this schedule’s velocity dx/dt = a′x̂_0 + s′ε̂'),
  }),
  mainParams: ['t', 'as'],
  docs: {
    summary:
      'Evaluates a predictor at points x at one time of the schedule, read as the score, the noise prediction ε̂ or the denoised estimate x̂_0 (Tweedie): the three are one function.',
    equation: String.raw`\hat\varepsilon = -s\,\nabla_x\log p_t(x), \qquad \hat x_0 = \frac{x + s^2\,\nabla_x\log p_t(x)}{a}`,
    reference: "Chan §2.5 and §3 (the equivalence of ε-prediction, denoising and the score; Tweedie's formula)",
    notes: [
      'a = a(t), s = s(t) of the schedule. When sigma is set it overrides t: t = schedule.tOfSigma(σ).',
      'v is Salimans & Ho’s v-prediction (2022), v = a ε − s x₀ on the VP path, taken at the VP point of the same σ = s/a on any path: v̂ = (ε̂ − σ x̂₀)/sqrt(1 + σ²). flow is the rectified-flow velocity û = ε̂ − x̂₀ (Liu et al. 2022; Lipman et al. 2023). Both, like ε̂ and x̂₀, depend on x and σ only, so a network trained to predict them on one path reads the same on every path.',
      'velocity is the time derivative of this schedule’s path at (x̂₀, ε̂): dx/dt = a′x̂₀ + s′ε̂ with a′ = f·a, s′ = (g² + 2f s²)/(2s), which equals the probability-flow drift f x − ½g²·score; on schedule/flow it is τ_max·(ε̂ − x̂₀).',
    ].join('\n\n'),
  },
  run: async (inputs, p, ctx) => {
    const predictor = inputs.predictor;
    const schedule = inputs.schedule;
    const x = batchInput(inputs.x, 'x');
    const t = p.sigma === undefined ? p.t : schedule.tOfSigma(p.sigma);
    const a = schedule.a(t);
    const s = schedule.s(t);
    // The path's velocity a′x̂_0 + s′ε̂ is the probability-flow drift f·x − ½g²·score (schedule.ts).
    if (p.as === 'velocity') {
      checkDivisors(predictor.native, 'score', a, s);
      return { y: affineUpdate(predictor, x, a, s, 'score', schedule.f(t), -0.5 * schedule.g2(t)) };
    }
    const as: Readout = p.as;
    checkDivisors(predictor.native, as, a, s);
    // A U-Net on many images runs in slices with the run's checkpoint between them (cancel within one slice).
    return { y: await interruptibleStep(() => ctx.checkpoint(), () => readAs(predictor, x, a, s, as)) };
  },
});
