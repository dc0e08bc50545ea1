import * as tf from '@tensorflow/tfjs';
import { drawComponents } from '../mixture-distribution';
import { deriveSeed, normal } from '../random';

/**
 * A Gaussian mixture with full covariances, p(x) = Σ_k w_k N(x; m_k, Σ_k), each Σ_k kept as its
 * eigen-decomposition Σ_k = V_k diag(λ_k) V_kᵀ. It is what a linear-Gaussian measurement makes of
 * an isotropic mixture prior (posterior.ts), and what the noised posterior stays:
 *   p_t(x) = Σ_k w_k N(x; a m_k, a²Σ_k + s²I),   a²Σ_k + s²I = V_k diag(a²λ_k + s²) V_kᵀ,
 * so one decomposition serves every noise level: with z_k = V_kᵀ(x − a m_k) and v_k = a²λ_k + s²,
 *   ℓ_k(x) = log w_k − ½ Σ_j log(2π v_kj) − ½ Σ_j z_kj²/v_kj,   log p_t = logSumExp_k ℓ_k,
 *   ∇ log p_t(x) = −Σ_k r_k V_k (z_k / v_k),   r = softmax(ℓ).
 */
export interface FullMixture {
  /** Normalised weights w_k. */
  weights: number[];
  /** Means m_k, K × d. */
  means: number[][];
  /** Eigenvalues λ_k ≥ 0 of each covariance, K × d. */
  values: number[][];
  /** Eigenvectors of each covariance as columns, row-major d×d (V[i·d + j] is component i of vector j). */
  vectors: Float64Array[];
}

/** K·d² above this many numbers the stacked eigenvectors would not be a small tensor. */
export const MAX_STACKED = 1 << 22;

interface Stacked {
  K: number;
  d: number;
  /** [d, K·d]: column k·d + j is eigenvector j of component k. */
  vcat: Float32Array;
  /** m_kᵀ V_k, [K·d]. */
  meanProj: Float64Array;
  logW: Float64Array;
  lambda: Float64Array;
}

const stackedCache = new WeakMap<FullMixture, Stacked>();

function stack(mix: FullMixture): Stacked {
  const hit = stackedCache.get(mix);
  if (hit) return hit;
  const K = mix.means.length;
  const d = mix.means[0].length;
  if (K * d * d > MAX_STACKED) throw new Error(`a full-covariance mixture of ${K} components in ${d} dimensions is too large (K·d² = ${K * d * d} > ${MAX_STACKED})`);
  const vcat = new Float32Array(d * K * d);
  const meanProj = new Float64Array(K * d);
  for (let k = 0; k < K; k++) {
    const V = mix.vectors[k];
    for (let j = 0; j < d; j++) {
      let proj = 0;
      for (let i = 0; i < d; i++) {
        vcat[i * K * d + k * d + j] = V[i * d + j];
        proj += mix.means[k][i] * V[i * d + j];
      }
      meanProj[k * d + j] = proj;
    }
  }
  const st: Stacked = { K, d, vcat, meanProj, logW: Float64Array.from(mix.weights, Math.log), lambda: Float64Array.from(mix.values.flat()) };
  stackedCache.set(mix, st);
  return st;
}

/** The logits ℓ [n, K] and the whitened residuals z/v [n, K·d] at (a, s); tensors owned by the caller's tidy. */
function logitsAndResiduals(x: tf.Tensor2D, mix: FullMixture, a: number, s: number) {
  const st = stack(mix);
  const { K, d } = st;
  const v = Float64Array.from(st.lambda, (l) => a * a * l + s * s);
  const bias = Float32Array.from({ length: K }, (_, k) => {
    let logDet = 0;
    for (let j = 0; j < d; j++) logDet += Math.log(2 * Math.PI * v[k * d + j]);
    return st.logW[k] - 0.5 * logDet;
  });
  const V = tf.tensor2d(st.vcat, [d, K * d]);
  const z = tf.sub(tf.matMul(x, V), tf.tensor2d(Float32Array.from(st.meanProj, (m) => a * m), [1, K * d]));
  const zOverV = tf.div(z, tf.tensor2d(Float32Array.from(v), [1, K * d]));
  const quad = tf.sum(tf.reshape(tf.mul(z, zOverV), [-1, K, d]), 2);
  const logits = tf.sub(tf.tensor2d(bias, [1, K]), tf.mul(quad, 0.5)) as tf.Tensor2D;
  return { V, zOverV, logits, K, d };
}

