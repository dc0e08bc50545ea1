import type { Level, Schedule } from '../schedule';

/**
 * The rectified-flow / flow-matching path (Liu et al. 2022; Lipman et al. 2023): the straight
 * line x_τ = (1 − τ)·x_0 + τ·ε between data and noise. At τ = 1 it holds no data (a = 0, σ = s/a
 * = ∞), where neither the score nor x̂_0 exists, so t ∈ [0, 1] covers τ = t·τ_max, τ_max < 1:
 *   a(t) = 1 − τ,  s(t) = τ,  σ = τ/(1 − τ),
 *   f = d log a/dt = −τ_max/(1 − τ),   g² = d(s²)/dt − 2 f s² = 2τ_max·τ/(1 − τ).
 * Its probability-flow ODE dx/dt = f x − ½g²·score is the flow-matching ODE dx/dτ = ε̂ − x̂_0
 * (times τ_max): the velocity a′x̂_0 + s′ε̂ of the path.
 */
export function flowSchedule({ tauMax = 0.999, N = 1000 } = {}): Schedule {
  if (!(Number.isInteger(N) && N >= 2)) throw new RangeError(`flow schedule needs an integer N ≥ 2, got ${N}`);
  if (!(tauMax > 0 && tauMax < 1)) throw new RangeError(`flow schedule needs 0 < tauMax < 1, got ${tauMax}`);
  const tau = (t: number) => tauMax * t;
  const a = (t: number) => 1 - tau(t);
  const s = tau;
  return {
    name: 'flow',
    family: 'flow',
    N,
    discrete: false,
    a,
    s,
    f: (t) => -tauMax / (1 - tau(t)),
    g2: (t) => (2 * tauMax * tau(t)) / (1 - tau(t)),
    tOfSigma: (sigma) => (sigma <= 0 ? 0 : Math.min(1, sigma / (1 + sigma) / tauMax)),
    // x_1 = (1 − τ_max)x_0 + τ_max ε: the prior is N(0, τ_max² I) up to the (1 − τ_max) share of data.
    priorStd: tauMax,
    levels: (): Level[] => Array.from({ length: N }, (_, k) => {
      const t = (N - k) / N;
      return { i: N - k, t, a: a(t), s: s(t) };
    }),
  };
}
