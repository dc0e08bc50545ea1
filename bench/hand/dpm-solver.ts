import * as tf from '@tensorflow/tfjs';
import { scoreCombination } from './eight-gaussians';

/**
 * DPM-Solver++(2M) (Lu et al. 2022b) written by hand from the paper, exact eight-Gaussians score:
 * the baseline of the DPM-Solver case. VP-SDE path (β 0.1 → 20): log ᾱ(t) = −β_min t − ½(β_max − β_min)t²,
 * a = sqrt(ᾱ), s = sqrt(1 − ᾱ), λ = log(a/s). Steps evenly spaced in λ from t = 1 to tEnd; at each
 * λ the path point is σ = e^{−λ}, a = 1/sqrt(1 + σ²), s = σa. With h = λ_t − λ_u and D = x̂_0(x_u),
 *   x_t = (s_t/s_u)·x_u − a_t·expm1(−h)·(D + (D − D_prev)/(2r)),  r = h_prev/h,
 * first order on the first step and, below 15 steps, on the last.
 */
const BETA_MIN = 0.1;
const BETA_MAX = 20;

const lambdaAt = (t: number) => {
  const logAlphaBar = -(BETA_MIN * t + 0.5 * (BETA_MAX - BETA_MIN) * t * t);
  return 0.5 * logAlphaBar - 0.5 * Math.log(-Math.expm1(logAlphaBar));
};

export function dpmSolverSample(n: number, steps: number, seed: number, xT?: tf.Tensor2D, tEnd = 1e-3): tf.Tensor2D {
  let x = xT ? tf.clone(xT) : tf.randomNormal<tf.Rank.R2>([n, 2], 0, 1, 'float32', seed || 1);
  const [l0, l1] = [lambdaAt(1), lambdaAt(tEnd)];
  const lambdas = Array.from({ length: steps + 1 }, (_, k) => (k === steps ? l1 : l0 + ((l1 - l0) * k) / steps));
  const point = (l: number) => {
    const sigma = Math.exp(-l);
    const a = 1 / Math.sqrt(1 + sigma * sigma);
    return { a, s: sigma * a };
  };
  let prev: tf.Tensor2D | null = null;
  for (let k = 0; k < steps; k++) {
    const [u, t] = [point(lambdas[k]), point(lambdas[k + 1])];
    const h = lambdas[k + 1] - lambdas[k];
    const d = scoreCombination(x, u.a, u.s, 1 / u.a, (u.s * u.s) / u.a);
    const firstOrder = prev === null || (steps < 15 && k === steps - 1);
    const next = tf.tidy(() => {
      let dd: tf.Tensor2D = d;
      if (!firstOrder && prev) {
        const r = (lambdas[k] - lambdas[k - 1]) / h;
        dd = tf.add(tf.mul(d, 1 + 1 / (2 * r)), tf.mul(prev, -1 / (2 * r)));
      }
      return tf.add(tf.mul(x, t.s / u.s), tf.mul(dd, -t.a * Math.expm1(-h))) as tf.Tensor2D;
    });
    prev?.dispose();
    prev = d;
    x.dispose();
    x = next;
  }
  prev?.dispose();
  return x;
}
