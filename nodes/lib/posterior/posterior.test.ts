import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { uniformGenerator } from '../random';
import { fullMixtureLogDensity, fullMixtureMoments, fullMixtureScore, sampleFullMixture, type FullMixture } from './full-mixture';
import { linearGaussianPosterior } from './posterior';

const prior = { weights: [0.3, 0.5, 0.2], means: [[-2, 0], [2, 1], [0, -3]], stds: [0.6, 1, 0.4] };
const line = { matrix: [[1, 1]], y: [1.2], sigmaY: 0.5 };

/** Standard normals in float64 (Box–Muller on a seeded uniform), independent of the lab's sampler. */
function gaussians(n: number, seed: number): Float64Array {
  const u = uniformGenerator(seed);
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
}

describe('linearGaussianPosterior', () => {
  it('is the textbook posterior for one Gaussian and y = x + σ_y n', () => {
    const post = linearGaussianPosterior({ weights: [1], means: [[0.7]], stds: [2] }, { matrix: [[1]], y: [3], sigmaY: 0.5 });
    // mean (μσ_y² + yσ²)/(σ² + σ_y²), variance σ²σ_y²/(σ² + σ_y²).
    expect(post.means[0][0]).toBeCloseTo((0.7 * 0.25 + 3 * 4) / 4.25, 12);
    expect(post.values[0][0]).toBeCloseTo((4 * 0.25) / 4.25, 12);
  });

  it('matches Monte-Carlo importance weights of prior samples (weights, mean, covariance)', () => {
    const post = linearGaussianPosterior(prior, line);
    const n = 400_000;
    const z = gaussians(3 * n, 7);
    const u = uniformGenerator(11);
    let wSum = 0;
    const compW = [0, 0, 0];
    const mean = [0, 0];
    const second = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const r = u();
      const k = r < 0.3 ? 0 : r < 0.8 ? 1 : 2;
      const x0 = prior.means[k][0] + prior.stds[k] * z[3 * i];
      const x1 = prior.means[k][1] + prior.stds[k] * z[3 * i + 1];
      const res = line.y[0] - (x0 + x1);
      const w = Math.exp((-0.5 * res * res) / line.sigmaY ** 2);
      wSum += w;
      compW[k] += w;
      mean[0] += w * x0;
      mean[1] += w * x1;
      second[0] += w * x0 * x0;
      second[1] += w * x0 * x1;
      second[2] += w * x1 * x1;
    }
    compW.forEach((w, k) => expect(post.weights[k]).toBeCloseTo(w / wSum, 2));
    const { mean: m, cov } = fullMixtureMoments(post);
    expect(m[0]).toBeCloseTo(mean[0] / wSum, 2);
    expect(m[1]).toBeCloseTo(mean[1] / wSum, 2);
    expect(cov[0]).toBeCloseTo(second[0] / wSum - (mean[0] / wSum) ** 2, 2);
    expect(cov[1]).toBeCloseTo(second[1] / wSum - (mean[0] / wSum) * (mean[1] / wSum), 2);
    expect(cov[3]).toBeCloseTo(second[2] / wSum - (mean[1] / wSum) ** 2, 2);
  });

  it('refuses a matrix that does not fit the prior or y, naming the entry', () => {
    expect(() => linearGaussianPosterior(prior, { matrix: [[1, 1, 1]], y: [0], sigmaY: 1 })).toThrow(/matrix\[0\] has 3 entries; the prior's points have 2/);
    expect(() => linearGaussianPosterior(prior, { matrix: [[1, 1]], y: [0, 1], sigmaY: 1 })).toThrow(/y has 2 entries; the matrix has 1 rows/);
    expect(() => linearGaussianPosterior(prior, { matrix: [[1, 1]], y: [0], sigmaY: 0 })).toThrow(/σ_y = 0 must be > 0/);
  });
});

describe('the noised posterior (FullMixture)', () => {
  const post: FullMixture = linearGaussianPosterior(prior, line);
  const points = [[0.3, 0.9], [-1.5, 2.2], [1.1, -0.4]];

  it('has the finite-difference gradient of its log-density as its score, on VP, VE and flow points', () => {
    for (const [a, s] of [[1, 0.05], [0.8, 0.6], [1, 3], [0.4, 0.6]]) {
      const x = tf.tensor2d(points);
      const score = fullMixtureScore(x, post, a, s).arraySync();
      const h = 1e-3;
      points.forEach((pt, i) => {
        for (let j = 0; j < 2; j++) {
          const up = pt.map((v, l) => (l === j ? v + h : v));
          const dn = pt.map((v, l) => (l === j ? v - h : v));
          const ld = fullMixtureLogDensity(tf.tensor2d([up, dn]), post, a, s).arraySync();
          expect(score[i][j]).toBeCloseTo((ld[0] - ld[1]) / (2 * h), 2);
        }
      });
      tf.dispose(x);
    }
  });

  it('integrates to one (its log-density on a grid, 2-D quadrature)', () => {
    const step = 0.05;
    const grid: number[][] = [];
    for (let u = -6; u <= 6; u += step) for (let v = -6; v <= 6; v += step) grid.push([u, v]);
    const ld = Array.from(fullMixtureLogDensity(tf.tensor2d(grid), post, 1, 0).dataSync());
    const mass = ld.reduce((acc, l) => acc + Math.exp(l), 0) * step * step;
    expect(mass).toBeCloseTo(1, 3);
  });

  it('samples with its own mean and covariance, reproducibly from the seed', () => {
    const before = tf.memory().numTensors;
    const x = sampleFullMixture(post, 200_000, 3);
    const [first, again] = [sampleFullMixture(post, 1000, 5), sampleFullMixture(post, 1000, 5)];
    expect(again.dataSync()).toEqual(first.dataSync());
    const v = x.dataSync();
    const n = v.length / 2;
    const mean = [0, 0];
    for (let i = 0; i < n; i++) for (let j = 0; j < 2; j++) mean[j] += v[2 * i + j] / n;
    const cov = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const [d0, d1] = [v[2 * i] - mean[0], v[2 * i + 1] - mean[1]];
      cov[0] += (d0 * d0) / (n - 1);
      cov[1] += (d0 * d1) / (n - 1);
      cov[2] += (d1 * d1) / (n - 1);
    }
    const exact = fullMixtureMoments(post);
    expect(mean[0]).toBeCloseTo(exact.mean[0], 2);
    expect(mean[1]).toBeCloseTo(exact.mean[1], 2);
    expect(cov[0]).toBeCloseTo(exact.cov[0], 2);
    expect(cov[1]).toBeCloseTo(exact.cov[1], 2);
    expect(cov[2]).toBeCloseTo(exact.cov[3], 2);
    tf.dispose([x, first, again]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
