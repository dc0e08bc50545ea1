import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { AnyNodeDef } from '../../src/engine/node';
import { runNode } from '../../src/engine/testing';
import type { Schedule } from '../lib/schedule';
import { noiseLike } from '../lib/sampling/chain';
import { loopLevels, type LevelParams, type LoopLevel } from '../lib/sampling/levels';
import { gaussianPredictor, values } from '../lib/sampling/testing';
import { karrasSchedule, linearSchedule, veSchedule, vpSchedule } from '../lib/schedules';
import corrector from './corrector';
import ddim from './ddim';
import ddpm from './ddpm';
import eulerMaruyama from './euler-maruyama';
import langevin from './langevin';
import pfEuler from './pf-euler';
import pfHeun from './pf-heun';

/**
 * The step nodes against their formulas in float64, on N(0, σ0²) data whose exact predictors are
 * linear: score = −x/V, ε̂ = s·x/V, x̂_0 = a σ0² x/V with V = a²σ0² + s². (That a loop of each step
 * is its whole sampler, number for number, is nodes/loop/equivalence.test.ts.) Values are O(1):
 * float32 rounding leaves |error| < 1e-5.
 */
const sigma0 = 0.8;
const X = [-1.5, -0.3, 0.2, 0.9, 2.4, 3];
const x = () => tf.tensor2d(X, [3, 2]);
const SEED = 1234;
const V = (a: number, s: number) => a * a * sigma0 * sigma0 + s * s;
const base: LevelParams = { grid: 'chain', steps: 10, spacing: 'leading', tEnd: 1e-3, sigma: 0.3, repeat: 1 };

function level(schedule: Schedule | undefined, p: Partial<LevelParams>, k: number): LoopLevel {
  return { ...loopLevels(schedule, { ...base, ...p }).at(k), seed: SEED };
}

/** Run a step node on x at `lvl`; its output values, and z of (stream) for the formulas. Leak-checked. */
async function step(def: AnyNodeDef, params: Record<string, unknown>, schedule: Schedule | undefined, lvl: LoopLevel, native: 'score' | 'eps' | 'x0' = 'score', stream = 0) {
  const xt = x();
  const z = stream === 0 ? noiseLike(xt, SEED, lvl.k) : noiseLike(xt, SEED, lvl.k, stream);
  const Z = await values(z);
  const before = tf.memory().numTensors;
  const out = (await runNode(def, { x: xt, predictor: gaussianPredictor(sigma0, native), schedule, level: lvl }, params)).x as tf.Tensor;
  expect(tf.memory().numTensors).toBe(before + 1);
  const got = await values(out);
  tf.dispose([xt, z, out]);
  return { got, Z };
}

const close = (got: number[], want: (k: number) => number) => got.forEach((g, k) => expect(Math.abs(g - want(k))).toBeLessThan(1e-5));

