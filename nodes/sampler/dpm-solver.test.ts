import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import { analyticPredictor } from '../lib/analytic-predictor';
import { normal } from '../lib/random';
import { gaussianPredictor, values } from '../lib/sampling/testing';
import { karrasSchedule, linearSchedule, vpSchedule } from '../lib/schedules';
import { eightGaussians, toy2d } from '../lib/toy2d';
import ddim from './ddim';
import dpmSolver from './dpm-solver';

type Out = { x0: tf.Tensor; trajectory: { frames: tf.Tensor; times: number[] }; nfe: number };
const run = async (inputs: Record<string, unknown>, params: Record<string, unknown>) => (await runNode(dpmSolver, inputs, params)) as unknown as Out;

/** The exact denoiser x̂_0 = x + σ²·∇log p_σ(x) of the 8-Gaussians mixture at a = 1, s = σ, in float64. */
function mixtureDenoiser(x: [number, number], sigma: number): [number, number] {
  const { means, stds, weights } = eightGaussians();
  const logits = means.map((m, k) => {
    const v = stds[k] ** 2 + sigma ** 2;
    return Math.log(weights[k]) - Math.log(v) - ((x[0] - m[0]) ** 2 + (x[1] - m[1]) ** 2) / (2 * v);
  });
  const top = Math.max(...logits);
  const r = logits.map((l) => Math.exp(l - top));
  const total = r.reduce((p, q) => p + q, 0);
  const score = [0, 1].map((j) => means.reduce((acc, m, k) => acc + (r[k] / total) * ((m[j] - x[j]) / (stds[k] ** 2 + sigma ** 2)), 0));
  return [x[0] + sigma * sigma * score[0], x[1] + sigma * sigma * score[1]];
}

/**
 * k-diffusion's sample_dpmpp_2m, written out in float64 from its source: t = −log σ, h = t_next − t,
 * x ← (σ_next/σ)·x − expm1(−h)·D, D = denoised on the first and the last (σ_next = 0) step, else
 * (1 + 1/(2r))·denoised − 1/(2r)·old_denoised with r = h_last/h.
 */
function sampleDpmpp2m(x: [number, number], sigmas: number[]): [number, number] {
  let old: [number, number] | null = null;
  let hLast = 0;
  for (let i = 0; i + 1 < sigmas.length; i++) {
    const denoised = mixtureDenoiser(x, sigmas[i]);
    const [t, tNext] = [-Math.log(sigmas[i]), -Math.log(sigmas[i + 1])];
    const h = tNext - t;
    let d = denoised;
    if (old !== null && sigmas[i + 1] !== 0) {
      const r = hLast / h;
      const o: [number, number] = old;
      d = [0, 1].map((j) => (1 + 1 / (2 * r)) * denoised[j] - (1 / (2 * r)) * o[j]) as [number, number];
    }
    const ratio = sigmas[i + 1] / sigmas[i];
    x = [0, 1].map((j) => ratio * x[j] - Math.expm1(-h) * d[j]) as [number, number];
    old = denoised;
    hLast = h;
  }
  return x;
}

/**
 * DPM-Solver++(2M) on the VP path in Lu et al.'s notation, float64, written from dpm_solver_pytorch.py
 * (multistep_dpm_solver_second_update, solver_type 'dpmsolver', with lower_order_final): α_t = a, σ_t = s
 * of the continuous VP-SDE in closed form, λ_k evenly spaced from λ(1) to λ(t_end) (skip_type 'logSNR') or
 * λ(t_k) at t_k evenly spaced from 1 to t_end ('time_uniform'), φ_1 = expm1(−h),
 *   order 1: x ← (σ_t/σ_s)·x − α_t φ_1·m_0;   order 2: … − ½ α_t φ_1·(m_0 − m_1)/r_0,  r_0 = h_0/h,
 * m = x̂_0 = denoiser(x/α, σ/α). Order 1 on the first step and on the last (fewer than 15 steps).
 */
