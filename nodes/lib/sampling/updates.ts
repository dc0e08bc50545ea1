import * as tf from '@tensorflow/tfjs';
import type { Predictor } from '../predictor';
import type { Schedule } from '../schedule';
import { affineUpdate, combine, readAffine } from './readout';

/**
 * One step of each stochastic sampler as a pure function of (x, predictor, level(s), noise z).
 * Coefficients are plain numbers computed on the CPU in float64; each update is one predictor
 * call and one fused linear combination. z = null means no noise (the last step, or the mean).
 * None disposes x or z.
 */

/** DDPM levels of one step t → t−1: β_t, ᾱ_t and ᾱ_{t−1} of the discrete chain. */
export interface DdpmLevel {
  beta: number;
  alphaBar: number;
  alphaBarPrev: number;
}

export type DdpmVariance = 'beta' | 'posterior';

/** σ_t² = β_t, or the posterior variance β̃_t = β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t) (Ho et al. 2020, §3.2). */
export function ddpmSigma(l: DdpmLevel, variance: DdpmVariance): number {
  const v = variance === 'beta' ? l.beta : (l.beta * (1 - l.alphaBarPrev)) / (1 - l.alphaBar);
  return Math.sqrt(Math.max(v, 0));
}

/** x_{t−1} = (x_t − β_t/sqrt(1−ᾱ_t)·ε̂)/sqrt(α_t) + σ_t z, ε̂ read at (sqrt ᾱ_t, sqrt(1−ᾱ_t)). */
export function ddpmUpdate(p: Predictor, x: tf.Tensor, l: DdpmLevel, variance: DdpmVariance, z: tf.Tensor | null): tf.Tensor {
  const a = Math.sqrt(l.alphaBar);
  const s = Math.sqrt(1 - l.alphaBar);
  const sqrtAlpha = Math.sqrt(1 - l.beta);
  return affineUpdate(p, x, a, s, 'eps', 1 / sqrtAlpha, -l.beta / (s * sqrtAlpha), z, ddpmSigma(l, variance));
}

/** DDIM levels of one step: ᾱ_t and the ᾱ_prev it jumps to (1 for the final step). */
export interface DdimLevel {
  alphaBar: number;
  alphaBarPrev: number;
}

/** σ = η·sqrt((1−ᾱ_prev)/(1−ᾱ_t))·sqrt(1 − ᾱ_t/ᾱ_prev) (Song, Meng & Ermon 2021, eq. (16)). */
export function ddimSigma(l: DdimLevel, eta: number): number {
  return eta * Math.sqrt(Math.max(((1 - l.alphaBarPrev) / (1 - l.alphaBar)) * (1 - l.alphaBar / l.alphaBarPrev), 0));
}

/**
 * x_prev = sqrt(ᾱ_prev)·x̂_0 + sqrt(1 − ᾱ_prev − σ²)·ε̂ + σ z with x̂_0 = (x − sqrt(1−ᾱ_t) ε̂)/sqrt(ᾱ_t),
 * i.e. x_prev = sqrt(ᾱ_prev/ᾱ_t)·x + (sqrt(1−ᾱ_prev−σ²) − sqrt(ᾱ_prev(1−ᾱ_t)/ᾱ_t))·ε̂ + σ z.
 */
export function ddimUpdate(p: Predictor, x: tf.Tensor, l: DdimLevel, eta: number, z: tf.Tensor | null): tf.Tensor {
  const a = Math.sqrt(l.alphaBar);
  const s = Math.sqrt(1 - l.alphaBar);
  const sigma = ddimSigma(l, eta);
  const aPrev = Math.sqrt(l.alphaBarPrev);
  const dir = Math.sqrt(Math.max(1 - l.alphaBarPrev - sigma * sigma, 0));
  return affineUpdate(p, x, a, s, 'eps', aPrev / a, dir - (aPrev * s) / a, z, sigma);
}

/** Langevin step x ← x + τ·∇log p(x) + sqrt(2τ)·z, the score read at the path point (a, s). */
export function langevinUpdate(p: Predictor, x: tf.Tensor, a: number, s: number, tau: number, z: tf.Tensor | null): tf.Tensor {
  return affineUpdate(p, x, a, s, 'score', 1, tau, z, Math.sqrt(2 * tau));
}

/** A point of the continuous path with its SDE coefficients: x_t = a x_0 + s ε, dx = f x dt + g dw. */
export interface PathPoint {
  a: number;
  s: number;
  f: number;
  g2: number;
}

export function pathPoint(schedule: Schedule, t: number): PathPoint {
  return { a: schedule.a(t), s: schedule.s(t), f: schedule.f(t), g2: schedule.g2(t) };
}

/**
 * Euler–Maruyama step of the reverse SDE dx = [f x − g² ∇log p_t] dt + g dw̄ from t to t − Δt (Δt > 0):
 * x ← x − [f x − g²·score]Δt + g sqrt(Δt) z.
 */
export function eulerMaruyamaUpdate(p: Predictor, x: tf.Tensor, pt: PathPoint, dt: number, z: tf.Tensor | null): tf.Tensor {
  return affineUpdate(p, x, pt.a, pt.s, 'score', 1 - pt.f * dt, pt.g2 * dt, z, Math.sqrt(pt.g2 * dt));
}

/**
 * Langevin corrector of Song et al. 2021 (Algorithm 4): with g = score, the step size
 * ε = 2α·(snr·‖z‖/‖g‖)², norms per sample then averaged over the batch, and
 * x ← x + ε·g + sqrt(2ε)·z. The step size stays a tensor (no read back to the CPU).
 */
export function correctorUpdate(p: Predictor, x: tf.Tensor, a: number, s: number, snr: number, alpha: number, z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const { y, u, v } = readAffine(p, x, a, s, 'score');
    const g = combine([
      [x, u],
      [y, v],
    ]);
    // Per-sample norms over every axis but the batch axis (a no-op reshape for points [n, d]).
    const meanNorm = (t: tf.Tensor) => tf.mean(tf.sqrt(tf.sum(tf.square(tf.reshape(t, [t.shape[0], -1])), 1)));
    const ratio = tf.div(meanNorm(z), meanNorm(g));
    const eps = tf.mul(tf.square(ratio), 2 * alpha * snr * snr);
    return tf.addN([x, tf.mul(g, eps), tf.mul(z, tf.sqrt(tf.mul(eps, 2)))]);
  });
}

/** α of the corrector step (Song et al.’s LangevinCorrector): 1 − β_i of the chain at t for VP, 1 for VE. */
export function correctorAlpha(schedule: Schedule, t: number): number {
  const b = schedule.betas;
  if (schedule.family !== 'vp' || !b) return 1;
  // timestep = ⌊t(N − 1)⌋ into the 0-based alphas; β here is 1-based (β_0 = 0 unused).
  const N = b.length - 1;
  return 1 - b[Math.min(N, Math.floor(t * (N - 1)) + 1)];
}

/** Tweedie's denoiser x̂_0 = (x + s²·score)/a: the final denoising step of NCSN/NCSNv2. */
export function tweedieDenoise(p: Predictor, x: tf.Tensor, a: number, s: number): tf.Tensor {
  return affineUpdate(p, x, a, s, 'x0', 0, 1);
}
