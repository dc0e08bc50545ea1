import type { Schedule } from '../schedule';
import { vpScheduleFromPath } from './vp-path';

/**
 * Continuous VP-SDE (Song et al. 2021): β(t) = β_min + t(β_max − β_min),
 * log ᾱ(t) = −∫_0^t β = −β_min t − ½(β_max − β_min) t², so a(t) = exp(−½β_min t − ¼(β_max − β_min) t²).
 * Its DDPM chain is the standard discretisation β_i = β_min/N + (i−1)(β_max − β_min)/(N(N−1)).
 */
export function vpSchedule({ betaMin = 0.1, betaMax = 20, N = 1000 } = {}): Schedule {
  if (!(Number.isInteger(N) && N >= 2)) throw new RangeError(`VP schedule needs an integer N ≥ 2, got ${N}`);
  if (!(betaMin > 0 && betaMax >= betaMin)) throw new RangeError(`VP schedule needs 0 < betaMin ≤ betaMax, got ${betaMin}, ${betaMax}`);
  const d = betaMax - betaMin;
  const betas = new Float64Array(N);
  for (let i = 1; i <= N; i++) betas[i - 1] = betaMin / N + ((i - 1) * d) / (N * (N - 1));
  return vpScheduleFromPath({
    name: 'vp',
    N,
    discrete: false,
    betas,
    logAlphaBar: (t) => -(betaMin * t + 0.5 * d * t * t),
    dLogAlphaBar: (t) => -(betaMin + d * t),
    // Root of ½d t² + β_min t = −L, in the form that stays exact as d → 0.
    tOfLogAlphaBar: (L) => (-2 * L) / (betaMin + Math.sqrt(betaMin * betaMin - 2 * d * L)),
  });
}
