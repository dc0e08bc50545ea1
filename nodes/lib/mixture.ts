import * as tf from '@tensorflow/tfjs';
import type { Distribution, GaussianMixture } from './distribution';
import { deriveSeed, normal, uniformGenerator } from './random';

/**
 * An isotropic Gaussian mixture noised along x_t = a·x_0 + s·ε:
 *   p_t(x) = Σ_k w_k N(x; a μ_k, v_k I),  v_k = a² σ_k² + s².
 * With the logits
 *   ℓ_k(x) = log w_k − (d/2) log(2π v_k) − |x − a μ_k|² / (2 v_k)
 * log p_t = logSumExp_k ℓ_k and ∇ log p_t = Σ_k r_k (a μ_k − x)/v_k with r = softmax(ℓ).
 *
 * Expanding |x − a μ_k|² = |x|² − 2a x·μ_k + a²|μ_k|² turns the logits into one matMul:
 *   ℓ = x W + b − |x|² c,   W_{jk} = a μ_kj / v_k,   b_k = log w_k − (d/2) log(2π v_k) − a²|μ_k|²/(2 v_k),
 *   c_k = 1/(2 v_k).
 * When every σ_k is equal, v_k is one number and the |x|² and log(2π v) terms are the same for
 * every k: they cancel in the softmax, so the score needs only ℓ' = x W + b' with b' = log w − a²|μ|²/(2v).
 *
 * W, b and friends depend on (a, s), so they are built on the CPU per call (O(d·K) numbers, 1/n of
 * the matMul's work) and uploaded. Measured on tfjs-wasm in Node (n = 4096, d = 2, K = 8, CPU time):
 * an upload costs ~3 µs, and a score call ~0.35–0.5 ms whether its constants are uploaded or cached
 * (the softmax's n·K exps are ~0.21 ms of it). No tensor outlives a call: nothing to dispose.
 */

interface Prepared {
  K: number;
  d: number;
  /** μ row-major [K, d] and its transpose [d, K]. */
  means: Float32Array;
  meansT: Float32Array;
  /** |μ_k|², log w_k, σ_k². */
  meanSq: Float64Array;
  logW: Float64Array;
  vars: Float64Array;
  equalStds: boolean;
}

const preparedCache = new WeakMap<GaussianMixture, Prepared>();

/** CPU-side constants of a mixture, computed once per mixture object (plain arrays: nothing to dispose). */
function prepare(mix: GaussianMixture): Prepared {
  const hit = preparedCache.get(mix);
  if (hit) return hit;
  const K = mix.means.length;
  const d = mix.means[0].length;
  const means = new Float32Array(K * d);
  const meansT = new Float32Array(d * K);
  const meanSq = new Float64Array(K);
  const logW = new Float64Array(K);
  const vars = new Float64Array(K);
  const wSum = mix.weights.reduce((acc, w) => acc + w, 0);
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < d; j++) {
      const m = mix.means[k][j];
      means[k * d + j] = m;
      meansT[j * K + k] = m;
      meanSq[k] += m * m;
    }
    logW[k] = Math.log(mix.weights[k] / wSum);
    vars[k] = mix.stds[k] * mix.stds[k];
  }
  const p: Prepared = { K, d, means, meansT, meanSq, logW, vars, equalStds: mix.stds.every((v) => v === mix.stds[0]) };
  preparedCache.set(mix, p);
  return p;
}

/** Per-call coefficients at the path point (a, s). */
function coefficients(p: Prepared, a: number, s: number, full: boolean) {
  const { K, d } = p;
  const v = Float64Array.from(p.vars, (s2) => a * a * s2 + s * s);
  const W = new Float32Array(d * K); // [d, K]: a μ_k / v_k as columns
  const A = new Float32Array(K * d); // [K, d]: a μ_k / v_k as rows (the same numbers)
  const b = new Float32Array(K);
  const c = new Float32Array(K);
  const invV = new Float32Array(K * d); // [K, d]: 1/v_k on row k
  for (let k = 0; k < K; k++) {
    const ak = a / v[k];
    for (let j = 0; j < d; j++) {
      W[j * K + k] = ak * p.meansT[j * K + k];
      A[k * d + j] = ak * p.means[k * d + j];
      invV[k * d + j] = 1 / v[k];
    }
    const norm = full || !p.equalStds ? -0.5 * d * Math.log(2 * Math.PI * v[k]) : 0;
    b[k] = p.logW[k] + norm - (a * a * p.meanSq[k]) / (2 * v[k]);
    c[k] = -1 / (2 * v[k]);
  }
  return { v, W, A, b, c, invV };
}

function checkShapes(x: tf.Tensor2D, p: Prepared, a: number, s: number): void {
  if (x.rank !== 2 || x.shape[1] !== p.d) throw new Error(`x has shape [${x.shape}], the mixture needs [n, ${p.d}]`);
  if (!(a * a * Math.min(...p.vars) + s * s > 0)) throw new Error(`every component must have positive variance a²σ² + s² (a = ${a}, s = ${s})`);
}