/** ∇ log p_t(x) for points x [n, d] of the mixture noised along x_t = a·x_0 + s·ε. */
export function fullMixtureScore(x: tf.Tensor2D, mix: FullMixture, a: number, s: number): tf.Tensor2D {
  return tf.tidy(() => {
    const { V, zOverV, logits, K, d } = logitsAndResiduals(x, mix, a, s);
    const r = tf.softmax(logits);
    const weighted = tf.reshape(tf.mul(tf.reshape(zOverV, [-1, K, d]), tf.expandDims(r, 2)), [-1, K * d]);
    return tf.neg(tf.matMul(weighted, V, false, true)) as tf.Tensor2D;
  });
}

/** log p_t(x) [n] (for tests and likelihoods). */
export function fullMixtureLogDensity(x: tf.Tensor2D, mix: FullMixture, a: number, s: number): tf.Tensor1D {
  return tf.tidy(() => tf.logSumExp(logitsAndResiduals(x, mix, a, s).logits, 1) as tf.Tensor1D);
}

/**
 * n samples x = m_k + Σ_k^{1/2} z = m_k + V_k diag(√λ_k) V_kᵀ z, k drawn from the weights; reproducible
 * from `seed`. The symmetric square root (not V_k diag(√λ_k)) makes the draw independent of the
 * eigenvectors' signs and order, so any eigen-solver (numpy's in the PyTorch export) gives the same samples.
 */
export function sampleFullMixture(mix: FullMixture, n: number, seed: number): tf.Tensor2D {
  const st = stack(mix);
  const { K, d } = st;
  const idx = drawComponents(mix.weights, n, seed);
  return tf.tidy(() => {
    const k = tf.tensor1d(idx, 'int32');
    const V = tf.tensor2d(st.vcat, [d, K * d]);
    const z = normal<tf.Rank.R2>([n, d], deriveSeed(seed, 1));
    // Row i: V_k (√λ_k ⊙ V_kᵀ z_i) for its own k, as matMuls against the stacked vectors with the other components' columns zeroed.
    const mask = tf.reshape(tf.tile(tf.expandDims(tf.oneHot(k, K), 2), [1, 1, d]), [n, K * d]);
    const sqrtLambda = tf.tensor2d(Float32Array.from(st.lambda, Math.sqrt), [1, K * d]);
    const spread = tf.mul(tf.mul(tf.matMul(z, V), sqrtLambda), mask);
    return tf.add(tf.matMul(spread, V, false, true), tf.gather(tf.tensor2d(mix.means), k)) as tf.Tensor2D;
  });
}

/** Mean Σ w_k m_k and covariance Σ w_k (Σ_k + m_k m_kᵀ) − mean meanᵀ, in float64 (for tests and summaries). */
export function fullMixtureMoments(mix: FullMixture): { mean: Float64Array; cov: Float64Array } {
  const d = mix.means[0].length;
  const mean = new Float64Array(d);
  const cov = new Float64Array(d * d);
  mix.weights.forEach((w, k) => {
    const m = mix.means[k];
    const V = mix.vectors[k];
    const lam = mix.values[k];
    for (let i = 0; i < d; i++) {
      mean[i] += w * m[i];
      for (let j = 0; j < d; j++) {
        let c = m[i] * m[j];
        for (let l = 0; l < d; l++) c += V[i * d + l] * lam[l] * V[j * d + l];
        cov[i * d + j] += w * c;
      }
    }
  });
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cov[i * d + j] -= mean[i] * mean[j];
  return { mean, cov };
}
