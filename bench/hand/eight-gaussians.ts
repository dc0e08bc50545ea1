import * as tf from '@tensorflow/tfjs';

/**
 * The exact score of the eight-Gaussians mixture, written for the hand-written baselines from
 * the formulas alone (no code shared with nodes/lib/mixture.ts, so the baselines are an
 * independent reference for the engine benchmarks).
 *
 * Data: μ_k = 2√2·(cos kπ/4, sin kπ/4), component std σ₀ = 0.5/√2, equal weights (FFJORD's
 * 8gaussians divided by √2). Along x_t = a·x_0 + s·ε each component is N(a μ_k, v I) with
 * v = a²σ₀² + s², so
 *   ∇ log p_t(x) = (Σ_k r_k a μ_k − x)/v,   r = softmax_k(−|x − a μ_k|²/(2v)).
 * |x|² is common to every k and drops out of the softmax; with |μ_k|² also common (all centres
 * on one circle) the logits are x·(a μ_k/v) + const, and the const drops too:
 *   r = softmax(x M),  M = a μᵀ/v  [2, 8];   ∇ log p_t(x) = r (a μ)/v − x/v.
 */
export const RADIUS = 2 * Math.SQRT2;
export const COMPONENT_STD = 0.5 / Math.SQRT2;
export const CENTRES: readonly (readonly [number, number])[] = Array.from({ length: 8 }, (_, k) => [
  RADIUS * Math.cos((k * Math.PI) / 4),
  RADIUS * Math.sin((k * Math.PI) / 4),
]);

/** μᵀ [2, 8] and μ [8, 2] as Float32Arrays, scaled by c. */
function centres(c: number): { muT: Float32Array; mu: Float32Array } {
  const muT = new Float32Array(16);
  const mu = new Float32Array(16);
  CENTRES.forEach(([u, w], k) => {
    mu[2 * k] = muT[k] = c * u;
    mu[2 * k + 1] = muT[8 + k] = c * w;
  });
  return { muT, mu };
}

/**
 * c_x·x + c_s·∇log p_t(x) in a few ops: = (c_x − c_s/v)·x + r·(c_s a μ/v). The mixture constants
 * are folded into the two 16-number matrices on the CPU, so a call is 2 uploads, 2 matMuls, a
 * softmax and the linear combination.
 */
export function scoreCombination(x: tf.Tensor2D, a: number, s: number, cx: number, cs: number): tf.Tensor2D {
  return tf.tidy(() => {
    const v = a * a * COMPONENT_STD * COMPONENT_STD + s * s;
    const logitsW = tf.tensor2d(centres(a / v).muT, [2, 8]);
    const pullW = tf.tensor2d(centres((cs * a) / v).mu, [8, 2]);
    const r = tf.softmax(tf.matMul(x, logitsW));
    return tf.add(tf.mul(x, cx - cs / v), tf.matMul(r, pullW)) as tf.Tensor2D;
  });
}

/** Mean distance of each point to its nearest centre: a cheap check that samples sit on the modes (≈ 0.44 for the data). */
export async function meanDistanceToModes(x: tf.Tensor2D): Promise<number> {
  const d = tf.tidy(() => {
    const c = tf.tensor2d(CENTRES.flat(), [8, 2]);
    const diff = tf.sub(tf.expandDims(x, 1), tf.expandDims(c, 0));
    return tf.mean(tf.min(tf.sqrt(tf.sum(tf.square(diff), 2)), 1));
  });
  const [m] = await d.data();
  d.dispose();
  return m;
}
