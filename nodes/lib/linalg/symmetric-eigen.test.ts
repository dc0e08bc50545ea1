import { describe, expect, it } from 'vitest';
import { uniformGenerator } from '../random';
import { multiply } from './frechet';
import { psdSqrt, symmetricEigen } from './symmetric-eigen';

/** A random symmetric matrix with entries in [−1, 1]. */
function randomSymmetric(d: number, seed: number): Float64Array {
  const u = uniformGenerator(seed);
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++) a[i * d + j] = a[j * d + i] = 2 * u() - 1;
  return a;
}

describe('symmetricEigen (cyclic Jacobi)', () => {
  it('finds the eigenvalues of a 2×2 matrix in closed form', () => {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
    const { values } = symmetricEigen([2, 1, 1, 2], 2);
    expect([...values].sort()).toEqual([expect.closeTo(1, 14), expect.closeTo(3, 14)]);
  });

  it('reconstructs A = V diag(λ) Vᵀ with orthonormal V (d = 40)', () => {
    const d = 40;
    const a = randomSymmetric(d, 3);
    const { values, vectors: V } = symmetricEigen(a, d);
    let worstA = 0;
    let worstI = 0;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let rec = 0;
        let dot = 0;
        for (let k = 0; k < d; k++) {
          rec += V[i * d + k] * values[k] * V[j * d + k];
          dot += V[k * d + i] * V[k * d + j];
        }
        worstA = Math.max(worstA, Math.abs(rec - a[i * d + j]));
        worstI = Math.max(worstI, Math.abs(dot - (i === j ? 1 : 0)));
      }
    }
    expect(worstA).toBeLessThan(1e-12);
    expect(worstI).toBeLessThan(1e-12);
    // The trace is the sum of the eigenvalues.
    let trace = 0;
    for (let i = 0; i < d; i++) trace += a[i * d + i];
    expect(values.reduce((s, l) => s + l, 0)).toBeCloseTo(trace, 11);
  });

  it('refuses a matrix of the wrong size', () => {
    expect(() => symmetricEigen([1, 2, 3], 2)).toThrow(/not a 2×2 matrix/);
  });
});

describe('psdSqrt', () => {
  it('squares back to a positive definite matrix, and is the elementwise root of a diagonal one', () => {
    const d = 12;
    const b = randomSymmetric(d, 9);
    const a = multiply(b, b, d); // BBᵀ = B² (B symmetric): PSD
    const r = psdSqrt(a, d);
    const back = multiply(r, r, d);
    for (let i = 0; i < d * d; i++) expect(back[i]).toBeCloseTo(a[i], 11);
    expect([...psdSqrt([4, 0, 0, 0, 9, 0, 0, 0, 0], 3)]).toEqual([2, 0, 0, 0, 3, 0, 0, 0, 0].map((v) => expect.closeTo(v, 14)));
  });

  it('takes rounding negatives of a singular matrix as zero', () => {
    // Rank one: vvᵀ with v = (1, 2): its root is vvᵀ/|v|.
    const r = psdSqrt([1, 2, 2, 4], 2);
    const norm = Math.sqrt(5);
    [1, 2, 2, 4].forEach((v, i) => expect(r[i]).toBeCloseTo(v / norm, 12));
  });
});