/** The logits ℓ [n, K]; without `full` the terms common to all k are dropped when the stds are equal. */
function logits(x: tf.Tensor2D, p: Prepared, co: ReturnType<typeof coefficients>, full: boolean): tf.Tensor2D {
  const lin = tf.fused.matMul({ a: x, b: tf.tensor2d(co.W, [p.d, p.K]), bias: tf.tensor1d(co.b) }) as tf.Tensor2D;
  if (!full && p.equalStds) return lin;
  // − |x|²/(2 v_k) as the outer product [n, 1] × [1, K] (a matMul beats a broadcast mul on wasm).
  const xx = tf.sum(tf.square(x), 1, true) as tf.Tensor2D;
  return tf.add(lin, tf.matMul(xx, tf.tensor2d(co.c, [1, p.K])));
}

/** log p_t(x) for each row of x [n, d] → [n]. Defaults (a, s) = (1, 0): the clean mixture. */
export function mixtureLogProb(x: tf.Tensor2D, mix: GaussianMixture, a = 1, s = 0): tf.Tensor1D {
  const p = prepare(mix);
  checkShapes(x, p, a, s);
  return tf.tidy(() => tf.logSumExp(logits(x, p, coefficients(p, a, s, true), true), 1) as tf.Tensor1D);
}

/** ∇ log p_t(x) [n, d] = Σ_k r_k (a μ_k − x)/v_k. */
export function mixtureScore(x: tf.Tensor2D, mix: GaussianMixture, a: number, s: number): tf.Tensor2D {
  const p = prepare(mix);
  checkShapes(x, p, a, s);
  return tf.tidy(() => {
    const co = coefficients(p, a, s, false);
    // tf.softmax subtracts the row max before exp (stable for far-apart logits).
    const r = tf.softmax(logits(x, p, co, false)) as tf.Tensor2D;
    const pull = tf.matMul(r, tf.tensor2d(co.A, [p.K, p.d])); // Σ_k r_k a μ_k / v_k
    if (p.equalStds) return tf.sub(pull, tf.mul(x, tf.scalar(1 / co.v[0])));
    // x · Σ_k r_k / v_k, the row sum taken by a matMul with [K, d] copies of 1/v_k.
    return tf.sub(pull, tf.mul(x, tf.matMul(r, tf.tensor2d(co.invV, [p.K, p.d]))));
  });
}

/** Checks a mixture's parameters and returns it with normalised weights; messages name the parameter. */
export function validateMixture(mix: GaussianMixture): GaussianMixture {
  const { weights, means, stds } = mix;
  const K = means.length;
  if (K === 0) throw new Error('means is empty: a mixture needs at least one component');
  if (weights.length !== K) throw new Error(`weights has ${weights.length} entries, means has ${K}`);
  if (stds.length !== K) throw new Error(`stds has ${stds.length} entries, means has ${K}`);
  const d = means[0].length;
  if (d === 0) throw new Error('means[0] has no coordinates');
  means.forEach((m, k) => {
    if (m.length !== d) throw new Error(`means[${k}] has ${m.length} coordinates, means[0] has ${d}`);
    m.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new Error(`means[${k}][${j}] is not a finite number`);
    });
  });
  weights.forEach((w, k) => {
    if (!(Number.isFinite(w) && w >= 0)) throw new Error(`weights[${k}] = ${w} must be a finite number ≥ 0`);
  });
  stds.forEach((v, k) => {
    if (!(Number.isFinite(v) && v > 0)) throw new Error(`stds[${k}] = ${v} must be a finite number > 0`);
  });
  const total = weights.reduce((acc, w) => acc + w, 0);
  if (!(total > 0)) throw new Error('weights sum to 0: at least one weight must be positive');
  return { weights: weights.map((w) => w / total), means: means.map((m) => [...m]), stds: [...stds] };
}

/** Component indices drawn from the weights with one seeded uniform per point. */
function drawComponents(weights: number[], n: number, seed: number): Int32Array {
  const cdf: number[] = [];
  weights.reduce((acc, w, k) => (cdf[k] = acc + w), 0);
  const total = cdf[cdf.length - 1];
  const u = uniformGenerator(seed);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const target = u() * total;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    idx[i] = lo;
  }
  return idx;
}

/**
 * The mixture as a Distribution: x = μ_k + σ_k z with k drawn from the weights (seeded uniform)
 * and z ~ N(0, I) from a seed derived from the same seed. `mixture` is set, so the exact score exists.
 */
export function mixtureDistribution(name: string, mix: GaussianMixture): Distribution {
  const mixture = validateMixture(mix);
  const d = mixture.means[0].length;
  return {
    name,
    dim: d,
    mixture,
    sample(n: number, seed: number): tf.Tensor2D {
      const idx = drawComponents(mixture.weights, n, seed);
      return tf.tidy(() => {
        const k = tf.tensor1d(idx, 'int32');
        const mu = tf.gather(tf.tensor2d(mixture.means), k);
        const sd = tf.gather(tf.tensor2d(mixture.stds, [mixture.stds.length, 1]), k);
        return tf.add(mu, tf.mul(sd, normal<tf.Rank.R2>([n, d], deriveSeed(seed, 1))));
      });
    },
  };
}