function dpmpp2mVp(x: [number, number], steps: number, tEnd: number, skip: 'logSNR' | 'time_uniform', betaMin = 0.1, betaMax = 20): [number, number] {
  const alphaAt = (t: number) => Math.exp(-0.25 * (betaMax - betaMin) * t * t - 0.5 * betaMin * t);
  const lambdaAt = (t: number) => Math.log(alphaAt(t)) - 0.5 * Math.log(1 - alphaAt(t) ** 2);
  const [l0, l1] = [lambdaAt(1), lambdaAt(tEnd)];
  const even = (from: number, to: number, k: number) => (k === steps ? to : from + ((to - from) * k) / steps);
  const lambdas = Array.from({ length: steps + 1 }, (_, k) => (skip === 'logSNR' ? even(l0, l1, k) : lambdaAt(even(1, tEnd, k))));
  const alpha = (l: number) => 1 / Math.sqrt(1 + Math.exp(-2 * l));
  const sigma = (l: number) => Math.sqrt(1 - alpha(l) ** 2);
  let prev: { m: [number, number]; h: number } | null = null;
  for (let k = 0; k < steps; k++) {
    const [ls, lt] = [lambdas[k], lambdas[k + 1]];
    const m = mixtureDenoiser([x[0] / alpha(ls), x[1] / alpha(ls)], sigma(ls) / alpha(ls));
    const h = lt - ls;
    const phi1 = Math.expm1(-h);
    const order = prev === null || (steps < 15 && k === steps - 1) ? 1 : 2;
    const r0 = prev ? prev.h / h : 1;
    x = [0, 1].map((j) => (sigma(lt) / sigma(ls)) * x[j] - alpha(lt) * phi1 * m[j] - (order === 2 ? 0.5 * alpha(lt) * phi1 * ((m[j] - prev!.m[j]) / r0) : 0)) as [number, number];
    prev = { m, h };
  }
  return x;
}

describe('sampler/dpm-solver', () => {
  it('DPM-Solver++(2M) on a Karras σ grid is k-diffusion’s sample_dpmpp_2m: matches its float64 recursion with the exact mixture score to 1e-4', async () => {
    const schedule = karrasSchedule({ N: 10 });
    const xT = tf.tidy(() => tf.mul(normal([64, 2], 4), 80));
    const before = tf.memory().numTensors;
    const out = await run({ predictor: analyticPredictor(toy2d('8gaussians')), schedule, xT }, { grid: 'sigmas', order: 2 });
    expect(out.nfe).toBe(10);
    const [got, start] = [await values(out.x0), await values(xT)];
    const sigmas = [...(schedule.sigmas as Float64Array), 0];
    let worst = 0;
    for (let i = 0; i < 64; i++) {
      const want = sampleDpmpp2m([start[2 * i], start[2 * i + 1]], sigmas);
      worst = Math.max(worst, Math.abs(got[2 * i] - want[0]), Math.abs(got[2 * i + 1] - want[1]));
    }
    expect(worst).toBeLessThan(1e-4);
    tf.dispose([out.x0, out.trajectory.frames]);
    expect(tf.memory().numTensors).toBe(before);
    xT.dispose();
  });

  it.each<[string, 'logSNR' | 'time_uniform', number]>([
    ['logSNR', 'logSNR', 10],
    ['logSNR', 'logSNR', 25],
    ['time', 'time_uniform', 10],
  ])('DPM-Solver++(2M) on the VP path, %s grid (%s), %i steps: matches Lu et al.’s recursion in float64 with the exact mixture score to 1e-4', async (grid, skip, steps) => {
    const xT = normal([64, 2], 8);
    const out = await run({ predictor: analyticPredictor(toy2d('8gaussians')), schedule: vpSchedule(), xT }, { steps, grid, tEnd: 1e-3 });
    expect(out.nfe).toBe(steps);
    const [got, start] = [await values(out.x0), await values(xT)];
    let worst = 0;
    for (let i = 0; i < 64; i++) {
      const want = dpmpp2mVp([start[2 * i], start[2 * i + 1]], steps, 1e-3, skip);
      worst = Math.max(worst, Math.abs(got[2 * i] - want[0]), Math.abs(got[2 * i + 1] - want[1]));
    }
    expect(worst).toBeLessThan(1e-4);
    tf.dispose([xT, out.x0, out.trajectory.frames]);
  });

  it.each(['dpmsolver++', 'dpmsolver'])('order 1 (%s) on the ddim grid is DDIM with η = 0, step for step', async (algorithm) => {
    const schedule = linearSchedule({ T: 200 });
    const xT = normal([32, 3], 6);
    const predictor = gaussianPredictor(0.7, 'eps');
    const ours = await run({ predictor, schedule, xT }, { grid: 'ddim', steps: 25, order: 1, algorithm });
    const theirs = (await runNode(ddim, { predictor, schedule, xT }, { steps: 25 })) as unknown as Out;
    const [a, b] = [await values(ours.x0), await values(theirs.x0)];
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeLessThan(1e-5);
    expect(ours.trajectory.times).toEqual(theirs.trajectory.times);
    expect(ours.nfe).toBe(25);
    tf.dispose([xT, ours.x0, ours.trajectory.frames, theirs.x0, theirs.trajectory.frames]);
  });
});
