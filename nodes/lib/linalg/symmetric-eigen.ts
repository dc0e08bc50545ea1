/**
 * Eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method (Golub & Van Loan,
 * "Matrix Computations", §8.5): rotate away the off-diagonal entries pair by pair until their
 * norm is below ~1e-15 of the matrix's, A = V diag(λ) Vᵀ. Float64 throughout. Jacobi is slower
 * than tridiagonal QR (O(d³) per sweep, ~6–10 sweeps) but simple and accurate to working precision
 * (Demmel & Veselić 1992: small eigenvalues of a positive definite matrix keep high relative
 * accuracy), which is what a covariance square root needs; the sizes here (features, d ≤ 256) are small.
 */
export interface SymmetricEigen {
  /** Eigenvalues λ_k, in no particular order. */
  values: Float64Array;
  /** Eigenvectors as columns, row-major d×d: V[i·d + k] is component i of vector k. */
  vectors: Float64Array;
}

const MAX_SWEEPS = 60;

/** A = V diag(λ) Vᵀ for a symmetric d×d matrix `a` (row-major; only read, never changed). */
export function symmetricEigen(a: Float64Array | readonly number[], d: number): SymmetricEigen {
  if (a.length !== d * d) throw new Error(`symmetricEigen: ${a.length} entries are not a ${d}×${d} matrix`);
  const A = Float64Array.from(a);
  const V = new Float64Array(d * d);
  for (let i = 0; i < d; i++) V[i * d + i] = 1;
  let total = 0;
  for (let i = 0; i < d * d; i++) total += A[i] * A[i];
  const tolerance = 1e-30 * Math.max(total, Number.MIN_VALUE);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += 2 * A[p * d + q] * A[p * d + q];
    if (off <= tolerance) return { values: diagonal(A, d), vectors: V };
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = A[p * d + q];
        if (apq === 0) continue;
        // The rotation (c, s) that zeroes A[p][q]: θ = (a_qq − a_pp)/(2 a_pq), t = sign(θ)/(|θ| + √(θ² + 1)).
        const theta = (A[q * d + q] - A[p * d + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(A, V, d, p, q, c, s);
      }
    }
  }
  throw new Error(`symmetricEigen: no convergence after ${MAX_SWEEPS} sweeps (is the matrix symmetric and finite?)`);
}

/** A ← Jᵀ A J and V ← V J for the rotation J in the (p, q) plane. */
function rotate(A: Float64Array, V: Float64Array, d: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < d; k++) {
    // Columns p and q of A.
    const akp = A[k * d + p];
    const akq = A[k * d + q];
    A[k * d + p] = c * akp - s * akq;
    A[k * d + q] = s * akp + c * akq;
  }
  for (let k = 0; k < d; k++) {
    // Rows p and q of A.
    const apk = A[p * d + k];
    const aqk = A[q * d + k];
    A[p * d + k] = c * apk - s * aqk;
    A[q * d + k] = s * apk + c * aqk;
  }
  A[p * d + q] = A[q * d + p] = 0;
  for (let k = 0; k < d; k++) {
    const vkp = V[k * d + p];
    const vkq = V[k * d + q];
    V[k * d + p] = c * vkp - s * vkq;
    V[k * d + q] = s * vkp + c * vkq;
  }
}

function diagonal(A: Float64Array, d: number): Float64Array {
  return Float64Array.from({ length: d }, (_, i) => A[i * d + i]);
}

/**
 * The principal square root of a symmetric positive semi-definite matrix, V diag(√λ) Vᵀ, with
 * eigenvalues below zero (rounding of a PSD matrix, at most ~1e-16·‖A‖) taken as zero.
 */
export function psdSqrt(a: Float64Array | readonly number[], d: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, d);
  const root = values.map((l) => Math.sqrt(Math.max(l, 0)));
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += vectors[i * d + k] * root[k] * vectors[j * d + k];
      out[i * d + j] = out[j * d + i] = sum;
    }
  }
  return out;
}
