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
export type { Level, Schedule, ScheduleFamily } from '../../src/engine/values';

/** σ = s/a: the noise level of a path point, the quantity a learned predictor is conditioned on. */
export function sigmaOf(a: number, s: number): number {
  return s / a;
}
