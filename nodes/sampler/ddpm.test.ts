import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import { normal } from '../lib/random';
import { gaussianPredictor, values } from '../lib/sampling/testing';
import { linearSchedule, veSchedule } from '../lib/schedules';
import ddpm from './ddpm';

describe('sampler/ddpm', () => {
  it('over the full T = 1000 chain turns N(0, 1) into N(0, σ0²) data’s variance', async () => {
    const sigma0 = 0.5;
    const n = 10_000;
    const sch = linearSchedule();
    const { betas, alphaBars } = sch as Required<typeof sch>;
    const xT = normal<tf.Rank.R2>([n, 1], 3);
    for (const variance of ['posterior', 'beta'] as const) {
      const out = await runNode(ddpm, { predictor: gaussianPredictor(sigma0, 'eps'), schedule: sch, xT }, { variance }, { seed: 5 });
      expect(out.nfe).toBe(1000);
      const v = await values(out.x0 as tf.Tensor);
      const m = v.reduce((acc, e) => acc + e, 0) / n;
      const varEmp = v.reduce((acc, e) => acc + (e - m) ** 2, 0) / (n - 1);
      // The chain is linear for Gaussian data: x_{t−1} = c_t x_t + σ_t z with ε̂ = s·x/V_t,
      // V_t = ᾱ_t σ0² + 1 − ᾱ_t, c_t = (1 − β_t/V_t)/sqrt(α_t). Its output variance in float64:
      let want = 1;
      for (let t = 1000; t >= 1; t--) {
        const V = alphaBars[t] * sigma0 ** 2 + 1 - alphaBars[t];
        const c = (1 - betas[t] / V) / Math.sqrt(1 - betas[t]);
        const s2 = t === 1 ? 0 : variance === 'beta' ? betas[t] : (betas[t] * (1 - alphaBars[t - 1])) / (1 - alphaBars[t]);
        want = c * c * want + s2;
      }
      // DDPM with the exact ε̂ recovers σ0² up to an O(1/T) gap: −1.5% with β̃_t (the smallest
      // admissible variance), +0.3% with β_t.
      expect(Math.abs(want - sigma0 ** 2)).toBeLessThan(0.02 * sigma0 ** 2);
      // Sampling error of a variance from n points: σ0²·sqrt(2/n) ≈ 0.0035; allow 4 of them.
      expect(Math.abs(varEmp - want)).toBeLessThan(4 * sigma0 ** 2 * Math.sqrt(2 / n));
      expect(Math.abs(m)).toBeLessThan(4 * sigma0 / Math.sqrt(n));
      tf.dispose([out.x0 as tf.Tensor, (out.trajectory as { frames: tf.Tensor }).frames]);
    }
    xT.dispose();
  });

  it('refuses a VE schedule with a message naming the schedule port', async () => {
    const xT = normal<tf.Rank.R2>([4, 2], 1);
    const before = tf.memory().numTensors;
    const run = runNode(ddpm, { predictor: gaussianPredictor(1), schedule: veSchedule(), xT });
    await expect(run).rejects.toThrow(/DDPM needs a variance-preserving schedule/);
    await expect(runNode(ddpm, { predictor: gaussianPredictor(1), schedule: veSchedule(), xT })).rejects.toMatchObject({ port: 'schedule' });
    expect(tf.memory().numTensors).toBe(before);
    xT.dispose();
  });
});
