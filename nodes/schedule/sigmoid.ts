import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { levelsEstimate } from '../lib/estimates';
import { discreteVpSchedule } from '../lib/schedules';
import { requireIncreasing, stepsParam } from '../lib/schedules/params';

/** Logistic function σ(x) = 1/(1 + e^{−x}). */
const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/** Chen 2023's lower clip of γ(t): keeps ᾱ_T > 0, so β_T < 1 before the maxBeta clip. */
const GAMMA_MIN = 1e-9;

/**
 * γ(t) = ᾱ(t) of the sigmoid schedule (Chen 2023, Algorithm 1, `sigmoid_schedule`):
 *   γ(t) = (σ(e/τ) − σ((t(e − b) + b)/τ)) / (σ(e/τ) − σ(b/τ)),  clipped to [1e-9, 1],
 * so γ(0) = 1, γ(1) = 0 and γ follows a logistic curve in between: b, e pick which part of the
 * logistic is used (symmetric −3…3 by default), τ how sharp it is.
 */
export function sigmoidGamma(t: number, start: number, end: number, tau: number): number {
  const vStart = logistic(start / tau);
  const vEnd = logistic(end / tau);
  const g = (vEnd - logistic((t * (end - start) + start) / tau)) / (vEnd - vStart);
  return Math.min(1, Math.max(GAMMA_MIN, g));
}

export default defineNode({
  type: 'schedule/sigmoid',
  version: 1,
  title: 'Sigmoid schedule',
  category: 'schedule',
  inputs: {},
  outputs: { schedule: 'schedule' },
  schedule: { family: 'vp', path: 'discrete', sigmaGrid: false },
  params: z.object({
    T: stepsParam,
    start: z.number().min(-20).max(20).default(-3).describe('b: where on the logistic curve t = 0 sits'),
    end: z.number().min(-20).max(20).default(3).describe('e: where on the logistic curve t = 1 sits (e > b)'),
    tau: z.number().min(0.01).max(10).default(1).describe('τ: temperature; smaller is a sharper drop of ᾱ around the middle'),
    maxBeta: z.number().gt(0).lt(1).default(0.999).describe('upper clip of each β_t (the last ᾱ is near 0)'),
  }),
  mainParams: ['T', 'tau'],
  docs: {
    summary: 'ᾱ follows a logistic curve in t: flat near both ends, with most of the signal destroyed around the middle; start, end and τ shape it (larger images want more noise, Chen 2023).',
    equation: String.raw`\bar\alpha_t = \gamma(t/T),\ \gamma(t) = \frac{\operatorname{sig}(e/\tau) - \operatorname{sig}\big((t(e-b)+b)/\tau\big)}{\operatorname{sig}(e/\tau) - \operatorname{sig}(b/\tau)},\quad \beta_t = \min\Big(1 - \frac{\bar\alpha_t}{\bar\alpha_{t-1}},\ \beta_{\max}\Big)`,
    reference: 'Chen 2023, "On the importance of noise scheduling for diffusion models", Algorithm 1 (b = −3, e = 3, τ = 1; γ clipped at 1e-9); Jabri et al. 2022 (RIN) use it',
    notes: 'The discrete chain takes ᾱ_i = γ(i/T), i = 1…T, then recomputes ᾱ as the product of the clipped β, as the cosine schedule does; with the defaults only the last β is clipped. With b = −e the curve is symmetric: ᾱ = ½ at t = T/2.',
  },
  estimate: (p) => levelsEstimate(p.T),
  run: (_inputs, p) => {
    requireIncreasing(p, 'start', 'end');
    const alphaBar = (i: number) => sigmoidGamma(i / p.T, p.start, p.end, p.tau);
    const betas = Array.from({ length: p.T }, (_, k) => Math.min(1 - alphaBar(k + 1) / alphaBar(k), p.maxBeta));
    return { schedule: discreteVpSchedule('sigmoid', betas) };
  },
});
