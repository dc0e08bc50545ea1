import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { normal } from '../lib/random';
import type { Schedule } from '../lib/schedule';

/** The path coefficients (a, s) at level `index` when given, else at continuous time t. */
function coefficients(schedule: Schedule, t: number, index: number | undefined): { a: number; s: number } {
  if (index === undefined) return { a: schedule.a(t), s: schedule.s(t) };
  const level = schedule.levels().find((l) => l.i === index);
  if (!level) throw new NodeRunError(`index ${index} is not a level of the ${schedule.name} schedule (levels 1…${schedule.N})`);
  return level;
}

export default defineNode({
  type: 'forward/diffuse',
  version: 1,
  title: 'Diffuse (forward process)',
  category: 'forward',
  inputs: { x0: 'tensor', schedule: 'schedule' },
  outputs: { xt: 'tensor', eps: 'tensor' },
  params: z.object({
    t: z.number().min(0).max(1).default(0.5).describe('continuous time t ∈ [0, 1]; 0 is clean data, 1 the noisiest'),
    index: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .describe('a discrete level i instead of t: DDPM step i (a = sqrt(ᾱ_i)), or the i-th σ of a VE schedule (σ_1 noisiest)'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
  }),
  mainParams: ['t'],
  docs: {
    summary: 'Noises clean data x_0 to time t of the schedule in one shot, and returns the noise ε it used (the regression target of ε-prediction).',
    equation: String.raw`x_t = a(t)\,x_0 + s(t)\,\varepsilon, \quad \varepsilon \sim \mathcal{N}(0, I)`,
    reference: 'Chan §2.1 (q(x_t | x_0) = N(sqrt(ᾱ_t) x_0, (1 − ᾱ_t) I)) and §3 (x + σε for SMLD)',
    notes:
      'VP schedules have a = sqrt(ᾱ), s = sqrt(1 − ᾱ); VE schedules a = 1, s = σ. When `index` is set it overrides t and picks level i of the schedule: for DDPM schedules a = sqrt(ᾱ_i), s = sqrt(1 − ᾱ_i) (i = T is the noisiest); for VE and Karras s = σ_i (i = 1 is the noisiest); for the continuous VP the path at t = i/N.',
  },
  run: (inputs, p, ctx) => {
    const x0 = inputs.x0;
    const { a, s } = coefficients(inputs.schedule, p.t, p.index);
    const eps = normal(x0.shape, ctx.seed);
    const xt = tf.tidy(() => tf.add(tf.mul(x0, a), tf.mul(eps, s)));
    return { xt, eps };
  },
});
