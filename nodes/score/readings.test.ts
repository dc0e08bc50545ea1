import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import { readAs, type Readout } from '../lib/predictor';
import { gaussianPredictor, values } from '../lib/sampling/testing';
import { flowSchedule, linearSchedule, vpSchedule } from '../lib/schedules';
import evaluate from './evaluate';

/**
 * The v-prediction, flow-matching and path-velocity readings against their definitions, on
 * N(0, σ0²) data whose exact readings are linear in x: with V = a²σ0² + s²,
 * ε̂ = s·x/V and x̂_0 = a σ0²·x/V.
 */
const sigma0 = 0.8;
const X = [-2, -0.5, 0.3, 1.7];
const eps = (a: number, s: number, x: number) => (s * x) / (a * a * sigma0 * sigma0 + s * s);
const x0 = (a: number, s: number, x: number) => (a * sigma0 * sigma0 * x) / (a * a * sigma0 * sigma0 + s * s);

async function read(native: Readout, as: Readout, a: number, s: number, xs = X): Promise<number[]> {
  const x = tf.tensor2d(xs, [xs.length, 1]);
  const y = readAs(gaussianPredictor(sigma0, native), x, a, s, as);
  const out = await values(y);
  tf.dispose([x, y]);
  return out;
}

describe('readings v and flow', () => {
  it('v on a VP path is Salimans & Ho’s a·ε̂ − s·x̂_0, from every native reading', async () => {
    const [a, s] = [Math.cos(0.9), Math.sin(0.9)];
    for (const native of ['score', 'eps', 'x0', 'v', 'flow'] as Readout[]) {
      const got = await read(native, 'v', a, s);
      X.forEach((x, i) => expect(Math.abs(got[i] - (a * eps(a, s, x) - s * x0(a, s, x)))).toBeLessThan(1e-6));
    }
  });

  it('flow is ε̂ − x̂_0; v and flow convert back to the score −x/V', async () => {
    const [a, s] = [0.35, 0.65];
    const got = await read('eps', 'flow', a, s);
    X.forEach((x, i) => expect(Math.abs(got[i] - (eps(a, s, x) - x0(a, s, x)))).toBeLessThan(1e-6));
    for (const native of ['v', 'flow'] as Readout[]) {
      const score = await read(native, 'score', a, s);
      X.forEach((x, i) => expect(Math.abs(score[i] + x / (a * a * sigma0 * sigma0 + s * s))).toBeLessThan(1e-5));
    }
  });

  it('v and flow depend on (x/a, σ) only: the same on the VE point (1, σ) and on any path point (a, aσ)', async () => {
    const sigma = 0.7;
    const xTilde = [0.4, -1.1];
    for (const as of ['v', 'flow'] as Readout[]) {
      const ve = await read('score', as, 1, sigma, xTilde);
      for (const a of [0.3, 0.8]) {
        const other = await read('score', as, a, a * sigma, xTilde.map((v) => a * v));
        other.forEach((g, i) => expect(Math.abs(g - ve[i])).toBeLessThan(1e-5));
      }
    }
  });
});

describe('score/evaluate as velocity: the path’s dx/dt = a′x̂_0 + s′ε̂', () => {
  it.each([
    ['vp', vpSchedule()],
    ['linear', linearSchedule()],
    ['flow', flowSchedule({ tauMax: 0.99 })],
  ] as const)('%s: matches a′, s′ by central differences', async (_name, sch) => {
    // Mid-interval of the discrete chains (their log ᾱ is piecewise linear between grid points i/T).
    const t = 0.4005;
    const h = 1e-5;
    const [a, s] = [sch.a(t), sch.s(t)];
    const [da, ds] = [(sch.a(t + h) - sch.a(t - h)) / (2 * h), (sch.s(t + h) - sch.s(t - h)) / (2 * h)];
    const x = tf.tensor2d(X, [4, 1]);
    const y = (await runNode(evaluate, { predictor: gaussianPredictor(sigma0, 'eps'), schedule: sch, x }, { t, as: 'velocity' })).y as tf.Tensor;
    const got = await values(y);
    X.forEach((v, i) => expect(Math.abs(got[i] - (da * x0(a, s, v) + ds * eps(a, s, v)))).toBeLessThan(1e-4));
    tf.dispose([x, y]);
  });

  it('on the flow path the velocity is τ_max·(ε̂ − x̂_0), the flow reading scaled', async () => {
    const sch = flowSchedule({ tauMax: 0.99 });
    const x = tf.tensor2d(X, [4, 1]);
    const run = async (as: string) => values((await runNode(evaluate, { predictor: gaussianPredictor(sigma0, 'x0'), schedule: sch, x }, { t: 0.6, as })).y as tf.Tensor);
    const [velocity, flow] = [await run('velocity'), await run('flow')];
    velocity.forEach((v, i) => expect(Math.abs(v - 0.99 * flow[i])).toBeLessThan(1e-5));
    x.dispose();
  });
});
