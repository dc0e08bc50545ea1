import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';

const MAX_POINTS = 250_000;
const coord = (def: number, what: string) => z.number().min(-1e4).max(1e4).default(def).describe(what);
const count = (what: string) => z.number().int().min(1).max(MAX_POINTS).default(64).describe(what);

/** n evenly spaced values from lo to hi (the midpoint when n = 1). */
function axis(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, k) => (n === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * k) / (n - 1)));
}

export default defineNode({
  type: 'data/grid',
  version: 1,
  title: '2-D grid',
  category: 'data',
  inputs: {},
  outputs: { x: 'tensor' },
  params: z.object({
    xMin: coord(-4, 'left edge'),
    xMax: coord(4, 'right edge'),
    yMin: coord(-4, 'bottom edge'),
    yMax: coord(4, 'top edge'),
    nx: count('points along x'),
    ny: count('points along y'),
  }),
  mainParams: ['nx', 'ny'],
  docs: {
    summary: 'The nx·ny points of a regular grid over a rectangle, as an [nx·ny, 2] tensor: where to evaluate a score field or a density.',
    equation: String.raw`x_{j n_x + i} = \Big(x_{\min} + i\,\tfrac{x_{\max} - x_{\min}}{n_x - 1},\ y_{\min} + j\,\tfrac{y_{\max} - y_{\min}}{n_y - 1}\Big)`,
    reference: 'numpy.meshgrid(linspace(xMin, xMax, nx), linspace(yMin, yMax, ny)) flattened row-major (indexing="xy")',
    notes:
      'Row-major: x varies fastest, row j = 0 is y = yMin. Both edges are included; an axis with one point sits at the middle of its range. nx·ny ≤ 250,000.',
  },
  run: (_inputs, p) => {
    if (p.nx * p.ny > MAX_POINTS) throw new NodeRunError(`nx·ny = ${p.nx * p.ny} points; at most ${MAX_POINTS} are allowed`);
    if (p.xMax < p.xMin) throw new NodeRunError(`xMax = ${p.xMax} is below xMin = ${p.xMin}`);
    if (p.yMax < p.yMin) throw new NodeRunError(`yMax = ${p.yMax} is below yMin = ${p.yMin}`);
    const xs = axis(p.xMin, p.xMax, p.nx);
    const ys = axis(p.yMin, p.yMax, p.ny);
    const out = new Float32Array(2 * p.nx * p.ny);
    ys.forEach((y, j) =>
      xs.forEach((x, i) => {
        out[2 * (j * p.nx + i)] = x;
        out[2 * (j * p.nx + i) + 1] = y;
      }),
    );
    return { x: tf.tensor2d(out, [p.nx * p.ny, 2]) };
  },
});
