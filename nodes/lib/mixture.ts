import * as tf from '@tensorflow/tfjs';
import type { GaussianMixture } from './distribution';
import { mixtureKernel, PER_COMPONENT } from './sampling/mixture-kernel';

export { mixtureDistribution, validateMixture } from './mixture-distribution';

/**
 * An isotropic Gaussian mixture noised along x_t = a·x_0 + s·ε:
 *   p_t(x) = Σ_k w_k N(x; a μ_k, v_k I),  v_k = a² σ_k² + s².
 * With the logits
 *   ℓ_k(x) = log w_k − (d/2) log(2π v_k) − |x − a μ_k|² / (2 v_k)
 * log p_t = logSumExp_k ℓ_k and ∇ log p_t = Σ_k r_k (a μ_k − x)/v_k with r = softmax(ℓ).
 *
 * Expanding |x − a μ_k|² = |x|² − 2a x·μ_k + a²|μ_k|² turns the logits into one matMul:
 *   ℓ = x W + b − |x|² c,   W_{jk} = a μ_kj / v_k,   b_k = log w_k − (d/2) log(2π v_k) − a²|μ_k|²/(2 v_k),
 *   c_k = 1/(2 v_k),
 * and the score into another: Σ_k r_k a μ_k/v_k = r Wᵀ. When every σ_k is equal, v_k is one number
 * and the |x|² and log(2π v) terms are the same for every k: they cancel in the softmax, so the score
 * needs only ℓ' = x W + b' with b' = log w − a²|μ|²/(2v).
 *
 * W and friends depend on (a, s), so they are made per call and no tensor outlives a call: there is
 * nothing to cache or dispose. Measured on tfjs-wasm in Node (CPU time; the 2-core machine was shared,
 * so ±30%): for the sampler benchmark's n = 4096, d = 2, K = 8 a score call costs ~0.35–0.5 ms, of
 * which the softmax's n·K exps are ~0.21 ms; building W on the CPU and uploading it costs ~4 µs,
 * scaling an uploaded μ on the device ~20 µs, and cached constant tensors gained nothing measurable
 * (1000 score-and-update steps: best of 6, 406 ms uploaded vs 455 ms cached).
 * For large d·K (images: d = 784…4096, K up to 256) the CPU loop over d·K numbers costs more than
 * two device ops, so past CPU_BUILD_MAX the scaling happens on the device.
 */
const CPU_BUILD_MAX = 4096;

interface Prepared {
  K: number;
  d: number;
  /** μ row-major [K, d]. */
  means: Float32Array;
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
  const meanSq = new Float64Array(K);
  const wSum = mix.weights.reduce((acc, w) => acc + w, 0);
  mix.means.forEach((m, k) => {
    means.set(m, k * d);
    meanSq[k] = m.reduce((acc, e) => acc + e * e, 0);
  });
  const p: Prepared = {
    K,
    d,
    means,
    meanSq,
    logW: Float64Array.from(mix.weights, (w) => Math.log(w / wSum)),
    vars: Float64Array.from(mix.stds, (sd) => sd * sd),
    equalStds: mix.stds.every((v) => v === mix.stds[0]),
  };
  preparedCache.set(mix, p);
  return p;
}

type Coefficients = ReturnType<typeof coefficients>;

/** The per-component numbers at the path point (a, s); `full` keeps the normalisation in b. */
function coefficients(p: Prepared, a: number, s: number, full: boolean) {
  const v = Float64Array.from(p.vars, (s2) => a * a * s2 + s * s);
  const norm = full || !p.equalStds;
  return {
    v,
    g: Float32Array.from(v, (vk) => a / vk),
    b: Float32Array.from(v, (vk, k) => p.logW[k] - (norm ? 0.5 * p.d * Math.log(2 * Math.PI * vk) : 0) - (a * a * p.meanSq[k]) / (2 * vk)),
    c: Float32Array.from(v, (vk) => -1 / (2 * vk)),
  };
}

/** [W, c·Wᵀ]: W [d, K] has a μ_k / v_k as column k. Call inside a tidy. */
function scaledMeans(p: Prepared, co: Coefficients, c = 1): [tf.Tensor2D, tf.Tensor2D] {
  const { K, d } = p;
  if (K * d > CPU_BUILD_MAX) {
    const At = tf.mul(tf.tensor2d(p.means, [K, d]), tf.tensor2d(co.g, [K, 1])) as tf.Tensor2D;
    return [tf.transpose(At), c === 1 ? At : tf.mul(At, c)];
  }
  const W = new Float32Array(d * K);
  const At = new Float32Array(K * d);
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < d; j++) {
      W[j * K + k] = co.g[k] * p.means[k * d + j];
      At[k * d + j] = c * co.g[k] * p.means[k * d + j];
    }
  }
  return [tf.tensor2d(W, [d, K]), tf.tensor2d(At, [K, d])];
}

/** x ⊙ Σ_k r_k·c_k for per-component numbers c (unequal variances). Call inside a tidy. */
function xTimesMixed(x: tf.Tensor2D, r: tf.Tensor2D, p: Prepared, c: Float64Array): tf.Tensor2D {
  const { K, d } = p;
  if (K * d > CPU_BUILD_MAX) return tf.mul(x, tf.matMul(r, tf.tensor2d(Float32Array.from(c), [K, 1])));
  // Small d: the row sum as a matMul with [K, d] copies of c_k, then a same-shape mul (on wasm a
  // broadcast mul by an [n, 1] column costs ~3× as much).
  const ck = new Float32Array(K * d);
  c.forEach((e, k) => ck.fill(e, k * d, (k + 1) * d));
  return tf.mul(x, tf.matMul(r, tf.tensor2d(ck, [K, d])));
}

