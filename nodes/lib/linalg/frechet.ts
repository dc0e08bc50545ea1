import { psdSqrt, symmetricEigen } from './symmetric-eigen';

/**
 * The Fréchet (2-Wasserstein) distance between two Gaussians fitted to feature sets, as FID
 * (Heusel et al. 2017) uses it:
 *   FD = ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}
 * (Dowson & Landau 1982). tr (Σ₁Σ₂)^{1/2} is computed as the sum of √λ of the symmetric PSD
 * matrix Σ₁^{1/2} Σ₂ Σ₁^{1/2} (the same eigenvalues as Σ₁Σ₂), so no non-symmetric square root is
 * needed and rounding cannot make it complex (scipy's sqrtm, used by the reference FID code, can).
 */
export interface GaussianStats {
  n: number;
  d: number;
  mean: Float64Array;
  /** Row-major d×d sample covariance (divided by n − 1). */
  cov: Float64Array;
}

/** Mean and unbiased covariance of n rows of d features (row-major), accumulated in float64. */
export function gaussianStats(rows: ArrayLike<number>, n: number, d: number): GaussianStats {
  if (rows.length !== n * d) throw new Error(`gaussianStats: ${rows.length} numbers are not ${n} rows of ${d}`);
  if (n < 2) throw new Error(`gaussianStats: a covariance needs at least 2 rows, got ${n}`);
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j] += rows[r * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const cov = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) centred[j] = rows[r * d + j] - mean[j];
    for (let i = 0; i < d; i++) {
      const ci = centred[i];
      for (let j = i; j < d; j++) cov[i * d + j] += ci * centred[j];
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      cov[i * d + j] /= n - 1;
      cov[j * d + i] = cov[i * d + j];
    }
  }
  return { n, d, mean, cov };
}

/** tr (Σ₁Σ₂)^{1/2} for symmetric PSD Σ₁, Σ₂ (d×d, row-major). */
export function traceSqrtProduct(s1: Float64Array, s2: Float64Array, d: number): number {
  const r = psdSqrt(s1, d);
  // M = R Σ₂ R, symmetrised against rounding.
  const rs = multiply(r, s2, d);
  const m = multiply(rs, r, d);
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const v = (m[i * d + j] + m[j * d + i]) / 2;
      m[i * d + j] = m[j * d + i] = v;
    }
  }
  let sum = 0;
  for (const l of symmetricEigen(m, d).values) sum += Math.sqrt(Math.max(l, 0));
  return sum;
}

/** FD between two fitted Gaussians of the same dimension; ≥ 0 (tiny negatives from rounding are clipped). */
export function frechetDistance(a: GaussianStats, b: GaussianStats): number {
  if (a.d !== b.d) throw new Error(`frechetDistance: feature dimensions differ (${a.d} and ${b.d})`);
  const d = a.d;
  let meanTerm = 0;
  for (let j = 0; j < d; j++) meanTerm += (a.mean[j] - b.mean[j]) ** 2;
  let traces = 0;
  for (let j = 0; j < d; j++) traces += a.cov[j * d + j] + b.cov[j * d + j];
  return Math.max(0, meanTerm + traces - 2 * traceSqrtProduct(a.cov, b.cov, d));
}

/** C = A B for row-major d×d matrices. */
export function multiply(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const c = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k];
      if (aik === 0) continue;
      for (let j = 0; j < d; j++) c[i * d + j] += aik * b[k * d + j];
    }
  }
  return c;
}
