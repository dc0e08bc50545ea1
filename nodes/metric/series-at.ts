import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';

/** y at x on the piecewise-linear curve through (xs[k], ys[k]), xs increasing; undefined outside [xs[0], xs[end]]. */
function interpolate(xs: number[], ys: number[], x: number): number | undefined {
  if (xs.length === 0 || x < xs[0] || x > xs[xs.length - 1]) return undefined;
  const hi = xs.findIndex((v) => v >= x);
  if (xs[hi] === x) return ys[hi];
  const w = (x - xs[hi - 1]) / (xs[hi] - xs[hi - 1]);
  return ys[hi - 1] + w * (ys[hi] - ys[hi - 1]);
}

export default defineNode({
  type: 'metric/series-at',
  version: 1,
  title: 'Series value at x',
  category: 'metric',
  inputs: { series: { type: 'series', doc: 'a curve {x[], y[]} with increasing x (a schedule’s SNR, a loss curve)' } },
  outputs: { value: { type: 'number', doc: 'the curve’s y at x' } },
  params: z.object({
    x: z.number().min(-1e9).max(1e9).default(0.5).describe('where to read the curve (between its first and last x)'),
  }),
  mainParams: ['x'],
  docs: {
    summary: 'Reads one value off a series, interpolating linearly between its points: a number to compare or assert on, such as the log-SNR of a schedule at t = 0.5.',
    equation: String.raw`y(x) = y_k + \frac{x - x_k}{x_{k+1} - x_k}\,(y_{k+1} - y_k),\qquad x_k \le x \le x_{k+1}`,
    reference: 'numpy.interp(x, xp, fp) without extrapolation',
    notes: 'The series’ x values must increase. Reading outside [x_first, x_last] is an error, not an extrapolation.',
  },
  run: (inputs, p) => {
    const s = inputs.series;
    for (let k = 1; k < s.x.length; k++)
      if (!(s.x[k] > s.x[k - 1])) throw new NodeRunError(`series: x must increase, but x[${k}] = ${s.x[k]} follows x[${k - 1}] = ${s.x[k - 1]}`, 'series');
    const value = interpolate(s.x, s.y, p.x);
    if (value === undefined)
      throw new NodeRunError(s.x.length === 0 ? 'series: the series is empty' : `x = ${p.x} is outside the series’ range [${s.x[0]}, ${s.x[s.x.length - 1]}]`);
    return { value };
  },
});
