import * as tf from '@tensorflow/tfjs';
import type { OperatorSvd } from '../../../src/engine/values';
import { symmetricEigen } from '../linalg/symmetric-eigen';

/**
 * Separable linear maps of images and their SVDs. A map that acts on rows and columns apart,
 *   (A x)[p, q, c] = Σ_{h,w} L_H[p, h] L_W[q, w] x[h, w, c]   (A = L_H ⊗ L_W on each channel),
 * covers Gaussian blur (L = the 1-D blur matrix) and block-average downsampling (L = the 1-D
 * block average). Its SVD is the Kronecker product of the 1-D SVDs L = U S Vᵀ (Van Loan 2000,
 * "The ubiquitous Kronecker product", §2): A = (U_H ⊗ U_W)(S_H ⊗ S_W)(V_H ⊗ V_W)ᵀ, so the spectral
 * coordinates of x are again a separable map, V_Hᵀ x V_W per channel.
 */

/** A dense row-major matrix of float64. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function transpose(m: Matrix): Matrix {
  const out = new Float64Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out[j * m.rows + i] = m.data[i * m.cols + j];
  return { rows: m.cols, cols: m.rows, data: out };
}

/** Y[n, p, q, c] = Σ L_H[p, h] L_W[q, w] X[n, h, w, c] for X [N, H, W, C]; a new tensor. */
export function applySeparable(x: tf.Tensor, lh: Matrix, lw: Matrix): tf.Tensor4D {
  const [N, H, W, C] = x.shape;
  if (x.rank !== 4 || H !== lh.cols || W !== lw.cols) throw new Error(`a separable map of ${lh.cols}×${lw.cols} images got x of shape [${x.shape}]`);
  return tf.tidy(() => {
  // Transposed factors as plain [in, out] matrices (a plain matMul: transposed forms are slow on wasm).
  const lwT = tf.tensor2d(Float32Array.from(transpose(lw).data), [W, lw.rows]);
  const lhT = tf.tensor2d(Float32Array.from(transpose(lh).data), [H, lh.rows]);
  const [p, q] = [lh.rows, lw.rows];
  const rows = tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [N * C * H, W]); // [N·C·H, W]
  const alongW = tf.reshape(tf.matMul(rows, lwT), [N * C, H, q]);
  const cols = tf.reshape(tf.transpose(alongW, [0, 2, 1]), [N * C * q, H]);
  const alongH = tf.reshape(tf.matMul(cols, lhT), [N, C, q, p]);
  return tf.transpose(alongH, [0, 3, 2, 1]) as tf.Tensor4D;
  });
}

/** The SVD of a small matrix L (p×n): L = U diag(s) Vᵀ, s sorted descending (length min(p, n)), U p×p and V n×n orthogonal. */
export interface SmallSvd {
  s: Float64Array;
  u: Matrix;
  v: Matrix;
}

/**
 * SVD of L from the eigen-decomposition of LᵀL = V diag(s²) Vᵀ (symmetric-eigen.ts, Jacobi, float64):
 * u_i = L v_i / s_i. Singular values below 1e-6·s_max are set to 0 (LᵀL holds s² to ~1e-16·s_max²,
 * so smaller s are rounding; the SVD is then exact for a matrix within 1e-6·s_max of L), and U is
 * completed to an orthogonal matrix by Gram–Schmidt on the unit vectors.
 */
export function smallSvd(l: Matrix): SmallSvd {
  const { rows: p, cols: n, data: L } = l;
  const ltl = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let r = 0; r < p; r++) ltl[i * n + j] += L[r * n + i] * L[r * n + j];
  const eig = symmetricEigen(ltl, n);
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => eig.values[b] - eig.values[a]);
  const V = new Float64Array(n * n);
  order.forEach((k, j) => {
    for (let i = 0; i < n; i++) V[i * n + j] = eig.vectors[i * n + k];
  });
  const r = Math.min(p, n);
  const sMax = Math.sqrt(Math.max(eig.values[order[0]], 0));
  const s = Float64Array.from({ length: r }, (_, j) => {
    const sj = Math.sqrt(Math.max(eig.values[order[j]], 0));
    return sj > 1e-6 * sMax ? sj : 0;
  });
  const U = new Float64Array(p * p);
  const columns: Float64Array[] = [];
  for (let j = 0; j < r && s[j] > 0; j++) {
    const u = new Float64Array(p);
    for (let a = 0; a < p; a++) for (let i = 0; i < n; i++) u[a] += (L[a * n + i] * V[i * n + j]) / s[j];
    columns.push(u);
  }
  // Complete U with unit vectors made orthogonal to the columns so far (twice, for rounding).
  for (let e = 0; columns.length < p && e < p; e++) {
    const u = new Float64Array(p);
    u[e] = 1;
    for (let pass = 0; pass < 2; pass++)
      for (const c of columns) {
        const dot = c.reduce((acc, v, i) => acc + v * u[i], 0);
        for (let i = 0; i < p; i++) u[i] -= dot * c[i];
      }
    const norm = Math.sqrt(u.reduce((acc, v) => acc + v * v, 0));
    if (norm > 1e-6) columns.push(u.map((v) => v / norm));
  }
  columns.forEach((c, j) => c.forEach((v, i) => (U[i * p + j] = v)));
  return { s, u: { rows: p, cols: p, data: U }, v: { rows: n, cols: n, data: V } };
}

