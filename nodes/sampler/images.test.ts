import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { NodeRunError } from '../../src/engine/context';
import type { AnyNodeDef } from '../../src/engine/node';
import { runNode } from '../../src/engine/testing';
import { analyticPredictor } from '../lib/analytic-predictor';
import { toy2d } from '../lib/toy2d';
import { normal } from '../lib/random';
import type { Schedule } from '../lib/schedule';
import { ddimIndices } from '../lib/sampling/grids';
import { gaussianImagePredictor, values } from '../lib/sampling/testing';
import { linearSchedule, veSchedule, vpSchedule } from '../lib/schedules';
import annealedLangevin from './annealed-langevin';
import ddim from './ddim';
import ddpm from './ddpm';
import langevin from './langevin';
import pc from './pc';
import pfOde from './pf-ode';
import reverseSde from './reverse-sde';

/**
 * Samplers on image batches [N, H, W, C] (NHWC), with the exact predictor of Gaussian images
 * N(μ, c² I) (sampling/testing.ts): every update is elementwise given the batch, so an image run
 * must give the numbers of the same run on the flattened points [N, H·W·C], to the bit, and the
 * deterministic samplers must land where the closed form says.
 */
const [H, W, C] = [6, 5, 2];
const P = H * W * C;
const c = 0.3;
const muValues = Float32Array.from({ length: P }, (_, k) => 0.8 * Math.sin(1.3 * k + 0.4));
const mu = tf.tensor(muValues, [H, W, C]);
const muFlat = tf.tensor(muValues, [P]);
afterAll(() => tf.dispose([mu, muFlat]));

interface Out {
  x0: tf.Tensor;
  trajectory: { frames: tf.Tensor; times: number[] };
  nfe: number;
}

async function sample(def: AnyNodeDef, schedule: Schedule, xT: tf.Tensor, params: Record<string, unknown>, m = mu, native: 'eps' | 'score' | 'x0' = 'eps'): Promise<Out> {
  return (await runNode(def, { predictor: gaussianImagePredictor(m, c, native), schedule, xT }, params, { seed: 11 })) as unknown as Out;
}

const cases: [string, AnyNodeDef, Schedule, Record<string, unknown>][] = [
  ['ddpm, T = 100', ddpm, linearSchedule({ T: 100 }), { seed: 2 }],
  ['ddim, 10 trailing steps, η = 0.5', ddim, linearSchedule({ T: 100 }), { steps: 10, eta: 0.5, spacing: 'trailing', seed: 3 }],
  ['pf-ode heun, 15 steps', pfOde, vpSchedule(), { method: 'heun', steps: 15 }],
  ['pf-ode rk45', pfOde, vpSchedule(), { method: 'rk45', rtol: 1e-4, atol: 1e-4 }],
  ['reverse SDE, 20 steps', reverseSde, vpSchedule(), { steps: 20, seed: 4 }],
  ['predictor–corrector, 10 steps × 1 corrector', pc, vpSchedule(), { steps: 10, correctorSteps: 1, seed: 5 }],
  ['annealed Langevin, 5 levels × 4 with denoise', annealedLangevin, veSchedule({ N: 5, sigmaMax: 5 }), { stepsPerLevel: 4, epsilon: 1e-3, seed: 6 }],
  ['langevin at σ = 0.2', langevin, vpSchedule(), { steps: 20, tau: 1e-3, sigma: 0.2, seed: 7 }],
];

