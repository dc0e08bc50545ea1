import type { GaussianMixture } from '../distribution';
import { symmetricEigen } from '../linalg/symmetric-eigen';
import type { FullMixture } from './full-mixture';

/**
 * The exact posterior of an isotropic Gaussian-mixture prior p(x) = Σ_k w_k N(x; μ_k, σ_k² I) under a
 * linear-Gaussian measurement y = A x + σ_y n, n ~ N(0, I_m) (Bishop 2006, §2.3.3, per component):
 *   p(x | y) = Σ_k w'_k N(x; m_k, Σ_k),
 *   Σ_k = (I/σ_k² + AᵀA/σ_y²)⁻¹,   m_k = Σ_k (μ_k/σ_k² + Aᵀy/σ_y²),
 *   w'_k ∝ w_k N(y; A μ_k, σ_k² AAᵀ + σ_y² I_m).
 * With AᵀA = U diag(γ) Uᵀ every Σ_k shares the eigenvectors U: λ_kj = 1/(1/σ_k² + γ_j/σ_y²), so the
 * posterior is a FullMixture with no further decomposition. Float64 throughout.
 */
export interface LinearMeasurement {
  /** A as m rows of d numbers. */
  matrix: number[][];
  /** The measurement y, m numbers. */
  y: number[];
  /** σ_y > 0. */
  sigmaY: number;
}

export function linearGaussianPosterior(prior: GaussianMixture, meas: LinearMeasurement): FullMixture {
  const { matrix: A, y, sigmaY } = meas;
  const d = prior.means[0].length;
  const m = A.length;
  if (m === 0) throw new Error('the measurement matrix has no rows');
  A.forEach((row, r) => {
    if (row.length !== d) throw new Error(`matrix[${r}] has ${row.length} entries; the prior's points have ${d}`);
  });
  if (y.length !== m) throw new Error(`y has ${y.length} entries; the matrix has ${m} rows`);
  if (!(sigmaY > 0)) throw new Error(`σ_y = ${sigmaY} must be > 0`);
  const s2y = sigmaY * sigmaY;
  const ata = square(d, (i, j) => A.reduce((acc, row) => acc + row[i] * row[j], 0));
  const aat = square(m, (i, j) => A[i].reduce((acc, v, l) => acc + v * A[j][l], 0));
  const { values: gamma, vectors: U } = symmetricEigen(ata, d);
  const { values: g, vectors: W } = symmetricEigen(aat, m);
  const aty = Array.from({ length: d }, (_, i) => A.reduce((acc, row, r) => acc + row[i] * y[r], 0));

  const logW: number[] = [];
  const means: number[][] = [];
  const values: number[][] = [];
  prior.means.forEach((mu, k) => {
    const s2 = prior.stds[k] ** 2;
    const lam = Array.from(gamma, (gj) => 1 / (1 / s2 + Math.max(gj, 0) / s2y));
    // m_k = U diag(λ) Uᵀ b,  b = μ_k/σ_k² + Aᵀy/σ_y².
    const b = mu.map((v, i) => v / s2 + aty[i] / s2y);
    const ub = Array.from({ length: d }, (_, j) => b.reduce((acc, bi, i) => acc + U[i * d + j] * bi, 0) * lam[j]);
    means.push(Array.from({ length: d }, (_, i) => ub.reduce((acc, c, j) => acc + U[i * d + j] * c, 0)));
    values.push(lam);
    // log N(y; Aμ_k, W diag(σ_k² g + σ_y²) Wᵀ).
    const resid = A.map((row, r) => y[r] - row.reduce((acc, v, l) => acc + v * mu[l], 0));
    let logLik = 0;
    for (let j = 0; j < m; j++) {
      const c = s2 * Math.max(g[j], 0) + s2y;
      const q = resid.reduce((acc, v, r) => acc + W[r * m + j] * v, 0);
      logLik -= 0.5 * (Math.log(2 * Math.PI * c) + (q * q) / c);
    }
    logW.push(Math.log(prior.weights[k]) + logLik);
  });
  const top = Math.max(...logW);
  const un = logW.map((l) => Math.exp(l - top));
  const total = un.reduce((acc, v) => acc + v, 0);
  return { weights: un.map((v) => v / total), means, values, vectors: prior.means.map(() => Float64Array.from(U)) };
}

/** A row-major n×n matrix from its entries. */
function square(n: number, entry: (i: number, j: number) => number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = entry(i, j);
  return out;
}
