import type { Schedule } from '../schedule';
import { uniformGenerator } from '../random';

/**
 * Per-example noise levels σ = s/a for denoising score matching under a schedule:
 *  - discrete schedules (DDPM chains): a level i ~ U{1, …, N}, σ_i = √((1 − ᾱ_i)/ᾱ_i) (Ho et al. 2020);
 *  - continuous ones: t ~ U(t_min, 1) on the path, σ = s(t)/a(t) (Song et al. 2021), with
 *    t_min = 10⁻³ so σ stays away from 0 on paths that start noiseless (VP: σ(10⁻³) ≈ 0.01).
 */
export const T_MIN = 1e-3;

export type SigmaSampler = (n: number, seed: number) => Float32Array;

export function sigmaSampler(schedule: Schedule): SigmaSampler {
  if (schedule.discrete && schedule.alphaBars) {
    const ab = schedule.alphaBars;
    const N = schedule.N;
    const table = Float64Array.from({ length: N }, (_, j) => Math.sqrt((1 - ab[j + 1]) / ab[j + 1]));
    return (n, seed) => {
      const u = uniformGenerator(seed);
      return Float32Array.from({ length: n }, () => table[Math.min(N - 1, Math.floor(u() * N))]);
    };
  }
  return (n, seed) => {
    const u = uniformGenerator(seed);
    return Float32Array.from({ length: n }, () => {
      const t = T_MIN + (1 - T_MIN) * u();
      return schedule.s(t) / schedule.a(t);
    });
  };
}

/** The range [σ_min, σ_max] the sampler draws from (for docs and checks). */
export function sigmaRange(schedule: Schedule): [number, number] {
  if (schedule.discrete && schedule.alphaBars) {
    const ab = schedule.alphaBars;
    return [Math.sqrt((1 - ab[1]) / ab[1]), Math.sqrt((1 - ab[schedule.N]) / ab[schedule.N])];
  }
  return [schedule.s(T_MIN) / schedule.a(T_MIN), schedule.s(1) / schedule.a(1)];
}
