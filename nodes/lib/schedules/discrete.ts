import type { Schedule } from '../schedule';
import { chainOf, vpScheduleFromPath } from './vp-path';

/**
 * A discrete DDPM schedule from β_1…β_T, with the continuous path that interpolates
 * log ᾱ linearly between t_i = i/T: on (t_{i−1}, t_i],
 *   log ᾱ(t) = log ᾱ_i − (i − tT)·log(1 − β_i),
 * so a(t_i) = sqrt(ᾱ_i) exactly, and β(t) = −d log ᾱ/dt = −T·log(1 − β_i) ≈ T·β_i there.
 */
export function discreteVpSchedule(name: string, betas: ArrayLike<number>): Schedule {
  const T = betas.length;
  if (T < 1) throw new RangeError('a discrete schedule needs at least one β');
  const { alphaBars } = chainOf(betas);
  const logAb = Float64Array.from(alphaBars, Math.log);
  // Index of the interval (t_{i−1}, t_i] holding t; the end intervals extend beyond [0, 1].
  const interval = (t: number) => Math.min(T, Math.max(1, Math.ceil(t * T)));
  const slope = (i: number) => T * (logAb[i] - logAb[i - 1]);
  return vpScheduleFromPath({
    name,
    N: T,
    discrete: true,
    betas,
    logAlphaBar: (t) => {
      const i = interval(t);
      return logAb[i] - (i / T - t) * slope(i);
    },
    dLogAlphaBar: (t) => slope(interval(t)),
    tOfLogAlphaBar: (L) => {
      if (L >= 0) return 0;
      if (L <= logAb[T]) return 1;
      // log ᾱ_i decreases in i: find the first i with log ᾱ_i ≤ L, then invert the line.
      let lo = 1;
      let hi = T;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (logAb[mid] <= L) hi = mid;
        else lo = mid + 1;
      }
      return lo / T - (logAb[lo] - L) / slope(lo);
    },
  });
}
