import { describe, expect, it } from 'vitest';
import { uniformGenerator } from '../random';
import { frechetDistance, gaussianStats, multiply, type GaussianStats } from './frechet';
import { symmetricEigen } from './symmetric-eigen';

const stats = (mean: number[], cov: Float64Array): GaussianStats => ({ n: 0, d: mean.length, mean: Float64Array.from(mean), cov });

function randomSpd(d: number, seed: number): Float64Array {
  const u = uniformGenerator(seed);
  const b = Float64Array.from({ length: d * d }, () => 2 * u() - 1);
  const bt = Float64Array.from({ length: d * d }, (_, k) => b[(k % d) * d + Math.floor(k / d)]);
  const a = multiply(b, bt, d);
  for (let i = 0; i < d; i++) a[i * d + i] += 0.1;
  return a;
}

/** A random orthogonal matrix: the eigenvectors of a random symmetric one. */
function randomOrthogonal(d: number, seed: number): Float64Array {
  return symmetricEigen(randomSpd(d, seed), d).vectors;
}

/** Q diag(λ) Qᵀ. */
function fromEigen(q: Float64Array, lambda: number[], d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) out[i * d + j] += q[i * d + k] * lambda[k] * q[j * d + k];
  return out;
}

/** Gauss–Jordan inverse with partial pivoting (for the independent check below). */
function inverse(a: Float64Array, d: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(d * d);
  for (let i = 0; i < d; i++) inv[i * d + i] = 1;
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(m[r * d + c]) > Math.abs(m[p * d + c])) p = r;
    for (let k = 0; k < d; k++) {
      [m[c * d + k], m[p * d + k]] = [m[p * d + k], m[c * d + k]];
      [inv[c * d + k], inv[p * d + k]] = [inv[p * d + k], inv[c * d + k]];
    }
    const pivot = m[c * d + c];
    for (let k = 0; k < d; k++) {
      m[c * d + k] /= pivot;
      inv[c * d + k] /= pivot;
    }
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = m[r * d + c];
      for (let k = 0; k < d; k++) {
        m[r * d + k] -= f * m[c * d + k];
        inv[r * d + k] -= f * inv[c * d + k];
      }
    }
  }
  return inv;
}

/**
 * tr (Σ₁Σ₂)^{1/2} by the Denman–Beavers iteration on the non-symmetric product
 * (Y ← (Y + Z⁻¹)/2, Z ← (Z + Y⁻¹)/2 from Y = A, Z = I; Y → A^{1/2}): an independent route.
 */
function traceSqrtDenmanBeavers(s1: Float64Array, s2: Float64Array, d: number): number {
  let y = multiply(s1, s2, d);
  let z = new Float64Array(d * d);
  for (let i = 0; i < d; i++) z[i * d + i] = 1;
  for (let it = 0; it < 60; it++) {
    const yi = inverse(y, d);
    const zi = inverse(z, d);
    y = y.map((v, k) => (v + zi[k]) / 2);
    z = z.map((v, k) => (v + yi[k]) / 2);
  }
  let tr = 0;
  for (let i = 0; i < d; i++) tr += y[i * d + i];
  return tr;
}

describe('Fréchet distance', () => {
  it('is (μ₁ − μ₂)² + (σ₁ − σ₂)² in one dimension', () => {
    expect(frechetDistance(stats([1], Float64Array.of(4)), stats([-2], Float64Array.of(9)))).toBeCloseTo(9 + 1, 12);
  });

  it('has the closed form ‖μ₁ − μ₂‖² + Σ (√a_i − √b_i)² for commuting covariances Q diag(a) Qᵀ, Q diag(b) Qᵀ', () => {
    const d = 16;
    const u = uniformGenerator(5);
    const a = Array.from({ length: d }, () => 0.01 + 3 * u());
    const b = Array.from({ length: d }, () => 0.01 + 3 * u());
    const m1 = Array.from({ length: d }, () => u() - 0.5);
    const m2 = Array.from({ length: d }, () => u() - 0.5);
    const expected = m1.reduce((s, v, i) => s + (v - m2[i]) ** 2, 0) + a.reduce((s, v, i) => s + (Math.sqrt(v) - Math.sqrt(b[i])) ** 2, 0);
    // Diagonal, then rotated by the same orthogonal Q.
    const diag = (l: number[]) => fromEigen(Float64Array.from({ length: d * d }, (_, k) => (k % (d + 1) === 0 ? 1 : 0)), l, d);
    expect(frechetDistance(stats(m1, diag(a)), stats(m2, diag(b)))).toBeCloseTo(expected, 11);
    const q = randomOrthogonal(d, 8);
    expect(frechetDistance(stats(m1, fromEigen(q, a, d)), stats(m2, fromEigen(q, b, d)))).toBeCloseTo(expected, 10);
  });

  it('agrees with a Denman–Beavers square root of Σ₁Σ₂ for general covariances (d = 10)', () => {
    const d = 10;
    const s1 = randomSpd(d, 1);
    const s2 = randomSpd(d, 2);
    const zero = Array(d).fill(0);
    let traces = 0;
    for (let i = 0; i < d; i++) traces += s1[i * d + i] + s2[i * d + i];
    const expected = traces - 2 * traceSqrtDenmanBeavers(s1, s2, d);
    const fd = frechetDistance(stats(zero, s1), stats(zero, s2));
    expect(fd).toBeGreaterThan(0.1);
    expect(Math.abs(fd - expected)).toBeLessThan(1e-8 * traces);
  });

  it('is zero between a Gaussian and itself, and symmetric', () => {
    const d = 8;
    const s1 = randomSpd(d, 4);
    const s2 = randomSpd(d, 6);
    const m = Array(d).fill(0.3);
    expect(frechetDistance(stats(m, s1), stats(m, s1))).toBeLessThan(1e-10);
    expect(frechetDistance(stats(m, s1), stats(m, s2))).toBeCloseTo(frechetDistance(stats(m, s2), stats(m, s1)), 10);
  });

  it('fits the mean and the unbiased covariance of rows', () => {
    // Rows (0, 0), (2, 0), (1, 3): mean (1, 1); covariance [[1, 0], [0, 3]].
    const s = gaussianStats([0, 0, 2, 0, 1, 3], 3, 2);
    expect([...s.mean]).toEqual([1, 1]);
    expect([...s.cov]).toEqual([1, 0, 0, 3].map((v) => expect.closeTo(v, 14)));
    expect(() => gaussianStats([1, 2], 1, 2)).toThrow(/at least 2 rows/);
  });
});
