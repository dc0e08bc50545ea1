import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import { normal } from '../lib/random';
import { noiseLike } from '../lib/sampling/chain';
import { gaussianPredictor, values } from '../lib/sampling/testing';
import { karrasSchedule } from '../lib/schedules';
import edm from './edm';
import eulerAncestral from './euler-ancestral';

/**
 * k-diffusion's sample_euler_ancestral and sample_heun (EDM Algorithm 2) written out in float64 for
 * N(0, c²) data, whose exact denoiser is D(x; σ) = c²x/(c² + σ²), fed the samplers' own noise
 * draws z_k = noiseLike(x, seed, k): the nodes must follow them element for element.
 */
const c = 0.7;
const D = (x: number, sigma: number) => (c * c * x) / (c * c + sigma * sigma);
const SEED = 9;
const schedule = karrasSchedule({ N: 14 });
const sigmas = [...(schedule.sigmas as Float64Array), 0];

async function noises(x: tf.Tensor, steps: number): Promise<number[][]> {
  const out: number[][] = [];
  for (let k = 0; k < steps; k++) {
    const z = noiseLike(x, SEED, k);
    out.push(await values(z));
    z.dispose();
  }
  return out;
}

describe('σ-grid samplers against their float64 recursions', () => {
  it('sampler/euler-ancestral (η = 0.7, S_noise = 1.02) follows sample_euler_ancestral', async () => {
    const [eta, sNoise] = [0.7, 1.02];
    const xT = tf.tidy(() => tf.mul(normal([40, 2], 1), 80));
    const out = (await runNode(eulerAncestral, { predictor: gaussianPredictor(c, 'x0'), schedule, xT }, { eta, sNoise }, { seed: SEED })) as { x0: tf.Tensor; nfe: number; trajectory: { frames: tf.Tensor } };
    const [got, start, zs] = [await values(out.x0), await values(xT), await noises(xT, sigmas.length - 1)];
    const want = start.map((x, e) => {
      for (let i = 0; i + 1 < sigmas.length; i++) {
        const [s, sn] = [sigmas[i], sigmas[i + 1]];
        const up = sn === 0 ? 0 : Math.min(sn, eta * Math.sqrt((sn * sn * (s * s - sn * sn)) / (s * s)));
        const down = Math.sqrt(sn * sn - up * up);
        x = x + ((x - D(x, s)) / s) * (down - s);
        if (sn > 0) x += zs[i][e] * sNoise * up;
      }
      return x;
    });
    got.forEach((g, e) => expect(Math.abs(g - want[e])).toBeLessThan(1e-4 * Math.max(1, Math.abs(want[e]))));
    expect(out.nfe).toBe(14);
    tf.dispose([xT, out.x0, out.trajectory.frames]);
  });

  it('sampler/edm (S_churn = 30 in [0.1, 10], S_noise = 1.007) follows EDM’s Algorithm 2', async () => {
    const churn = { sChurn: 30, sTmin: 0.1, sTmax: 10, sNoise: 1.007 };
    const xT = tf.tidy(() => tf.mul(normal([40, 2], 2), 80));
    const out = (await runNode(edm, { predictor: gaussianPredictor(c, 'eps'), schedule, xT }, churn, { seed: SEED })) as { x0: tf.Tensor; nfe: number; trajectory: { frames: tf.Tensor } };
    const N = sigmas.length - 1;
    const [got, start, zs] = [await values(out.x0), await values(xT), await noises(xT, N)];
    const d = (x: number, s: number) => (x - D(x, s)) / s;
    const want = start.map((x, e) => {
      for (let i = 0; i < N; i++) {
        const [s, sn] = [sigmas[i], sigmas[i + 1]];
        const gamma = churn.sTmin <= s && s <= churn.sTmax ? Math.min(churn.sChurn / N, Math.SQRT2 - 1) : 0;
        const sh = s * (1 + gamma);
        if (gamma > 0) x += zs[i][e] * churn.sNoise * Math.sqrt(sh * sh - s * s);
        const d1 = d(x, sh);
        if (sn === 0) x += d1 * (sn - sh);
        else x += ((d1 + d(x + d1 * (sn - sh), sn)) / 2) * (sn - sh);
      }
      return x;
    });
    got.forEach((g, e) => expect(Math.abs(g - want[e])).toBeLessThan(1e-4 * Math.max(1, Math.abs(want[e]))));
    expect(out.nfe).toBe(2 * N - 1);
    tf.dispose([xT, out.x0, out.trajectory.frames]);
  });
});