/**
 * The SVD of A = L_H ⊗ L_W on [H, W, C] images (outputs [p, q, C]) as an OperatorSvd. The
 * spectral coordinate (i, j, c) of x is (V_Hᵀ x V_W)[i, j, c] with singular value s_H,i·s_W,j for
 * i < p, j < q (0 beyond: directions A does not see); its partner in y is (U_Hᵀ y U_W)[i, j, c].
 * The coordinates are ordered with those that have a partner first (the m = p·q·C of them, by
 * decreasing singular value), so (Uᵀy)_k = σ_k (Vᵀx)_k + noise for k < m.
 */
export function separableSvd(svdH: SmallSvd, svdW: SmallSvd, C: number): OperatorSvd {
  const [H, W, p, q] = [svdH.v.rows, svdW.v.rows, svdH.u.rows, svdW.u.rows];
  const sigma = (i: number, j: number) => (i < p && j < q ? svdH.s[i] * svdW.s[j] : 0);
  const coords: { flat: number; yFlat: number; s: number; seen: boolean }[] = [];
  for (let i = 0; i < H; i++)
    for (let j = 0; j < W; j++)
      for (let c = 0; c < C; c++) coords.push({ flat: (i * W + j) * C + c, yFlat: i < p && j < q ? (i * q + j) * C + c : -1, s: sigma(i, j), seen: i < p && j < q });
  // Stable sort: partnered coordinates first, by decreasing σ.
  coords.sort((a, b) => Number(b.seen) - Number(a.seen) || b.s - a.s);
  const d = H * W * C;
  const m = p * q * C;
  const perm = Int32Array.from(coords, (c) => c.flat);
  const inv = inversePermutation(perm);
  const permY = Int32Array.from(coords.slice(0, m), (c) => c.yFlat);
  const invY = inversePermutation(permY);
  const [vht, vwt, uht, uwt] = [transpose(svdH.v), transpose(svdW.v), transpose(svdH.u), transpose(svdW.u)];
  return {
    singular: Float32Array.from(coords, (c) => c.s),
    vt: (x) => tf.tidy(() => permuteColumns(tf.reshape(applySeparable(x, vht, vwt), [x.shape[0], d]), perm, inv)),
    v: (c) => tf.tidy(() => applySeparable(tf.reshape(permuteColumns(c, inv, perm), [c.shape[0], H, W, C]), svdH.v, svdW.v)),
    ut: (y) => tf.tidy(() => permuteColumns(tf.reshape(applySeparable(y, uht, uwt), [y.shape[0], m]), permY, invY)),
    u: (c) => tf.tidy(() => applySeparable(tf.reshape(permuteColumns(c, invY, permY), [c.shape[0], p, q, C]), svdH.u, svdW.u)),
  };
}

/**
 * The columns of x [N, d] reordered, out[:, k] = x[:, perm[k]], differentiable: the gradient of a
 * permutation is the inverse permutation (tf.gather's own gradient needs UnsortedSegmentSum, which
 * tfjs-wasm lacks). `inv` is perm's inverse.
 */
export function permuteColumns(x: tf.Tensor2D, perm: Int32Array, inv: Int32Array): tf.Tensor2D {
  const f = tf.customGrad((input, save) => {
    (save as tf.GradSaveFunc)([]);
    return {
      value: tf.gather(input as tf.Tensor, tf.tensor1d(perm, 'int32'), 1),
      gradFunc: (dy: tf.Tensor) => [tf.gather(dy, tf.tensor1d(inv, 'int32'), 1)],
    };
  });
  return tf.tidy(() => f(x) as tf.Tensor2D);
}

export function inversePermutation(perm: Int32Array): Int32Array {
  const inv = new Int32Array(perm.length);
  perm.forEach((v, k) => (inv[v] = k));
  return inv;
}

/** An image shape [H, W, C] from an operator's inShape, or an Error naming it. */
export function imageShape(shape: number[], what: string): [number, number, number] {
  if (shape.length !== 3) throw new Error(`${what} acts on images [H, W, C], not samples of shape [${shape}]`);
  return shape as [number, number, number];
}
