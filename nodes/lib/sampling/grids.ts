/** Time grids of the samplers, as plain numbers computed on the CPU. */

/** n + 1 evenly spaced points from `from` to `to` (both included): the grid of n steps. */
export function linspace(from: number, to: number, n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k <= n; k++) out.push(k === n ? to : from + ((to - from) * k) / n);
  return out;
}

export type DdimSpacing = 'leading' | 'trailing' | 'linspace';

/**
 * The DDIM sub-sequence of the discrete chain's 1-based indices i ∈ {1…T} (ᾱ_i, ᾱ_0 = 1), noisiest
 * first, as diffusers' DDIMScheduler picks its 0-based timesteps τ = i − 1:
 *   leading:  τ_k = k·⌊T/S⌋,              k = 0…S−1  (the DDIM paper's range(0, T, T/S); i_max = (S−1)⌊T/S⌋ + 1)
 *   trailing: τ_k = round(T − k·T/S) − 1,  k = 0…S−1  (starts at i = T)
 *   linspace: τ_k = round(k·(T−1)/(S−1)),  k = 0…S−1  (from i = 1 to i = T)
 * where round is numpy's: half to even (trailing 16 of 1000 gives τ = 999, 937, 874, 811, …, 61:
 * round(812.5) = 812, not 813; linspace 7 of 1000 gives 166.5 → 166 and 832.5 → 832).
 * Each step goes to the next index of the sequence; the last to ᾱ_0 = 1 ("set_alpha_to_one").
 */
export function ddimIndices(T: number, steps: number, spacing: DdimSpacing): number[] {
  if (steps < 1 || steps > T) throw new RangeError(`DDIM needs 1 ≤ steps ≤ T = ${T}, got ${steps}`);
  const taus: number[] = [];
  for (let k = 0; k < steps; k++) {
    if (spacing === 'leading') taus.push(k * Math.floor(T / steps));
    // numpy's own arithmetic (arange: start + k·step; linspace: k·step) and its rounding, half to even.
    else if (spacing === 'trailing') taus.push(roundHalfEven(T - k * (T / steps)) - 1);
    else taus.push(steps === 1 ? T - 1 : roundHalfEven(k * ((T - 1) / (steps - 1))));
  }
  return taus.map((tau) => tau + 1).sort((p, q) => q - p);
}

/** Round to the nearest integer, ties to the even one (numpy's round, IEEE roundTiesToEven). */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d !== 0.5) return d < 0.5 ? f : f + 1;
  return f % 2 === 0 ? f : f + 1;
}
