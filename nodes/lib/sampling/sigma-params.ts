import { z } from 'zod';

/** Params shared by the σ-grid samplers and their step nodes (sampler/euler-ancestral, sampler/edm, step/*). */
export const etaParam = z.number().min(0).max(1).default(1).describe('η: 1 is the ancestral step with the full posterior noise, 0 the deterministic Euler step');
export const sNoiseParam = z.number().min(0).max(2).default(1).describe('S_noise: scale of the fresh noise (EDM used 1.003–1.007 to offset detail lost by the denoiser)');

export const churnParams = {
  sChurn: z.number().min(0).max(1000).default(0).describe('S_churn: total stochasticity; γ_i = min(S_churn/N, √2 − 1). 0 is the deterministic Heun sampler (Algorithm 1)'),
  sTmin: z.number().min(0).max(1e4).default(0).describe('S_tmin: churn only where σ_i ≥ S_tmin'),
  sTmax: z.number().min(0).max(1e4).default(1e4).describe('S_tmax: churn only where σ_i ≤ S_tmax'),
  sNoise: sNoiseParam,
};
