import { defineTorchExport, py } from '../../src/export/torch/emitter';

/** view/schedule: a(t), s(t) and SNR(t) = a²/s² (log10 when logSnr) on t_i = i/(points − 1); the SNR series where finite. */
export default defineTorchExport({
  type: 'view/schedule',
  helpers: ['views'],
  emit: (node) =>
    [
      `points, log_snr = ${py(node.params.points)}, ${py(node.params.logSnr)}`,
      't = [i / (points - 1) for i in range(points)]',
      'a, s = [schedule.a(ti) for ti in t], [schedule.s(ti) for ti in t]',
      "name = 'log10 SNR(t)' if log_snr else 'SNR(t)'",
      'xs, ys = [], []',
      'for ti, ai, si in zip(t, a, s):',
      '    r = ai * ai / (si * si) if si != 0 else math.inf',
      '    v = (math.log10(r) if r > 0 else -math.inf) if log_snr else r',
      '    if math.isfinite(v):',
      '        xs.append(ti)',
      '        ys.append(v)',
      "preview = lines_view(ctx, [('a(t)', t, a), ('s(t)', t, s), (name, xs, ys)], 't', 'value', f'schedule {schedule.name}')",
      "return {'preview': preview, 'snr': Series(name, 't', name, xs, ys)}",
    ].join('\n'),
});
