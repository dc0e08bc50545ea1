import * as tf from '@tensorflow/tfjs';
import type { Predictor } from '../predictor';
import { combine, affineUpdate } from './readout';
import { edmDrift, eulerStep, heunStep } from './ode';

/**
 * Steps of the σ-grid samplers of k-diffusion and EDM, on the VE path a = 1, s = σ, where the
 * probability-flow ODE is dx/dσ = (x − x̂_0(x; σ))/σ (Karras et al. 2022, eq. (3)). Pure functions
 * of (predictor, x, σ's, noise z); none disposes x or z.
 */

/**
 * k-diffusion's get_ancestral_step: the ancestral step σ → σ_next as a deterministic step down to
 * σ_down and fresh noise of std σ_up, with σ_down² + σ_up² = σ_next² and
 *   σ_up = min(σ_next, η·sqrt(σ_next²(σ² − σ_next²)/σ²)).
 * η = 1 is the DDPM-like ancestral step (the posterior's variance); η = 0 the deterministic Euler step.
 */
export function ancestralSigmas(sigma: number, sigmaNext: number, eta: number): { down: number; up: number } {
  if (eta === 0 || sigmaNext === 0) return { down: sigmaNext, up: 0 };
  const up = Math.min(sigmaNext, eta * Math.sqrt((sigmaNext * sigmaNext * (sigma * sigma - sigmaNext * sigmaNext)) / (sigma * sigma)));
  return { down: Math.sqrt(sigmaNext * sigmaNext - up * up), up };
}

/**
 * Euler ancestral (k-diffusion sample_euler_ancestral): an Euler step of the ODE to σ_down, then
 * noise of std s_noise·σ_up: x' = x + (σ_down − σ)·(x − x̂_0)/σ + s_noise·σ_up·z
 *                              = (σ_down/σ)·x + (1 − σ_down/σ)·x̂_0 + s_noise·σ_up·z. One evaluation.
 */
export function eulerAncestralUpdate(p: Predictor, x: tf.Tensor, sigma: number, sigmaNext: number, eta: number, sNoise: number, z: tf.Tensor | null): tf.Tensor {
  const { down, up } = ancestralSigmas(sigma, sigmaNext, eta);
  const r = down / sigma;
  return affineUpdate(p, x, 1, sigma, 'x0', r, 1 - r, up > 0 ? z : null, sNoise * up);
}

/** EDM's stochasticity knobs (Karras et al. 2022, Algorithm 2). */
export interface Churn {
  sChurn: number;
  sTmin: number;
  sTmax: number;
  sNoise: number;
}

/** γ_i = min(S_churn/N, √2 − 1) where S_tmin ≤ σ_i ≤ S_tmax, else 0 (N: the number of steps). */
export function churnGamma(sigma: number, steps: number, c: Churn): number {
  return c.sTmin <= sigma && sigma <= c.sTmax ? Math.min(c.sChurn / steps, Math.SQRT2 - 1) : 0;
}

/**
 * One step of EDM's stochastic sampler (Algorithm 2): raise the noise to σ̂ = (1 + γ)σ by adding
 * sqrt(σ̂² − σ²)·S_noise·z, then a Heun step of the ODE from σ̂ to σ_next (Euler when σ_next = 0,
 * where the slope does not exist). γ = 0 is Algorithm 1's deterministic Heun step. 2 evaluations (1 to σ = 0).
 */
export function edmUpdate(p: Predictor, x: tf.Tensor, sigma: number, sigmaNext: number, gamma: number, sNoise: number, z: tf.Tensor | null): tf.Tensor {
  return tf.tidy(() => {
    const sigmaHat = sigma * (1 + gamma);
    const xHat = gamma > 0 && z ? combine([[x, 1], [z, sNoise * Math.sqrt(sigmaHat * sigmaHat - sigma * sigma)]]) : x;
    return (sigmaNext === 0 ? eulerStep : heunStep)(p, xHat, edmDrift, sigmaHat, sigmaNext - sigmaHat);
  });
}
