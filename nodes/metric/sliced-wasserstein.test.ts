import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NodeRunError } from '../../src/engine/context';
import { runNode } from '../../src/engine/testing';
import { uniformGenerator } from '../lib/random';
import { randomDirections } from '../lib/sorted-projections';
import sw from './sliced-wasserstein';

/**
 * n points of N(μ, σ²I) whose sample mean is exactly μ and sample covariance exactly σ²I
 * (standard normals, centred and whitened by the Cholesky factor of their covariance):
 * every projection θ·x then has mean θ·μ and variance σ², so the only error left in SW is
 * the shape of the 1-D empirical distributions (and the choice of directions).
 */
async function exactGaussian(n: number, mu: number[], sigma: number, seed: number): Promise<tf.Tensor2D> {
  const d = mu.length;
  const raw = tf.randomNormal([n, d], 0, 1, 'float32', seed);
  const z = Float64Array.from(await raw.data());
  raw.dispose();
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k] += z[i * d + k] / n;
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) z[i * d + k] -= mean[k];
  const c = Array.from({ length: d }, () => new Float64Array(d));
  for (let i = 0; i < n; i++) for (let r = 0; r < d; r++) for (let s = 0; s < d; s++) c[r][s] += (z[i * d + r] * z[i * d + s]) / n;
  // Cholesky C = L Lᵀ, then z ← L⁻¹ z (forward substitution) has identity covariance.
  const L = Array.from({ length: d }, () => new Float64Array(d));
  for (let r = 0; r < d; r++)
    for (let s = 0; s <= r; s++) {
      let v = c[r][s];
      for (let k = 0; k < s; k++) v -= L[r][k] * L[s][k];
      L[r][s] = r === s ? Math.sqrt(v) : v / L[s][s];
    }
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const w = new Float64Array(d);
    for (let r = 0; r < d; r++) {
      let v = z[i * d + r];
      for (let k = 0; k < r; k++) v -= L[r][k] * w[k];
      w[r] = v / L[r][r];
      out[i * d + r] = mu[r] + sigma * w[r];
    }
  }
  return tf.tensor2d(out, [n, d]);
}

async function swValue(a: tf.Tensor2D, b: tf.Tensor2D, params: Record<string, unknown> = {}, seed = 0): Promise<number> {
  return (await runNode(sw, { a, b }, params, { seed })).value as number;
}

/** The rows of x in a seeded random order (Fisher–Yates). */
function shuffledRows(x: tf.Tensor2D, seed: number): tf.Tensor2D {
  const n = x.shape[0];
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const u = uniformGenerator(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  return tf.tidy(() => tf.gather(x, tf.tensor1d(perm, 'int32')));
}

describe('metric/sliced-wasserstein', () => {
  it('matches the closed form for isotropic Gaussians: SW₂² = |Δμ|²/d + (σ₁ − σ₂)²', async () => {
    const before = tf.memory().numTensors;
    const mu1 = [1, -0.5, 0.5];
    const mu2 = [0, 0, 0];
    const a = await exactGaussian(2048, mu1, 1, 1);
    const b = await exactGaussian(2048, mu2, 1.5, 2);
    const K = 2048;
    const got = (await swValue(a, b, { projections: K }, 5)) ** 2;

    // Against the node's own directions: W₂² = (θ·Δμ)² + (σ₁ − σ₂)² for each θ; with exact
    // sample moments the only error is the 1-D shape of two samples of 2048 points, a bias
    // σ₁σ₂·W₂²(u, v) ≥ 0 for standardised u, v: measured 1.8e-3…3.3e-3 over six seeds, so 6e-3.
    const theta = randomDirections(K, 3, 5);
    const th = await theta.data();
    theta.dispose();
    let mean = 0;
    for (let k = 0; k < K; k++) mean += (th[3 * k] * 1 + th[3 * k + 1] * -0.5 + th[3 * k + 2] * 0.5) ** 2 / K;
    expect(Math.abs(got - (mean + 0.25))).toBeLessThan(6e-3);

    // Against the average over the sphere, |Δμ|²/d = 1.5/3: for θ uniform on S², (θ·Δ)²/|Δ|² has
    // variance 4/45, so K = 2048 directions leave a std of 1.5·0.298/45 ≈ 0.0099 (measured errors
    // up to 0.016 over six seeds); 0.04 is 4 std.
    expect(Math.abs(got - (0.5 + 0.25))).toBeLessThan(0.04);
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('compares quantiles when the sizes differ', async () => {
    // Hand computation: a = {0,1,2} at levels 1/6, 1/2, 5/6; b = {0,…,5} at levels (j+½)/6, so
    // b's quantiles at a's levels are 0.5, 2.5, 4.5: W₂² = (0.5² + 1.5² + 2.5²)/3 = 35/12.
    // In d = 1 every direction is ±1 and the level grid is symmetric, so SW₂ = sqrt(35/12).
    const a = tf.tensor2d([2, 0, 1], [3, 1]);
    const b = tf.tensor2d([5, 3, 1, 0, 2, 4], [6, 1]);
    expect(await swValue(a, b, { projections: 8 })).toBeCloseTo(Math.sqrt(35 / 12), 5);
    expect(await swValue(b, a, { projections: 8 })).toBeCloseTo(Math.sqrt(35 / 12), 5);

    // Gaussians of unequal sizes in 1-D: W₂² = (μ₁ − μ₂)² + (σ₁ − σ₂)² = 1 + 0.25. With exact
    // sample moments the shape error of 30 000 vs 50 000 points is 0.9e-4…4.6e-4 (six seeds); 1.5e-3.
    const g1 = await exactGaussian(30000, [1], 1, 3);
    const g2 = await exactGaussian(50000, [0], 1.5, 4);
    // 100 directions of 50 000 points exceed one chunk of 2²² projected values: two chunks, and in
    // 1-D every direction gives the same W₂².
    expect(Math.abs((await swValue(g1, g2, { projections: 100 })) ** 2 - 1.25)).toBeLessThan(1.5e-3);
    tf.dispose([a, b, g1, g2]);
  });

  it('is zero between a set and itself, and ignores the order of the points', async () => {
    const before = tf.memory().numTensors;
    const a = tf.randomNormal([3000, 4], 0, 1, 'float32', 11) as tf.Tensor2D;
    const b = tf.randomNormal([2000, 4], 0.3, 1, 'float32', 12) as tf.Tensor2D;
    const aShuffled = shuffledRows(a, 1);
    const bShuffled = shuffledRows(b, 2);
    expect(await swValue(a, a)).toBe(0);
    expect(await swValue(a, aShuffled)).toBe(0);
    const ab = await swValue(a, b, {}, 3);
    expect(ab).toBeGreaterThan(0.1);
    // Projections of a row do not depend on its position; float32 rounding of the sums may.
    expect(Math.abs((await swValue(aShuffled, bShuffled, {}, 3)) - ab)).toBeLessThan(1e-5 * ab);
    tf.dispose([a, b, aShuffled, bShuffled]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses sets of different dimensions, naming port b', async () => {
    const before = tf.memory().numTensors;
    const a = tf.zeros([10, 2]) as tf.Tensor2D;
    const b = tf.zeros([10, 3]) as tf.Tensor2D;
    const err = await runNode(sw, { a, b }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeRunError);
    expect((err as NodeRunError).port).toBe('b');
    expect((err as Error).message).toMatch(/dimension 3.*2/);
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
