import * as tf from '@tensorflow/tfjs';
import { scoreCombination } from './eight-gaussians';

/**
 * The probability-flow ODE of the VP-SDE (Song et al. 2021, eq. (13)) integrated by hand with
 * classical RK4, exact eight-Gaussians score: the second engine-overhead baseline.
 *   β(t) = β_min + t(β_max − β_min), log ᾱ(t) = −β_min t − ½(β_max − β_min)t²,
 *   a = exp(½ log ᾱ), s = sqrt(1 − ᾱ), f = −½β(t), g² = β(t);
 *   dx/dt = f x − ½ g² ∇log p_t(x), from t = 1 to tEnd on a uniform grid of `steps` steps.
 */
const BETA_MIN = 0.1;
const BETA_MAX = 20;

function path(t: number): { a: number; s: number; f: number; g2: number } {
  const beta = BETA_MIN + t * (BETA_MAX - BETA_MIN);
  const logAlphaBar = -(BETA_MIN * t + 0.5 * (BETA_MAX - BETA_MIN) * t * t);
  return { a: Math.exp(0.5 * logAlphaBar), s: Math.sqrt(-Math.expm1(logAlphaBar)), f: -0.5 * beta, g2: beta };
}

/** h·(dx/dt) at (t, x). */
function slope(x: tf.Tensor2D, t: number, h: number): tf.Tensor2D {
  const p = path(t);
  return scoreCombination(x, p.a, p.s, h * p.f, -0.5 * h * p.g2);
}

/** One RK4 step from t to t + h: x + (k1 + 2k2 + 2k3 + k4)/6 with k_i = h·v at the stage points. */
function rk4(x: tf.Tensor2D, t: number, h: number): tf.Tensor2D {
  return tf.tidy(() => {
    const k1 = slope(x, t, h);
    const k2 = slope(tf.add(x, tf.mul(k1, 0.5)), t + h / 2, h);
    const k3 = slope(tf.add(x, tf.mul(k2, 0.5)), t + h / 2, h);
    const k4 = slope(tf.add(x, k3), t + h, h);
    return tf.addN([x, tf.mul(k1, 1 / 6), tf.mul(k2, 1 / 3), tf.mul(k3, 1 / 3), tf.mul(k4, 1 / 6)]) as tf.Tensor2D;
  });
}

/** Integrate n points from x_T ~ N(0, I) (drawn from `seed`, or given) down to tEnd. Returns x(tEnd). */
export function pfOdeSample(n: number, steps: number, seed: number, xT?: tf.Tensor2D, tEnd = 1e-3): tf.Tensor2D {
  let x = xT ? tf.clone(xT) : tf.randomNormal<tf.Rank.R2>([n, 2], 0, 1, 'float32', seed || 1);
  const h = (tEnd - 1) / steps;
  for (let k = 0; k < steps; k++) {
    const next = rk4(x, 1 + k * h, h);
    x.dispose();
    x = next;
  }
  return x;
}
