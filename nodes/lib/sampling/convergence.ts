/** Convergence orders: the slope of log(error) against log(NFE), as a solver's error ∝ NFE^(−p). */

/** Least-squares slope of log(error) against log(NFE), negated: the order p. Needs two or more points with error > 0. */
export function fittedOrder(points: readonly (readonly [number, number])[]): number {
  const xs = points.map(([n]) => Math.log(n));
  const ys = points.map(([, e]) => Math.log(e));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxy = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0);
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return -sxy / sxx;
}

/**
 * `points` NFE budgets spaced evenly in log between nfeMin and nfeMax, each rounded to a multiple
 * of the evaluations one step costs (`perStep`), at least one step, without repeats.
 */
export function nfeLadder(nfeMin: number, nfeMax: number, points: number, perStep: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < points; k++) {
    const nfe = points === 1 ? nfeMin : nfeMin * (nfeMax / nfeMin) ** (k / (points - 1));
    const steps = Math.max(1, Math.round(nfe / perStep));
    if (!out.includes(steps * perStep)) out.push(steps * perStep);
  }
  return out;
}
