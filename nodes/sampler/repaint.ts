import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { samplerEstimate } from '../lib/estimates';
import { noiseLike, runSteps } from '../lib/sampling/chain';
import { batchInput, seedParam, vpChain } from '../lib/sampling/inputs';
import { operatorMask, posteriorInputs, posteriorPorts } from '../lib/sampling/posterior-inputs';
import { ddpmUpdate } from '../lib/sampling/updates';

/**
 * The chain indices RePaint visits (Lugmayr et al. 2022, the official get_schedule_jump): from T
 * down to 0, and after reaching each τ = 0, j, 2j, … (0-based, τ < T − j) for the first r − 1 times,
 * back up j levels. Consecutive entries differ by one: down is a denoising step, up a forward one.
 */
export function repaintIndices(T: number, jump: number, resamples: number): number[] {
  const left = new Map<number, number>();
  for (let tau = 0; tau < T - jump; tau += jump) left.set(tau, resamples - 1);
  const taus: number[] = [];
  let tau = T;
  while (tau >= 1) {
    tau -= 1;
    taus.push(tau);
    const n = left.get(tau) ?? 0;
    if (n > 0) {
      left.set(tau, n - 1);
      for (let k = 0; k < jump; k++) taus.push(++tau);
    }
  }
  // τ is the 0-based model timestep of the state x_{τ+1}; the run starts at x_T and ends at x_0.
  return [T, ...taus];
}

export default defineNode({
  type: 'sampler/repaint',
  version: 1,
  title: 'RePaint (inpainting by resampling)',
  category: 'sampler',
  ...posteriorPorts('a VP schedule with a discrete chain ᾱ_1…ᾱ_T; RePaint walks every level, with jumps back'),
  params: z.object({
    jump: z.number().int().min(1).max(1000).default(10).describe('j: levels gone back up in one jump'),
    resamples: z.number().int().min(1).max(100).default(10).describe('r: how many times each stretch of j levels is walked (1: no resampling)'),
    seed: seedParam,
  }),
  mainParams: ['jump', 'resamples'],
  sampler: { schedule: 'vp-chain', stochastic: true },
  docs: {
    summary:
      'RePaint: DDPM on the unknown pixels, the known pixels replaced at every level by the measurement noised to that level; to let the two parts agree it repeatedly jumps back up j levels (forward noise) and denoises again (r times). For inpainting masks only; needs no gradients and no retraining.',
    equation: String.raw`x_{t-1} = m \odot \big(\sqrt{\bar\alpha_{t-1}}\,y + \sqrt{1-\bar\alpha_{t-1}}\,\varepsilon\big) + (1 - m)\odot \mathrm{DDPM}(x_t),\qquad \text{jump back: } x_t = \sqrt{1-\beta_t}\,x_{t-1} + \sqrt{\beta_t}\,z`,
    reference: 'Lugmayr, Danelljan, Romero, Yu, Timofte & Van Gool, "RePaint: inpainting using denoising diffusion probabilistic models", CVPR 2022, Algorithm 1 and §4.2 (jumps); Chan, "Diffusion Models for Imaging and Vision", §5',
    notes: [
      'The DDPM step uses the posterior variance β̃_t (sampler/ddpm). The jump schedule is the official code’s: after first reaching τ = 0, j, 2j, … (0-based model timesteps), go back up j levels, r − 1 times each; T + 2j(r − 1)⌈(T − j)/j⌉ steps in all (the paper: T = 250, j = 10, r = 10).',
      'The operator must be a mask (A x = m ⊙ x: measure/inpaint, or measure/denoise with every pixel kept); it is read off the operator as A·1. The known pixels take y as it is (its noise σ_y included: RePaint ignores it), so restored samples reproduce the observed pixels of y exactly.',
      'With operator and y unconnected nothing is known and it is DDPM with (harmless) resampling.',
      'No step nodes (Expand): a loop/levels body receives x, the level, the predictor and the schedule, not the measurement (operator, y) that every step of this sampler reads; and its walk goes back up j levels at a time, which none of the loop’s grids (each walks its levels down once) does.',
    ].join('\n\n'),
  },
  estimate: samplerEstimate((p: { jump: number; resamples: number }, levels) => {
    const T = levels ?? 1000;
    return T + 2 * p.jump * (p.resamples - 1) * Math.ceil(Math.max(T - p.jump, 0) / p.jump);
  }),
  run: async (inputs, p, ctx) => {
    const xT = batchInput(inputs.xT, 'xT');
    const { betas, alphaBars, T } = vpChain(inputs.schedule, 'RePaint');
    const meas = posteriorInputs(inputs, xT);
    let mask: tf.Tensor | null = null;
    try {
      mask = meas ? await operatorMask(meas.op, 'RePaint') : null;
      const seq = repaintIndices(T, p.jump, p.resamples);
      const result = await runSteps(ctx, xT, seq.length - 1, (k) => seq[k] / T, 't', (x, k) => {
        const [from, to] = [seq[k], seq[k + 1]];
        if (to > from) {
          // Jump back up one level: x_to = sqrt(1 − β_to) x_from + sqrt(β_to) z.
          return tf.add(tf.mul(x, Math.sqrt(1 - betas[to])), tf.mul(noiseLike(xT, ctx.seed, k), Math.sqrt(betas[to])));
        }
        const level = { beta: betas[from], alphaBar: alphaBars[from], alphaBarPrev: alphaBars[to] };
        const unknown = ddpmUpdate(inputs.predictor, x, level, 'posterior', to > 0 ? noiseLike(xT, ctx.seed, k) : null);
        if (!meas || !mask) return unknown;
        const known = to > 0 ? tf.add(tf.mul(meas.y, Math.sqrt(alphaBars[to])), tf.mul(noiseLike(xT, ctx.seed, k, 1), Math.sqrt(1 - alphaBars[to]))) : meas.y;
        return tf.add(tf.mul(known, mask), tf.mul(unknown, tf.sub(1, mask)));
      });
      return { ...result, nfe: seq.slice(1).filter((v, k) => v < seq[k]).length };
    } finally {
      tf.dispose([meas?.y ?? [], mask ?? []].flat());
    }
  },
});
