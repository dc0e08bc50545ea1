import * as tf from '@tensorflow/tfjs';
import type { Operator, OperatorSvd } from '../../../src/engine/values';
import { symmetricEigen } from '../linalg/symmetric-eigen';

/**
 * A dense linear map A (m×d, written as m rows) on points [N, d] as an Operator: A x = x Aᵀ,
 * Aᵀ y = y A, and its SVD A = U S Vᵀ from the eigen-decomposition AᵀA = V diag(σ²) Vᵀ (σ sorted
 * descending): u_j = A v_j / σ_j for σ_j > 0, the rest of U completed by Gram–Schmidt on the
 * standard basis. For the small maps of 2-D lessons (d, m ≤ 64).
 */
export function matrixOperator(rows: number[][], sigmaY: number, name = `${rows.length}×${rows[0]?.length ?? 0} linear map`): Operator {
  const m = rows.length;
  const d = rows[0].length;
  const flat = rows.flat();
  // Tiny matrices are uploaded per call, so the operator holds no tensor and has nothing to dispose.
  const A = () => tf.tensor2d(flat, [m, d]);
  const svd = matrixSvd(rows);
  return {
    name,
    inShape: [d],
    outShape: [m],
    sigmaY,
    matrix: rows.map((r) => [...r]),
    apply: (x) => tf.tidy(() => tf.matMul(x as tf.Tensor2D, A(), false, true)),
    adjoint: (y) => tf.tidy(() => tf.matMul(y as tf.Tensor2D, A())),
    svd,
  };
}

function matrixSvd(rows: number[][]): OperatorSvd {
  const m = rows.length;
  const d = rows[0].length;
  const ata = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) ata[i * d + j] = rows.reduce((acc, r) => acc + r[i] * r[j], 0);
  const { values, vectors } = symmetricEigen(ata, d);
  const order = Array.from(values.keys()).sort((p, q) => values[q] - values[p]);
  const V = order.map((k) => Array.from({ length: d }, (_, i) => vectors[i * d + k]));
  const sigma = order.map((k) => Math.sqrt(Math.max(values[k], 0)));
  const tol = 1e-10 * Math.max(sigma[0], 1e-300);
  const U: number[][] = [];
  for (let j = 0; j < Math.min(m, d); j++) {
    if (sigma[j] <= tol) break;
    U.push(rows.map((r) => r.reduce((acc, a, i) => acc + a * V[j][i], 0) / sigma[j]));
  }
  for (let e = 0; U.length < m; e++) {
    const v = Array.from({ length: m }, (_, i) => (i === e ? 1 : 0));
    for (const u of U) {
      const dot = u.reduce((acc, ui, i) => acc + ui * v[i], 0);
      u.forEach((ui, i) => (v[i] -= dot * ui));
    }
    const norm = Math.hypot(...v);
    if (norm > 1e-8) U.push(v.map((x) => x / norm));
  }
  const singular = Float32Array.from({ length: d }, (_, j) => (j < Math.min(m, d) && sigma[j] > tol ? sigma[j] : 0));
  // Columns of V and U as [d, d] and [m, m] matrices: Vᵀx = x V, V c = c Vᵀ.
  const Vt = () => tf.tensor2d(V.flat(), [d, d]);
  const Ut = () => tf.tensor2d(U.flat(), [m, m]);
  return {
    singular,
    vt: (x) => tf.tidy(() => tf.matMul(x as tf.Tensor2D, Vt(), false, true)),
    v: (c) => tf.tidy(() => tf.matMul(c, Vt())),
    ut: (y) => tf.tidy(() => tf.matMul(y as tf.Tensor2D, Ut(), false, true)),
    u: (c) => tf.tidy(() => tf.matMul(c, Ut())),
  };
}
