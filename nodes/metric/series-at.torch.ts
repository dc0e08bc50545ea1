import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** metric/series-at: y(x) = y_k + (x − x_k)/(x_{k+1} − x_k)·(y_{k+1} − y_k) on an increasing series. */
export default defineTorchExport({
  type: 'metric/series-at',
  emit: (node) =>
    [
      `at = ${py(node.params.x)}`,
      'xs, ys = list(series.x), list(series.y)',
      'for k in range(1, len(xs)):',
      '    if not xs[k] > xs[k - 1]:',
      "        raise NodeError(f'series: x must increase, but x[{k}] = {xs[k]} follows x[{k - 1}] = {xs[k - 1]}')",
      'if not xs or at < xs[0] or at > xs[-1]:',
      "    raise NodeError('series: the series is empty' if not xs else f'x = {at} is outside the series’ range [{xs[0]}, {xs[-1]}]')",
      'hi = next(k for k, v in enumerate(xs) if v >= at)',
      "value = ys[hi] if xs[hi] == at else ys[hi - 1] + (at - xs[hi - 1]) / (xs[hi] - xs[hi - 1]) * (ys[hi] - ys[hi - 1])",
      "return {'value': value}",
    ].join('\n'),
});
