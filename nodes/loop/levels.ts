import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import { interruptibleStep } from '../lib/nn/interruptible';
import { Chain } from '../lib/sampling/chain';
import { samplerInputs, samplerPorts, seedParam, tEndParam } from '../lib/sampling/inputs';
import { loopLevels, type LoopLevel } from '../lib/sampling/levels';
import { tweedieDenoise } from '../lib/sampling/updates';

export default defineNode({
  type: 'loop/levels',
  version: 1,
  title: 'Loop over noise levels',
  category: 'loop',
  ...samplerPorts(
    'the schedule whose levels the loop walks (not needed by the fixed grid)',
    'starting noise (from noise/prior)',
    true,
  ),
  body: { provides: { x: 'tensor', level: 'level', predictor: 'predictor', schedule: 'schedule' }, returns: 'tensor' },
  params: z.object({
    grid: z
      .enum(['chain', 'ddim', 'time', 'sigmas', 'fixed'])
      .default('chain')
      .describe('the levels: every step of a VP chain, a DDIM sub-sequence, a time grid 1 → tEnd, the σ levels of a VE schedule, or one fixed σ'),
    steps: z.number().int().min(1).max(10_000).default(100).describe('passes of the ddim, time and fixed grids'),
    spacing: z.enum(['leading', 'trailing', 'linspace']).default('leading').describe('ddim grid: how the steps are picked among 1…T (diffusers’ timestep_spacing)'),
    tEnd: tEndParam,
    sigma: z.number().min(0).max(10_000).default(0.01).describe('fixed grid: the noise level σ of every pass (a = 1, s = σ)'),
    repeat: z.number().int().min(1).max(10_000).default(1).describe('sigmas grid: passes at each level (Langevin steps per level)'),
    denoise: z.boolean().default(false).describe('end with Tweedie’s x̂_0 = (x + s²·score)/a read at the last pass’s level (annealed Langevin’s final denoising)'),
    seed: seedParam,
  }),
  mainParams: ['grid', 'steps'],
  docs: {
    summary: 'Runs its body (a few step nodes) once per noise level, from the noisiest to the cleanest, threading x from one pass to the next: any sampler, opened up into its single steps.',
    equation: String.raw`x^{(0)} = x_T,\qquad x^{(k+1)} = \mathrm{body}\big(x^{(k)},\ \ell_k\big),\ k = 0,\dots,K-1,\qquad x_0 = x^{(K)}`,
    reference: 'Chan §2–§4: every sampler of the tutorial is one update repeated over a grid of levels',
    notes: [
      'Grids (each as its whole sampler walks it): chain — every DDPM step i = T…1 of a VP chain; ddim — ddimIndices(T, steps, spacing), then ᾱ = 1; time — t_k = 1 − k(1 − tEnd)/steps of the continuous path; sigmas — the VE levels σ_1 > … > σ_L, each `repeat` times, the last going to σ = 0; fixed — `steps` passes at a = 1, s = σ.',
      'Each pass feeds the body x, the level ℓ_k (k, the path point (a, s), t → t_next, the chain indices i → i_next, the smallest level s_L and the loop’s seed) and the loop’s predictor and schedule. Noisy steps draw noiseLike(x, seed, k[, stream]) — the whole samplers’ own noise — so a loop of step nodes reproduces its sampler number for number with the same seed.',
      'The body is compiled once and run per pass; everything a pass makes is released. nfe counts every predictor call in the body. Trajectory times are the level each pass moves to (t_next); on the sigmas grid with Langevin steps (which stay at a level) sampler/annealed-langevin labels its frames with the level just run instead.',
      'denoise reads x̂_0 at the last pass’s own point: right for loops that sample at their levels (Langevin on the sigmas or fixed grid); a loop whose steps move on to t_next would denoise from one level too noisy.',
    ].join('\n\n'),
  },
  run: async (inputs, p, ctx) => {
    const body = ctx.body;
    if (!body) throw new NodeRunError('the loop has no compiled body: run it through the graph executor');
    const { predictor, count, xT } = samplerInputs(inputs);
    const schedule = inputs.schedule;
    const plan = loopLevels(schedule, p);
    const total = plan.count + (p.denoise ? 1 : 0);
    const chain = new Chain(ctx, xT, plan.at(0).t, plan.timeLabel);
    try {
      let level: LoopLevel | undefined;
      for (let k = 0; k < plan.count; k++) {
        level = plan.at(k, ctx.seed);
        const next = await body.run({ x: chain.x, level, predictor, schedule }, ctx.seed);
        if (!(next instanceof tf.Tensor) || !tf.util.arraysEqual(next.shape, xT.shape)) {
          tf.dispose(next as tf.Tensor);
          throw new NodeRunError(`the body returned ${next instanceof tf.Tensor ? `shape [${next.shape.join(', ')}]` : 'no tensor'} at pass ${k}; x is [${xT.shape.join(', ')}]`);
        }
        await chain.advance(next, (k + 1) / total, level.tNext);
      }
      // The step nodes run their network calls interruptibly (step/step-inputs.ts stepOutput); so does the final denoise.
      const last = level;
      if (p.denoise && last) await chain.advance(await interruptibleStep(() => ctx.checkpoint(), () => tweedieDenoise(predictor, chain.x, last.a, last.s)), 1, 0);
      return { ...chain.finish(), nfe: count() };
    } catch (e) {
      chain.dispose();
      throw e;
    }
  },
});