function checkShapes(x: tf.Tensor2D, p: Prepared, a: number, s: number): void {
  if (x.rank !== 2 || x.shape[1] !== p.d) throw new Error(`x has shape [${x.shape}], the mixture needs [n, ${p.d}]`);
  if (!(a * a * Math.min(...p.vars) + s * s > 0)) throw new Error(`every component must have positive variance a²σ² + s² (a = ${a}, s = ${s})`);
}

/** The logits ℓ [n, K]; without `full` the terms common to all k are dropped when the stds are equal. */
function logits(x: tf.Tensor2D, W: tf.Tensor2D, p: Prepared, co: Coefficients, full: boolean): tf.Tensor2D {
  const lin = tf.fused.matMul({ a: x, b: W, bias: tf.tensor1d(co.b) }) as tf.Tensor2D;
  if (!full && p.equalStds) return lin;
  // − |x|²/(2 v_k) as the outer product [n, 1] × [1, K] (a matMul beats a broadcast mul on wasm).
  const xx = tf.sum(tf.square(x), 1, true) as tf.Tensor2D;
  return tf.add(lin, tf.matMul(xx, tf.tensor2d(co.c, [1, p.K])));
}

/** log p_t(x) for each row of x [n, d] → [n]. Defaults (a, s) = (1, 0): the clean mixture. */
export function mixtureLogProb(x: tf.Tensor2D, mix: GaussianMixture, a = 1, s = 0): tf.Tensor1D {
  const p = prepare(mix);
  checkShapes(x, p, a, s);
  return tf.tidy(() => {
    const co = coefficients(p, a, s, true);
    return tf.logSumExp(logits(x, scaledMeans(p, co)[0], p, co, true), 1) as tf.Tensor1D;
  });
}

/**
 * The constants of the 2-D WASM kernel (sampling/mixture-kernel.ts), the same numbers mixtureAffine
 * uploads: ℓ_k = x·W_k + b_k + q_k|x|² (q_k = −1/(2v_k) only for unequal stds), B_k = c_s·a μ_k/v_k,
 * C_k = c_x − c_s/v_k.
 */
function kernelConstants(p: Prepared, co: Coefficients, cx: number, cs: number, cz: number): Float32Array {
  const out = new Float32Array(4 + PER_COMPONENT * p.K);
  out[0] = cz;
  for (let k = 0; k < p.K; k++) {
    const [m0, m1] = [p.means[2 * k], p.means[2 * k + 1]];
    out.set([co.g[k] * m0, co.g[k] * m1, co.b[k], p.equalStds ? 0 : co.c[k], cs * co.g[k] * m0, cs * co.g[k] * m1, cx - cs / co.v[k]], 4 + PER_COMPONENT * k);
  }
  return out;
}

/** The responsibilities r = softmax(ℓ) [n, K] and c·Wᵀ. Call inside a tidy. */
function responsibilities(x: tf.Tensor2D, p: Prepared, co: Coefficients, c: number): [tf.Tensor2D, tf.Tensor2D] {
  const [W, cWt] = scaledMeans(p, co, c);
  // tf.softmax subtracts the row max before exp (stable for far-apart logits).
  return [tf.softmax(logits(x, W, p, co, false)) as tf.Tensor2D, cWt];
}

/** ∇ log p_t(x) [n, d] = Σ_k r_k (a μ_k − x)/v_k. */
export function mixtureScore(x: tf.Tensor2D, mix: GaussianMixture, a: number, s: number): tf.Tensor2D {
  const p = prepare(mix);
  checkShapes(x, p, a, s);
  return tf.tidy(() => {
    const co = coefficients(p, a, s, false);
    const [r, Wt] = responsibilities(x, p, co, 1);
    const pull = tf.matMul(r, Wt); // Σ_k r_k a μ_k / v_k
    if (p.equalStds) return tf.sub(pull, tf.mul(x, tf.scalar(1 / co.v[0])));
    return tf.sub(pull, xTimesMixed(x, r, p, Float64Array.from(co.v, (vk) => 1 / vk)));
  });
}

/**
 * c_x·x + c_s·∇log p_t(x) + c_z·z in one pass (z optional), the coefficients folded into the
 * constants: since Σ_k r_k = 1,
 *   c_x·x + c_s·score = r·(c_s·Wᵀ) + x ⊙ Σ_k r_k (c_x − c_s/v_k),
 * and with equal variances the last term is the scalar multiple (c_x − c_s/v)·x. A sampler update
 * then costs the score's two matMuls and softmax plus one mul and one add (two more with noise).
 */
export function mixtureAffine(x: tf.Tensor2D, mix: GaussianMixture, a: number, s: number, cx: number, cs: number, z: tf.Tensor2D | null = null, cz = 0): tf.Tensor2D {
  const p = prepare(mix);
  checkShapes(x, p, a, s);
  const co = coefficients(p, a, s, false);
  if (p.d === 2) {
    const fused = mixtureKernel(x, cz !== 0 ? z : null, { constants: kernelConstants(p, co, cx, cs, cz), K: p.K });
    if (fused) return fused;
  }
  return tf.tidy(() => {
    const [r, B] = responsibilities(x, p, co, cs);
    const terms = [tf.matMul(r, B)];
    if (p.equalStds) terms.push(tf.mul(x, tf.scalar(cx - cs / co.v[0])));
    else terms.push(xTimesMixed(x, r, p, Float64Array.from(co.v, (vk) => cx - cs / vk)));
    if (z && cz !== 0) terms.push(cz === 1 ? z : tf.mul(z, tf.scalar(cz)));
    return tf.addN(terms) as tf.Tensor2D;
  });
}
