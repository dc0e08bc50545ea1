import { defineTorchExport } from '../../src/export/torch/emitter';
import { kwargs } from '../../src/export/torch/common';

/** data/grid: numpy.meshgrid(linspace(xMin, xMax, nx), linspace(yMin, yMax, ny)) flattened row-major, x fastest. */
export default defineTorchExport({
  type: 'data/grid',
  emit: (node) =>
    [
      `p = dict(${kwargs(node)})`,
      "axis = lambda lo, hi, n: [(lo + hi) / 2] if n == 1 else [lo + (hi - lo) * k / (n - 1) for k in range(n)]",
      "xs, ys = axis(p['xMin'], p['xMax'], p['nx']), axis(p['yMin'], p['yMax'], p['ny'])",
      "return {'x': ctx.tensor([[x, y] for y in ys for x in xs])}",
    ].join('\n'),
});
