/**
 * A noise schedule is a forward path x_t = a(t)·x_0 + s(t)·ε, ε ~ N(0, I) (DESIGN.md):
 * DDPM/VP has a = sqrt(ᾱ), s = sqrt(1-ᾱ); SMLD/VE has a = 1, s = σ.
 *
 * Every schedule exposes the continuous path on t ∈ [0, 1] (t = 1 is the noisiest end)
 * and the SDE it defines, dx = f(t)·x dt + g(t) dw, with
 *   f = d log a / dt,    g² = d(s²)/dt − 2 f s²
 * (the unique linear SDE whose marginals given x_0 are N(a x_0, s² I)).
 * Discrete schedules (linear, cosine, scaled-linear) use indices i = 1…T with ᾱ_0 = 1;
 * their continuous path interpolates log ᾱ linearly between t_i = i/T, so the SDE
 * matches the discrete chain exactly at the grid points.
 */
export type ScheduleFamily = 'vp' | 've';

/** One noise level of a schedule: its index, time and path coefficients. */
export interface Level {
  /** 1-based index into the schedule's levels (i = T is the noisiest for discrete schedules). */
  i: number;
  t: number;
  a: number;
  s: number;
}

export interface Schedule {
  /** 'linear' | 'cosine' | 'scaled-linear' | 'vp' | 've' | 'karras' */
  name: string;
  /** 'vp' (a² + s² = 1) or 've' (a = 1). */
  family: ScheduleFamily;
  /** Number of discrete levels: T for discrete schedules, N for continuous ones. */
  N: number;
  /** True for schedules defined by a discrete β sequence. */
  discrete: boolean;
  /**
   * β_0…β_N (β_0 = 0 unused) and ᾱ_0…ᾱ_N (ᾱ_0 = 1) of the DDPM chain. Present for every
   * VP schedule (continuous VP uses the standard discretisation
   * β_i = β_min/N + (i−1)(β_max − β_min)/(N(N−1)), Song et al. 2021); absent for VE.
   */
  betas?: Float64Array;
  alphaBars?: Float64Array;
  /**
   * For VE schedules: the N noise levels σ_1 > … > σ_N (noisiest first), as used by
   * annealed Langevin (NCSN) and, for Karras, the EDM σ grid (without the final 0).
   */
  sigmas?: Float64Array;
  /** The path coefficients at continuous time t ∈ [0, 1]. */
  a(t: number): number;
  s(t: number): number;
  /** SDE drift coefficient f(t) (drift f(t)·x) and squared diffusion g(t)². */
  f(t: number): number;
  g2(t: number): number;
  /** The time at which the noise level σ = s/a is reached (inverse of σ(t)). */
  tOfSigma(sigma: number): number;
  /** Standard deviation of the prior at t = 1: ≈ 1 for VP, σ_max for VE. */
  priorStd: number;
  /** The discrete levels from the noisiest to the cleanest (T…1 for discrete, N grid points otherwise). */
  levels(): Level[];
}

/** σ = s/a: the noise level of a path point, the quantity a learned predictor is conditioned on. */
export function sigmaOf(a: number, s: number): number {
  return s / a;
}