describe('samplers on images [N, H, W, C]', () => {
  it.each(cases)('%s: the numbers of the flattened points, shaped as images, no leaks', async (_name, def, schedule, params) => {
    const N = 16;
    const xT = tf.tidy(() => tf.mul(normal([N, H, W, C], 5), schedule.priorStd));
    const xFlat = tf.reshape(xT, [N, P]);
    const before = tf.memory().numTensors;
    const img = await sample(def, schedule, xT, params);
    const pts = await sample(def, schedule, xFlat, params, muFlat);
    expect(img.x0.shape).toEqual([N, H, W, C]);
    const k = img.trajectory.frames.shape[0];
    expect(img.trajectory.frames.shape).toEqual([k, N, H, W, C]);
    expect(pts.x0.shape).toEqual([N, P]);
    expect(await values(img.x0)).toEqual(await values(pts.x0));
    expect(await values(img.trajectory.frames)).toEqual(await values(pts.trajectory.frames));
    expect(img.nfe).toBe(pts.nfe);
    expect(img.trajectory.times).toEqual(pts.trajectory.times);
    tf.dispose([img.x0, img.trajectory.frames, pts.x0, pts.trajectory.frames]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xT, xFlat]);
  });

  it('DDIM (η = 0) matches the float64 recursion of the exact Gaussian denoiser, pixel by pixel', async () => {
    // With y = x − aμ the exact readings are x̂_0 = μ + a c² y/V and ε̂ = s y/V (V = a²c² + s²), so a
    // DDIM step x' = a'x̂_0 + s'ε̂ gives y' = m·y, m = (a'a c² + s's)/V: x_0 = μ + Π m·(x_T − a_T μ).
    const sch = linearSchedule();
    const ab = sch.alphaBars as Float64Array;
    const idx = [...ddimIndices(1000, 50, 'leading'), 0];
    let M = 1;
    for (let k = 0; k + 1 < idx.length; k++) {
      const [a, s, a1, s1] = [Math.sqrt(ab[idx[k]]), Math.sqrt(1 - ab[idx[k]]), Math.sqrt(ab[idx[k + 1]]), Math.sqrt(1 - ab[idx[k + 1]])];
      M *= (a1 * a * c * c + s1 * s) / (a * a * c * c + s * s);
    }
    const aT = Math.sqrt(ab[idx[0]]);
    const xT = normal([8, H, W, C], 9);
    const out = await sample(ddim, sch, xT, { steps: 50 }, mu, 'x0');
    const got = await values(out.x0);
    const x = await values(xT);
    let worst = 0;
    for (let e = 0; e < got.length; e++) {
      const m = muValues[e % P];
      worst = Math.max(worst, Math.abs(got[e] - (m + M * (x[e] - aT * m))));
    }
    // float32 over 50 steps of O(1) numbers: ~1e-6.
    expect(worst).toBeLessThan(1e-5);
    tf.dispose([xT, out.x0, out.trajectory.frames]);
  });

  it('the probability-flow ODE (Heun) converges to the closed-form flow x_t = aμ + sqrt(V_t/V_1)·(x_1 − a_1 μ) at second order', async () => {
    // For Gaussian data the flow keeps ξ = (x − aμ)/sqrt(V) constant (it maps N(aμ, V) to itself along t).
    const sch = vpSchedule();
    const tEnd = 1e-3;
    const V = (t: number) => sch.a(t) ** 2 * c * c + sch.s(t) ** 2;
    const xT = normal([8, H, W, C], 10);
    const x = await values(xT);
    const [a1, ae, r] = [sch.a(1), sch.a(tEnd), Math.sqrt(V(tEnd) / V(1))];
    const maxError = async (steps: number) => {
      const out = await sample(pfOde, sch, xT, { method: 'heun', steps, tEnd }, mu, 'score');
      const got = await values(out.x0);
      tf.dispose([out.x0, out.trajectory.frames]);
      return Math.max(...got.map((g, e) => Math.abs(g - (ae * muValues[e % P] + r * (x[e] - a1 * muValues[e % P])))));
    };
    const [e100, e200] = [await maxError(100), await maxError(200)];
    // Heun's global error is O(h²): halving h divides it by ~4 (measured 2.4e-4 at 200 steps, far above float32's ~1e-6).
    expect(e200).toBeLessThan(5e-4);
    expect(e100 / e200).toBeGreaterThan(3.5);
    expect(e100 / e200).toBeLessThan(4.5);
    xT.dispose();
  });

  it('DDPM samples have each pixel’s mean μ and standard deviation c', async () => {
    const N = 400;
    const xT = normal([N, H, W, C], 12);
    const out = await sample(ddpm, linearSchedule(), xT, { seed: 1 });
    const got = await values(out.x0);
    // Standardised residuals r = (x − μ)/c over N·P = 24 000 numbers: mean 0 ± 5/sqrt(24 000), E r² = 1 ± 5·sqrt(2/24 000).
    let m1 = 0;
    let m2 = 0;
    for (let e = 0; e < got.length; e++) {
      const r = (got[e] - muValues[e % P]) / c;
      m1 += r / got.length;
      m2 += (r * r) / got.length;
    }
    expect(Math.abs(m1)).toBeLessThan(5 / Math.sqrt(got.length));
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(2 / got.length));
    tf.dispose([xT, out.x0, out.trajectory.frames]);
  });

  it('the exact mixture score refuses an image batch, naming the predictor port and both shapes', async () => {
    const xT = normal([4, H, W, C], 1);
    const before = tf.memory().numTensors;
    const predictor = analyticPredictor(toy2d('8gaussians'));
    const err = await runNode(ddim, { predictor, schedule: linearSchedule({ T: 20 }), xT }, { steps: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeRunError);
    expect((err as NodeRunError).port).toBe('predictor');
    expect((err as Error).message).toContain('[n, 2]');
    expect((err as Error).message).toContain(`[4, ${H}, ${W}, ${C}]`);
    expect(tf.memory().numTensors).toBe(before);
    xT.dispose();
  });
});
