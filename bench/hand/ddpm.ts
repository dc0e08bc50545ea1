import * as tf from '@tensorflow/tfjs';
import { scoreCombination } from './eight-gaussians';

/**
 * DDPM ancestral sampling written by hand (Ho et al. 2020, Algorithm 2), with the exact
 * eight-Gaussians score: the baseline of the engine-overhead case.
 *   β_t linear from 1e-4 to 0.02 (t = 1…T), α_t = 1 − β_t, ᾱ_t = Π_{s≤t} α_s;
 *   ε̂ = −sqrt(1−ᾱ_t)·∇log p_t, so x_{t−1} = (x_t − β_t/sqrt(1−ᾱ_t)·ε̂)/sqrt(α_t) + σ_t z
 *                                       = (x_t + β_t·∇log p_t(x_t))/sqrt(α_t) + σ_t z,
 *   σ_t² = β̃_t = β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t) (posterior variance), no noise at t = 1.
 */
export interface DdpmChain {
  beta: Float64Array;
  alphaBar: Float64Array;
}

/** β_0…β_T and ᾱ_0…ᾱ_T (index 0: β = 0, ᾱ = 1) of the linear schedule. */
export function linearChain(T: number, betaStart = 1e-4, betaEnd = 0.02): DdpmChain {
  const beta = new Float64Array(T + 1);
  const alphaBar = new Float64Array(T + 1);
  alphaBar[0] = 1;
  for (let t = 1; t <= T; t++) {
    beta[t] = T === 1 ? betaStart : betaStart + ((betaEnd - betaStart) * (t - 1)) / (T - 1);
    alphaBar[t] = alphaBar[t - 1] * (1 - beta[t]);
  }
  return { beta, alphaBar };
}

/** A nonzero 32-bit seed per step (tf.randomNormal takes 0 as "unseeded"). */
const stepSeed = (seed: number, t: number) => ((seed * 0x9e3779b1) ^ Math.imul(t, 0x85ebca6b)) >>> 0 || 1;

/** Sample n points: x_T ~ N(0, I) from `seed` (or the given x_T), then T ancestral steps. Returns x_0. */
export function ddpmSample(n: number, T: number, seed: number, xT?: tf.Tensor2D): tf.Tensor2D {
  const { beta, alphaBar } = linearChain(T);
  let x = xT ? tf.clone(xT) : tf.randomNormal<tf.Rank.R2>([n, 2], 0, 1, 'float32', stepSeed(seed, T + 1));
  for (let t = T; t >= 1; t--) {
    const a = Math.sqrt(alphaBar[t]);
    const s = Math.sqrt(1 - alphaBar[t]);
    const rootAlpha = Math.sqrt(1 - beta[t]);
    const sigma = Math.sqrt((beta[t] * (1 - alphaBar[t - 1])) / (1 - alphaBar[t]));
    const next = tf.tidy(() => {
      const mean = scoreCombination(x, a, s, 1 / rootAlpha, beta[t] / rootAlpha);
      if (t === 1) return mean;
      return tf.add(mean, tf.mul(tf.randomNormal<tf.Rank.R2>([n, 2], 0, 1, 'float32', stepSeed(seed, t)), sigma)) as tf.Tensor2D;
    });
    x.dispose();
    x = next;
  }
  return x;
}
