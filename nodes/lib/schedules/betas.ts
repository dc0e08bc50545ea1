import type { Schedule } from '../schedule';
import { discreteVpSchedule } from './discrete';

/** n evenly spaced values from `start` to `end` (numpy.linspace; [start] when n = 1). */
function linspace(start: number, end: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = n === 1 ? start : start + ((end - start) * k) / (n - 1);
  return out;
}

/** DDPM linear schedule (Ho et al. 2020): β_i linear from betaStart to betaEnd, i = 1…T. */
export function linearSchedule({ T = 1000, betaStart = 1e-4, betaEnd = 0.02 } = {}): Schedule {
  return discreteVpSchedule('linear', linspace(betaStart, betaEnd, T));
}

/** Stable Diffusion's "scaled linear" schedule: sqrt(β_i) linear from sqrt(betaStart) to sqrt(betaEnd). */
export function scaledLinearSchedule({ T = 1000, betaStart = 0.00085, betaEnd = 0.012 } = {}): Schedule {
  return discreteVpSchedule('scaled-linear', linspace(Math.sqrt(betaStart), Math.sqrt(betaEnd), T).map((r) => r * r));
}

/**
 * Cosine schedule (Nichol & Dhariwal 2021): ᾱ(i) = f(i)/f(0), f(i) = cos²((i/T + s)/(1 + s)·π/2),
 * β_i = min(1 − ᾱ(i)/ᾱ(i−1), maxBeta); the chain's ᾱ is the product of the clipped β's.
 */
export function cosineSchedule({ T = 1000, s = 0.008, maxBeta = 0.999 } = {}): Schedule {
  const f = (i: number) => Math.cos(((i / T + s) / (1 + s)) * (Math.PI / 2)) ** 2;
  const betas = new Float64Array(T);
  for (let i = 1; i <= T; i++) betas[i - 1] = Math.min(1 - f(i) / f(i - 1), maxBeta);
  return discreteVpSchedule('cosine', betas);
}
