import * as tf from '@tensorflow/tfjs';
import { scoreCombination } from './eight-gaussians';

/**
 * EDM's deterministic sampler (Karras et al. 2022, Algorithm 1 = Algorithm 2 with S_churn = 0)
 * written by hand, exact eight-Gaussians score: the baseline of the EDM case. σ grid
 * σ_i = (σ_max^{1/ρ} + i/(N−1)(σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ (σ_min 0.002, σ_max 80, ρ 7), then 0;
 * on the path a = 1, s = σ the ODE is dx/dσ = (x − D(x; σ))/σ with D = x + σ²·score; Heun steps,
 * an Euler step to σ = 0. x_T ~ N(0, σ_max² I).
 */
const SIGMA_MIN = 0.002;
const SIGMA_MAX = 80;
const RHO = 7;

/** h·dx/dσ = h(x − D)/σ = −h σ·score, as one score combination. */
const slope = (x: tf.Tensor2D, sigma: number, h: number) => scoreCombination(x, 1, sigma, 0, -h * sigma);

export function edmSample(n: number, levels: number, seed: number, xT?: tf.Tensor2D): tf.Tensor2D {
  let x = xT ? tf.clone(xT) : tf.tidy(() => tf.mul(tf.randomNormal<tf.Rank.R2>([n, 2], 0, 1, 'float32', seed || 1), SIGMA_MAX) as tf.Tensor2D);
  const [hi, lo] = [SIGMA_MAX ** (1 / RHO), SIGMA_MIN ** (1 / RHO)];
  const sigmas = [...Array.from({ length: levels }, (_, i) => (hi + (i / (levels - 1)) * (lo - hi)) ** RHO), 0];
  for (let i = 0; i < levels; i++) {
    const [s, sn] = [sigmas[i], sigmas[i + 1]];
    const h = sn - s;
    const next = tf.tidy(() => {
      const k1 = slope(x, s, h);
      const euler = tf.add(x, k1) as tf.Tensor2D;
      if (sn === 0) return euler;
      return tf.add(x, tf.mul(tf.add(k1, slope(euler, sn, h)), 0.5)) as tf.Tensor2D;
    });
    x.dispose();
    x = next;
  }
  return x;
}
