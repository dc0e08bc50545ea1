import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import type { Schedule } from '../lib/schedule';
import { karrasSchedule, veSchedule, vpSchedule } from '../lib/schedules';
import { gaussianPredictor, values } from '../lib/sampling/testing';
import pfOde from './pf-ode';

/**
 * On Gaussian data N(0, σ0²) the probability-flow ODE is linear, dx/dt = (f + g²/(2V))·x with
 * V = a²σ0² + s², and since V' = 2fV + g² its flow is the scaling x(t) = x(1)·sqrt(V(t)/V(1)).
 */
const sigma0 = 0.5;
const V = (sch: Schedule, t: number) => sch.a(t) ** 2 * sigma0 ** 2 + sch.s(t) ** 2;
const tEnd = 1e-3;

async function relError(sch: Schedule, params: Record<string, unknown>): Promise<{ err: number; nfe: number }> {
  const start = [-2, -1, -0.25, 0.5, 1.5].map((u) => u * Math.sqrt(V(sch, 1)));
  const xT = tf.tensor2d(start, [start.length, 1]);
  const out = await runNode(pfOde, { predictor: gaussianPredictor(sigma0), schedule: sch, xT }, { tEnd, ...params });
  const got = await values(out.x0 as tf.Tensor);
  tf.dispose([xT, out.x0 as tf.Tensor, (out.trajectory as { frames: tf.Tensor }).frames]);
  const scale = Math.sqrt(V(sch, tEnd) / V(sch, 1));
  // The flow map is a scaling, so the relative error is the same for every point (up to rounding).
  const err = Math.max(...got.map((g, k) => Math.abs(g - start[k] * scale) / Math.abs(start[k] * scale)));
  return { err, nfe: out.nfe as number };
}

describe.each([
  ['vp', vpSchedule(), { euler: 50, heun: 25, rk4: 10 }],
  ['ve', veSchedule(), { euler: 200, heun: 50, rk4: 25 }],
] as const)('sampler/pf-ode, %s schedule, data N(0, 0.5²): the exact Gaussian flow', (_name, sch, base) => {
  it('Euler is first order and Heun second order: halving h divides the error by ≈ 2 and ≈ 4', async () => {
    for (const [method, order, lo, hi] of [
      ['euler', 1, 1.7, 2.3],
      ['heun', 2, 3.4, 4.6],
    ] as const) {
      const n = base[method];
      const e1 = await relError(sch, { method, steps: n });
      const e2 = await relError(sch, { method, steps: 2 * n });
      // Global error C·h^p + O(h^{p+1}): the ratio is 2^p up to the next term's share,
      // ±15% at these step counts; rounding (float32, ~1e-7·steps) is far below the errors.
      const ratio = e1.err / e2.err;
      expect(ratio).toBeGreaterThan(lo);
      expect(ratio).toBeLessThan(hi);
      expect(e1.nfe).toBe(order * n);
    }
  });

  it('RK4 is fourth order: halving h divides the error by ≈ 16', async () => {
    const e1 = await relError(sch, { method: 'rk4', steps: base.rk4 });
    const e2 = await relError(sch, { method: 'rk4', steps: 2 * base.rk4 });
    const order = Math.log2(e1.err / e2.err);
    expect(e1.nfe).toBe(4 * base.rk4);
    // So few steps (10 on VP, where β(t) grows 200-fold) are not yet asymptotic: the next term
    // shifts the observed order by a few tenths; more steps would bring the error down to float32 rounding.
    expect(order).toBeGreaterThan(3.5);
    expect(order).toBeLessThan(4.6);
  });

  it('RK45 meets its tolerance and spends fewer calls for a looser one', async () => {
    const tight = await relError(sch, { method: 'rk45', rtol: 1e-5, atol: 1e-5 });
    const loose = await relError(sch, { method: 'rk45', rtol: 1e-3, atol: 1e-3 });
    // Local error control: the global error is at most about (accepted steps) × tol; measured
    // 1.9e-5 / 9.9e-3 (VP) and 9.5e-6 / 1.8e-3 (VE) relative, so 20× the tolerance bounds it.
    expect(tight.err).toBeLessThan(20 * 1e-5);
    expect(loose.err).toBeLessThan(20 * 1e-3);
    expect(loose.err).toBeGreaterThan(tight.err);
    expect(loose.nfe).toBeLessThan(tight.nfe);
  });
});

describe('sampler/pf-ode on a Karras schedule (EDM Algorithm 1)', () => {
  it('steps over the σ grid with Heun, the last step Euler to σ = 0: NFE = 2N − 1, and lands near the exact x(0)', async () => {
    const sch = karrasSchedule({ N: 18 });
    const xT = tf.tensor2d([80, -40, 8], [3, 1]);
    const out = await runNode(pfOde, { predictor: gaussianPredictor(sigma0, 'x0'), schedule: sch, xT }, { method: 'heun' });
    expect(out.nfe).toBe(2 * 18 - 1);
    const traj = out.trajectory as { frames: tf.Tensor; times: number[]; timeLabel: string };
    expect(traj.timeLabel).toBe('σ');
    expect(traj.times[0]).toBe(80);
    expect(traj.times.at(-1)).toBe(0);
    // Algorithm 1 in float64 on this linear ODE: x̂_0 = x σ0²/(σ0² + σ²), so d(x, σ) = x σ/(σ0² + σ²).
    const sig = [...(sch.sigmas as Float64Array), 0];
    const d = (x: number, s: number) => (x * s) / (sigma0 ** 2 + s * s);
    const alg1 = (x0: number) => {
      let x = x0;
      for (let i = 0; i < sig.length - 1; i++) {
        const h = sig[i + 1] - sig[i];
        const xe = x + h * d(x, sig[i]);
        x = sig[i + 1] > 0 ? x + 0.5 * h * (d(x, sig[i]) + d(xe, sig[i + 1])) : xe;
      }
      return x;
    };
    const got = await values(out.x0 as tf.Tensor);
    const start = [80, -40, 8];
    for (let k = 0; k < 3; k++) {
      // float32 over 35 evaluations: ~1e-6 relative.
      expect(Math.abs(got[k] - alg1(start[k]))).toBeLessThan(1e-5 * Math.abs(alg1(start[k])));
      // The exact flow on the path a = 1, s = σ: x(0) = x(σ_max)·σ0/sqrt(σ0² + σ_max²). EDM's 18 levels
      // (ρ = 7, tuned for images) leave a 5–6% error on this flow.
      const exact = (start[k] * sigma0) / Math.sqrt(sigma0 ** 2 + 80 ** 2);
      expect(Math.abs(got[k] - exact)).toBeLessThan(0.1 * Math.abs(exact));
    }
    tf.dispose([xT, out.x0 as tf.Tensor, traj.frames]);
  });
});
