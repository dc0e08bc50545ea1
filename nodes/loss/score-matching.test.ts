import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import { mixtureDistribution, mixtureScore } from '../lib/mixture';
import { mlp, mlpInit, type MlpSpec } from '../lib/nn/mlp';
import { scoreMatchingLosses } from '../lib/nn/score-matching';
import { readValues } from '../lib/nn/testing';
import type { Predictor } from '../lib/predictor';
import { normal, uniformGenerator } from '../lib/random';
import { vpSchedule } from '../lib/schedules';
import { toy2d } from '../lib/toy2d';
import scoreMatching from './score-matching';

const s0 = 1.5;
const sigma = 0.5;
const V = s0 * s0 + sigma * sigma;
const data = mixtureDistribution('N(0, s0²)', { weights: [1], means: [[0]], stds: [s0] });

/** The linear score model s(x̃) = −c x̃ in x̃-space, read on a path point as (1/a)·s(x/a). */
function linear(c: number): Predictor {
  return { name: `−${c}x`, native: 'score', evaluate: (x, a) => tf.mul(x, -c / (a * a)) as tf.Tensor2D };
}

/**
 * Standard deviation of one sample of the gap g = ½(ŝ + ε/σ)² − ½(ŝ − s*)² for the linear model,
 * estimated independently of the node by plain JS Monte Carlo (10⁶ draws).
 */
function gapSampleStd(c: number): number {
  const u = uniformGenerator(11);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  let m = 0;
  let m2 = 0;
  const N = 1e6;
  for (let i = 0; i < N; i++) {
    const eps = gauss();
    const xt = s0 * gauss() + sigma * eps;
    const g = 0.5 * (-c * xt + eps / sigma) ** 2 - 0.5 * (-c * xt + xt / V) ** 2;
    m += g / N;
    m2 += (g * g) / N;
  }
  return Math.sqrt(m2 - m * m);
}

describe('loss/score-matching', () => {
  const n = 100_000;
  const gap = 0.5 * (1 / (sigma * sigma) - 1 / V);

  it.each([0, 0.3, 1 / V, 1.2])('for s(x̃) = −%f·x̃ on 1-D Gaussian data, gives the constant gap ½(1/σ² − 1/(s₀²+σ²)) within Monte-Carlo error', async (c) => {
    const before = tf.memory().numTensors;
    const out = (await runNode(scoreMatching, { predictor: linear(c), dist: data }, { n, sigma }, { seed: 1 })) as { esm: number; dsm: number; gap: number };
    // 4.5 standard errors of the mean of n samples (≈ 0.04 here, the gap being 1.8; measured errors
    // 0.008–0.02): a false alarm once in ~150 000 runs.
    expect(Math.abs(out.gap - gap)).toBeLessThan((4.5 * gapSampleStd(c)) / Math.sqrt(n));
    // ESM itself: ½E(c − 1/V)² x̃² = ½(c − 1/V)² V; its sample std is ≤ √2 times that.
    const esm = 0.5 * (c - 1 / V) ** 2 * V;
    expect(Math.abs(out.esm - esm)).toBeLessThanOrEqual((4.5 * Math.SQRT2 * esm) / Math.sqrt(n) + 1e-7);
    expect(out.dsm).toBeCloseTo(out.esm + out.gap, 5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the same numbers on a VP path point with s/a = σ', async () => {
    const ve = (await runNode(scoreMatching, { predictor: linear(0.3), dist: data }, { n: 20_000, sigma }, { seed: 2 })) as { gap: number; esm: number };
    const vp = (await runNode(scoreMatching, { predictor: linear(0.3), dist: data, schedule: vpSchedule() }, { n: 20_000, sigma }, { seed: 2 })) as { gap: number; esm: number };
    // Same samples; only float32 rounding of x·a and of the 1/a² factor differ.
    expect(vp.gap).toBeCloseTo(ve.gap, 4);
    expect(vp.esm).toBeCloseTo(ve.esm, 4);
  });

  it('refuses data without an exact score', async () => {
    await expect(runNode(scoreMatching, { predictor: linear(1), dist: toy2d('moons') }, {})).rejects.toThrow(/dist: 'moons' has no exact score/);
  });
});

describe('scoreMatchingLosses on a small network', () => {
  const spec: MlpSpec = { sizes: [2, 16, 2], activation: 'silu' };
  const mix = toy2d('8gaussians').mixture!;
  const setup = (n: number, seed: number) => {
    const x = toy2d('8gaussians').sample(n, seed);
    const eps = normal<tf.Rank.R2>([n, 2], seed + 1);
    const xt = tf.add(x, tf.mul(eps, sigma)) as tf.Tensor2D;
    const exact = mixtureScore(xt, mix, 1, sigma);
    x.dispose();
    return { eps, xt, exact };
  };
  const losses = (theta: tf.Tensor, b: ReturnType<typeof setup>) => scoreMatchingLosses(mlp(theta as tf.Tensor1D, b.xt, spec), b.exact, b.eps, sigma);

  it('has gradients that match central differences', async () => {
    const theta = mlpInit(spec, 1, 1);
    const b = setup(256, 3);
    const dir = tf.tidy(() => {
      const v = normal<tf.Rank.R1>([theta.size], 4);
      return tf.div(v, tf.norm(v)) as tf.Tensor1D;
    });
    for (const which of ['esm', 'dsm'] as const) {
      const f = (th: tf.Tensor) => losses(th, b)[which];
      const g = tf.grad(f)(theta);
      const h = 1e-2;
      const [gu, lp, lm] = await readValues(() => tf.stack([tf.sum(tf.mul(g, dir)), f(tf.add(theta, tf.mul(dir, h))), f(tf.sub(theta, tf.mul(dir, h)))]));
      // As in dsm.test.ts: truncation and float32 rounding stay below 1e-4·|L| + 1e-3·|g·u|.
      expect(Math.abs((lp - lm) / (2 * h) - gu)).toBeLessThan(1e-4 * Math.abs(lp) + 1e-3 * Math.abs(gu));
      g.dispose();
    }
    tf.dispose([theta, dir, b.eps, b.xt, b.exact]);
  });

  it('gives ESM and DSM the same gradient in expectation (Vincent 2011)', async () => {
    const theta = mlpInit(spec, 2, 1);
    const b = setup(50_000, 5);
    const [ge, gd] = tf.grads((th: tf.Tensor) => losses(th, b).esm)([theta]).concat(tf.grads((th: tf.Tensor) => losses(th, b).dsm)([theta]));
    // With 50 000 samples the two gradient estimates differ only by Monte-Carlo noise: measured
    // cosine 0.99999 and relative difference 0.4%; a wrong DSM target (e.g. +ε instead of −ε) is far off.
    const [dot, ne, nd, diff] = await readValues(() => tf.stack([tf.sum(tf.mul(ge, gd)), tf.norm(ge), tf.norm(gd), tf.norm(tf.sub(ge, gd))]));
    expect(dot / (ne * nd)).toBeGreaterThan(0.999);
    expect(diff / ne).toBeLessThan(0.04);
    tf.dispose([theta, ge, gd, b.eps, b.xt, b.exact]);
  });
});
