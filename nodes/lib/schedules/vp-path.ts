import type { Level, Schedule } from '../schedule';

/**
 * A variance-preserving path given by L(t) = log ᾱ(t):
 *   a = e^{L/2},  s = sqrt(1 − e^L),  f = d log a/dt = L'/2,
 *   g² = d(s²)/dt − 2 f s² = −L' e^L − L'(1 − e^L) = −L'   (= β(t), the VP-SDE's β).
 */
export interface VpPath {
  name: string;
  /** Number of discrete levels (T or N). */
  N: number;
  /** True when the path interpolates a discrete β sequence. */
  discrete: boolean;
  /** β_1…β_N of the DDPM chain (β_0 = 0 is prepended here). */
  betas: ArrayLike<number>;
  logAlphaBar(t: number): number;
  dLogAlphaBar(t: number): number;
  /** The time at which log ᾱ(t) = L, for L ≤ 0 (log ᾱ decreases with t). */
  tOfLogAlphaBar(L: number): number;
}

/** β_0…β_N with β_0 = 0, and ᾱ_i = Π_{j≤i} (1 − β_j) with ᾱ_0 = 1. */
export function chainOf(betas: ArrayLike<number>): { betas: Float64Array; alphaBars: Float64Array } {
  const n = betas.length;
  const b = new Float64Array(n + 1);
  const ab = new Float64Array(n + 1);
  ab[0] = 1;
  for (let i = 1; i <= n; i++) {
    b[i] = betas[i - 1];
    if (!(b[i] > 0 && b[i] < 1)) throw new RangeError(`β_${i} = ${b[i]} is outside (0, 1)`);
    ab[i] = ab[i - 1] * (1 - b[i]);
  }
  return { betas: b, alphaBars: ab };
}

const clamp01 = (t: number) => Math.min(1, Math.max(0, t));

/**
 * The Schedule of a VP path. Its levels are i = N…1 at t = i/N: for a discrete chain
 * a = sqrt(ᾱ_i), s = sqrt(1 − ᾱ_i); for a continuous path the path's own a(t_i), s(t_i).
 */
export function vpScheduleFromPath(path: VpPath): Schedule {
  const { betas, alphaBars } = chainOf(path.betas);
  const N = path.N;
  const a = (t: number) => Math.exp(0.5 * path.logAlphaBar(t));
  // −expm1 keeps s accurate near t = 0, where ᾱ → 1.
  const s = (t: number) => Math.sqrt(-Math.expm1(path.logAlphaBar(t)));
  const levels = (): Level[] => {
    const out: Level[] = [];
    for (let i = N; i >= 1; i--) {
      const t = i / N;
      out.push(
        path.discrete
          ? { i, t, a: Math.sqrt(alphaBars[i]), s: Math.sqrt(1 - alphaBars[i]) }
          : { i, t, a: a(t), s: s(t) },
      );
    }
    return out;
  };
  return {
    name: path.name,
    family: 'vp',
    N,
    discrete: path.discrete,
    betas,
    alphaBars,
    a,
    s,
    f: (t) => 0.5 * path.dLogAlphaBar(t),
    g2: (t) => -path.dLogAlphaBar(t),
    // σ² = s²/a² = 1/ᾱ − 1, so log ᾱ = −log(1 + σ²).
    tOfSigma: (sigma) => (sigma <= 0 ? 0 : clamp01(path.tOfLogAlphaBar(-Math.log1p(sigma * sigma)))),
    // The DDPM/VP prior N(0, I); s(1) ≈ 1 and a(1) ≈ 0 for every usual VP schedule.
    priorStd: 1,
    levels,
  };
}
