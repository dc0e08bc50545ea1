import type { Level, Schedule } from '../schedule';

/** A variance-exploding path: a = 1, s = σ(t) increasing from σ(0) = σ_min to σ(1) = σ_max. */
export interface SigmaPath {
  name: string;
  /** Number of σ levels. */
  N: number;
  sigma(t: number): number;
  /** dσ²/dt. */
  dSigma2(t: number): number;
  tOfSigma(sigma: number): number;
  /** The σ levels are a sampling grid in σ (Karras/EDM), not only annealing levels. */
  sigmaGrid?: boolean;
}

/**
 * The Schedule of a VE path: f = 0, g² = dσ²/dt. Its N levels are σ(t_k) at
 * t_k = 1 − k/(N−1), k = 0…N−1 (level i = k + 1), from σ_max down to σ_min.
 */
export function sigmaPathSchedule(path: SigmaPath): Schedule {
  const { N } = path;
  if (!(Number.isInteger(N) && N >= 2)) throw new RangeError(`${path.name} schedule needs an integer N ≥ 2, got ${N}`);
  const times = Array.from({ length: N }, (_, k) => 1 - k / (N - 1));
  const sigmas = Float64Array.from(times, path.sigma);
  return {
    name: path.name,
    family: 've',
    N,
    discrete: false,
    sigmas,
    sigmaGrid: path.sigmaGrid ?? false,
    a: () => 1,
    s: path.sigma,
    f: () => 0,
    g2: path.dSigma2,
    tOfSigma: (sigma) => Math.min(1, Math.max(0, path.tOfSigma(sigma))),
    priorStd: path.sigma(1),
    levels: (): Level[] => times.map((t, k) => ({ i: k + 1, t, a: 1, s: sigmas[k] })),
  };
}

export function checkSigmaRange(name: string, sigmaMin: number, sigmaMax: number): void {
  if (!(sigmaMin > 0 && sigmaMax > sigmaMin)) throw new RangeError(`${name} schedule needs 0 < sigmaMin < sigmaMax, got ${sigmaMin}, ${sigmaMax}`);
}
