import type { Schedule } from '../schedule';
import { checkSigmaRange, sigmaPathSchedule } from './sigma-path';

/**
 * Continuous VE-SDE (Song et al. 2021; NCSN levels of Song & Ermon 2019): geometric
 * σ(t) = σ_min (σ_max/σ_min)^t, a = 1, g² = dσ²/dt = 2σ² ln(σ_max/σ_min).
 * Its N levels σ_max … σ_min are geometric with ratio (σ_min/σ_max)^{1/(N−1)}.
 */
export function veSchedule({ sigmaMin = 0.01, sigmaMax = 50, N = 1000 } = {}): Schedule {
  checkSigmaRange('VE', sigmaMin, sigmaMax);
  const logRatio = Math.log(sigmaMax / sigmaMin);
  // σ_min^{1−t} σ_max^t: the same σ(t), exact at both ends.
  const sigma = (t: number) => sigmaMin ** (1 - t) * sigmaMax ** t;
  return sigmaPathSchedule({
    name: 've',
    N,
    sigma,
    dSigma2: (t) => 2 * sigma(t) ** 2 * logRatio,
    tOfSigma: (s) => Math.log(s / sigmaMin) / logRatio,
  });
}
