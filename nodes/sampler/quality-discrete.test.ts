import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyNodeDef } from '../../src/engine/node';
import { normal } from '../lib/random';
import { N_POINTS, qualityCheck, type QualityCheck } from '../lib/sampling/swd-check';
import { linearSchedule, veSchedule } from '../lib/schedules';
import annealed from './annealed-langevin';
import ddim from './ddim';
import ddpm from './ddpm';
import langevin from './langevin';

let q: QualityCheck;
beforeAll(async () => {
  q = await qualityCheck();
});
afterAll(() => q.dispose());

/** See swd-check.ts for the 2× criterion. Measured ratios (seed 3): ddpm 1.09, ddim 0.71, langevin 0.61, annealed Langevin 0.71. */
describe.each<[string, AnyNodeDef, () => unknown, Record<string, unknown>, number]>([
  ['ddpm (linear, T = 1000)', ddpm, () => linearSchedule(), {}, 1],
  ['ddim (linear, 50 steps, η = 0)', ddim, () => linearSchedule(), { steps: 50 }, 1],
  // Langevin on the data score (σ = 0.01): from N(0, I) the chains fall into the 8 modes in equal
  // shares by symmetry; τ/(2v) ≈ 8% variance bias within a mode (v = 0.125).
  ['langevin (σ = 0.01, τ = 0.02, 500 steps)', langevin, () => undefined, { steps: 500, tau: 0.02, sigma: 0.01 }, 1],
  // 50 geometric levels from σ = 50 to 0.01, 20 steps each with NCSN's ε = 2e-5, then Tweedie.
  ['annealed-langevin (ve, 50 levels × 20)', annealed, () => veSchedule({ N: 50 }), { stepsPerLevel: 20 }, 50],
])('%s with the exact 8gaussians score', (_name, def, schedule, params, priorStd) => {
  it('turns prior noise into samples within 2× the SW₂ between two data draws', async () => {
    expect(await q.rateSampler(def, schedule(), params, priorStd)).toBeLessThan(2);
  });
});

describe('the quality check has power', () => {
  it('passes fresh data, fails data scaled by 1.2 and the prior itself', async () => {
    const data = q.sample(1);
    const scaled = tf.mul(data, 1.2) as tf.Tensor2D;
    const prior = normal<tf.Rank.R2>([N_POINTS, 2], 9);
    expect(await q.ratio(data)).toBeLessThan(1.5);
    expect(await q.ratio(scaled)).toBeGreaterThan(2);
    expect(await q.ratio(prior)).toBeGreaterThan(5);
    tf.dispose([data, scaled, prior]);
  });
});