describe('step nodes against their formulas', () => {
  it('ddpm on the ddim grid jumps i → j with the respaced β = 1 − ᾱ_i/ᾱ_j; the last pass adds no noise', async () => {
    const sch = linearSchedule({ T: 100 });
    const ab = sch.alphaBars!;
    for (const k of [2, 4]) {
      const l = level(sch, { grid: 'ddim', steps: 5 }, k);
      const [abT, abP] = [ab[l.i!], ab[l.iNext!]];
      const beta = 1 - abT / abP;
      const [a, s] = [Math.sqrt(abT), Math.sqrt(1 - abT)];
      const sig = Math.sqrt((beta * (1 - abP)) / (1 - abT));
      const { got, Z } = await step(ddpm, { variance: 'posterior' }, sch, l, 'eps');
      const noise = l.last ? 0 : sig;
      close(got, (j) => (X[j] - (beta / s) * ((s * X[j]) / V(a, s))) / Math.sqrt(1 - beta) + noise * Z[j]);
    }
  });

  it('ddpm on a VP time grid uses ᾱ(t) = a(t)² of the continuous path', async () => {
    const sch = vpSchedule();
    const l = level(sch, { grid: 'time', steps: 10 }, 3);
    const [abT, abP] = [sch.a(l.t) ** 2, sch.a(l.tNext) ** 2];
    const beta = 1 - abT / abP;
    const [a, s] = [Math.sqrt(abT), Math.sqrt(1 - abT)];
    const { got, Z } = await step(ddpm, { variance: 'beta' }, sch, l, 'x0');
    close(got, (j) => (X[j] - (beta / s) * ((s * X[j]) / V(a, s))) / Math.sqrt(1 - beta) + Math.sqrt(beta) * Z[j]);
  });

  it('ddim with η = 1 draws stream 0 noise; η = 0 is deterministic', async () => {
    const sch = linearSchedule({ T: 50 });
    const l = level(sch, { grid: 'chain' }, 10);
    const [abT, abP] = [sch.alphaBars![l.i!], sch.alphaBars![l.iNext!]];
    const [a, s] = [Math.sqrt(abT), Math.sqrt(1 - abT)];
    for (const eta of [0, 1]) {
      const sig = eta * Math.sqrt(((1 - abP) / (1 - abT)) * (1 - abT / abP));
      const { got, Z } = await step(ddim, { eta }, sch, l);
      close(got, (j) => {
        const eps = (s * X[j]) / V(a, s);
        return Math.sqrt(abP) * ((X[j] - s * eps) / a) + Math.sqrt(1 - abP - sig * sig) * eps + sig * Z[j];
      });
    }
  });

  it('langevin, annealed: τ_i = τ·σ_i²/σ_L² at the level’s point, noise on its stream', async () => {
    const sch = veSchedule({ N: 4 });
    const l = level(sch, { grid: 'sigmas', repeat: 3 }, 4);
    const tau = (2e-3 * l.s * l.s) / (l.sLast * l.sLast);
    const { got, Z } = await step(langevin, { tau: 2e-3, scaling: 'annealed', stream: 5 }, sch, l, 'eps', 5);
    close(got, (j) => X[j] + tau * (-X[j] / V(1, l.s)) + Math.sqrt(2 * tau) * Z[j]);
    const fixed = level(undefined, { grid: 'fixed', sigma: 0.4 }, 2);
    const f = await step(langevin, { tau: 0.01 }, undefined, fixed);
    close(f.got, (j) => X[j] + 0.01 * (-X[j] / V(1, 0.4)) + Math.sqrt(0.02) * f.Z[j]);
  });

  it('euler-maruyama in σ-time on the sigmas grid: x + 2σΔσ·score + sqrt(2σΔσ)·z', async () => {
    const sch = veSchedule({ N: 6 });
    const l = level(sch, { grid: 'sigmas' }, 2);
    const h = 2 * l.t * (l.t - l.tNext);
    const { got, Z } = await step(eulerMaruyama, {}, sch, l, 'x0');
    close(got, (j) => X[j] + h * (-X[j] / V(1, l.t)) + Math.sqrt(h) * Z[j]);
  });

  it('pf-euler in t: x + h(f x − ½g²·score); pf-heun’s last pass on a Karras grid is Euler, returning x̂_0', async () => {
    const sch = vpSchedule();
    const l = level(sch, { grid: 'time', steps: 10 }, 4);
    const h = l.tNext - l.t;
    const [a, s] = [sch.a(l.t), sch.s(l.t)];
    const e = await step(pfEuler, {}, sch, l);
    close(e.got, (j) => X[j] + h * (sch.f(l.t) * X[j] - 0.5 * sch.g2(l.t) * (-X[j] / V(a, s))));
    const k = karrasSchedule({ N: 6 });
    const lastPass = level(k, { grid: 'sigmas' }, 5);
    expect(lastPass.tNext).toBe(0);
    const heun = await step(pfHeun, {}, k, lastPass);
    close(heun.got, (j) => (sigma0 * sigma0 * X[j]) / V(1, lastPass.t));
  });

  it('corrector: ε = 2α(r·mean‖z‖/mean‖score‖)² with α = 1 − β_i of the VP chain; stream 1 by default', async () => {
    const sch = vpSchedule();
    const l = level(sch, { grid: 'time', steps: 10 }, 2);
    const [a, s] = [l.a, l.s];
    const N = sch.betas!.length - 1;
    const alpha = 1 - sch.betas![Math.floor(l.t * (N - 1)) + 1];
    const { got, Z } = await step(corrector, { snr: 0.2 }, sch, l, 'score', 1);
    const g = X.map((e) => -e / V(a, s));
    const meanNorm = (v: number[]) => [0, 1, 2].reduce((acc, i) => acc + Math.hypot(v[2 * i], v[2 * i + 1]), 0) / 3;
    const eps = 2 * alpha * ((0.2 * meanNorm(Z)) / meanNorm(g)) ** 2;
    close(got, (j) => X[j] + eps * g[j] + Math.sqrt(2 * eps) * Z[j]);
  });
});

describe('step nodes refuse what they cannot do, naming the port', () => {
  const run = (def: AnyNodeDef, schedule: Schedule | undefined, lvl: unknown, native: 'score' | 'eps' = 'score') => {
    const xt = x();
    return runNode(def, { x: xt, predictor: gaussianPredictor(1, native), schedule, level: lvl }).finally(() => xt.dispose());
  };

  it('a step that moves in time on the fixed grid; a DDPM step on the sigmas grid or a VE path', async () => {
    const fixed = level(undefined, { grid: 'fixed' }, 0);
    await expect(run(eulerMaruyama, vpSchedule(), fixed)).rejects.toMatchObject({ port: 'level', message: expect.stringMatching(/fixed grid stays at one noise level/) });
    await expect(run(pfHeun, vpSchedule(), fixed)).rejects.toMatchObject({ port: 'level' });
    await expect(run(ddpm, veSchedule(), level(veSchedule(), { grid: 'sigmas' }, 0))).rejects.toMatchObject({ port: 'level', message: expect.stringMatching(/sigmas grid has no ᾱ/) });
    await expect(run(ddim, veSchedule(), level(veSchedule(), { grid: 'time' }, 0))).rejects.toMatchObject({ port: 'schedule', message: expect.stringMatching(/variance-preserving/) });
  });

  it('a missing level or schedule, and Langevin at s = 0 with a predictor that has no score there', async () => {
    await expect(run(ddpm, linearSchedule({ T: 10 }), undefined)).rejects.toMatchObject({ port: 'level' });
    await expect(run(corrector, undefined, level(vpSchedule(), { grid: 'time' }, 0))).rejects.toMatchObject({ port: 'schedule' });
    const clean = level(undefined, { grid: 'fixed', sigma: 0 }, 0);
    await expect(run(langevin, undefined, clean, 'eps')).rejects.toMatchObject({ port: 'predictor', message: expect.stringMatching(/s = 0 needs a predictor that computes the score/) });
  });
});
