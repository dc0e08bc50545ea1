import type { Schedule } from '../schedule';
import { checkSigmaRange, sigmaPathSchedule } from './sigma-path';

/**
 * EDM noise levels (Karras et al. 2022, eq. 5): σ(t) = (σ_min^{1/ρ} + t(σ_max^{1/ρ} − σ_min^{1/ρ}))^ρ,
 * a = 1, s = σ. The levels σ(1 − k/(N−1)), k = 0…N−1, are the EDM grid
 * σ_k = (σ_max^{1/ρ} + k/(N−1)·(σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ, without its final σ = 0.
 */
export function karrasSchedule({ sigmaMin = 0.002, sigmaMax = 80, rho = 7, N = 18 } = {}): Schedule {
  checkSigmaRange('Karras', sigmaMin, sigmaMax);
  if (!(rho > 0)) throw new RangeError(`Karras schedule needs rho > 0, got ${rho}`);
  const lo = sigmaMin ** (1 / rho);
  const hi = sigmaMax ** (1 / rho);
  const root = (t: number) => (1 - t) * lo + t * hi; // σ^{1/ρ}, linear in t
  return sigmaPathSchedule({
    name: 'karras',
    N,
    sigmaGrid: true,
    sigma: (t) => root(t) ** rho,
    // dσ²/dt = 2ρ u^{2ρ−1} u', u = σ^{1/ρ}, u' = σ_max^{1/ρ} − σ_min^{1/ρ}.
    dSigma2: (t) => 2 * rho * root(t) ** (2 * rho - 1) * (hi - lo),
    tOfSigma: (s) => (s ** (1 / rho) - lo) / (hi - lo),
  });
}
