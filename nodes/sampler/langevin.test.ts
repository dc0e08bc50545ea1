import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import { normal } from '../lib/random';
import { gaussianPredictor, values } from '../lib/sampling/testing';
import { vpSchedule } from '../lib/schedules';
import annealed from './annealed-langevin';
import langevin from './langevin';

describe('sampler/langevin', () => {
  it.each([0.2, 0.5])('τ = %s on N(0, v): the chain settles at the biased variance v/(1 − τ/(2v))', async (tau) => {
    // Target N(0, v) with v = σ0² + σ² (score −x/v read at a = 1, s = σ). The chain
    // x ← (1 − τ/v)x + sqrt(2τ)z contracts by (1 − τ/v)^steps ≤ 0.8^300 ≈ 1e-29: stationary.
    const [sigma0, sigma] = [0.8, 0.6];
    const v = sigma0 ** 2 + sigma ** 2;
    const n = 20_000;
    const xT = normal<tf.Rank.R2>([n, 1], 2);
    const out = await runNode(langevin, { predictor: gaussianPredictor(sigma0, 'eps'), xT }, { steps: 300, tau, sigma }, { seed: 9 });
    const x = await values(out.x0 as tf.Tensor);
    const m = x.reduce((acc, e) => acc + e, 0) / n;
    const varEmp = x.reduce((acc, e) => acc + (e - m) ** 2, 0) / (n - 1);
    const want = v / (1 - tau / (2 * v));
    // Independent chains: the variance's standard error is want·sqrt(2/n) ≈ 1%; 4 of them, while
    // the step-size bias (11% and 33% here) is ≥ 10 of them, so the test tells the two apart.
    expect(Math.abs(varEmp - want)).toBeLessThan(4 * want * Math.sqrt(2 / n));
    expect(Math.abs(varEmp - v)).toBeGreaterThan(8 * want * Math.sqrt(2 / n));
    expect(out.nfe).toBe(300);
    tf.dispose([xT, out.x0 as tf.Tensor, (out.trajectory as { frames: tf.Tensor }).frames]);
  });

  it('refuses σ = 0 with a predictor that has no score at s = 0', async () => {
    const xT = normal<tf.Rank.R2>([4, 1], 2);
    await expect(runNode(langevin, { predictor: gaussianPredictor(1, 'eps'), xT }, { sigma: 0 })).rejects.toMatchObject({ port: 'predictor' });
    xT.dispose();
  });
});

describe('sampler/annealed-langevin', () => {
  it('refuses a VP schedule with a message naming the schedule port', async () => {
    const xT = normal<tf.Rank.R2>([4, 1], 2);
    const before = tf.memory().numTensors;
    const run = () => runNode(annealed, { predictor: gaussianPredictor(1), schedule: vpSchedule(), xT });
    await expect(run()).rejects.toThrow(/variance-exploding/);
    await expect(run()).rejects.toMatchObject({ port: 'schedule' });
    expect(tf.memory().numTensors).toBe(before);
    xT.dispose();
  });
});
