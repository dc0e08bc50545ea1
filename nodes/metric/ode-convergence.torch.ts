import { defineTorchExport, py } from '../../src/export/torch/emitter';

/**
 * metric/ode-convergence (Hairer, Nørsett & Wanner §II.1): the solver from the same x_T at an NFE
 * ladder evenly spaced in log, RMS error against a Dormand–Prince reference at rtol = atol = tolerance,
 * order = −slope of log(error) against log(NFE) by least squares.
 */
export default defineTorchExport({
  type: 'metric/ode-convergence',
  helpers: ['ode', 'dpm_solver'],
  emit: (node) =>
    [
      `solver, nfe_min, nfe_max, points, tEnd, tol = ${['solver', 'nfeMin', 'nfeMax', 'points', 'tEnd', 'tolerance'].map((k) => py(node.params[k])).join(', ')}`,
      'nfe_max = max(nfe_min, nfe_max)',
      'dpm = lambda steps, **kw: dpm_solver_sample(predictor, schedule, xT, **{**dict(algorithm="dpmsolver++", order=2, method="multistep", grid="logSNR", steps=steps, spacing="leading", tEnd=tEnd, lowerOrderFinal=True), **kw})',
      'solvers = {',
      "    'euler': (1, lambda n: pf_ode_sample(predictor, schedule, xT, 'euler', n, 1e-5, 1e-5, tEnd)),",
      "    'heun': (2, lambda n: pf_ode_sample(predictor, schedule, xT, 'heun', n, 1e-5, 1e-5, tEnd)),",
      "    'dpm-solver++(2M)': (1, lambda n: dpm(n, order=2, lowerOrderFinal=False)),",
      "    'dpm-solver++(3M)': (1, lambda n: dpm(n, order=3, lowerOrderFinal=False)),",
      "    'dpm-solver-2 (singlestep)': (2, lambda n: dpm(n, order=2, method='singlestep')),",
      "    'dpm-solver-3 (singlestep)': (3, lambda n: dpm(n, order=3, method='singlestep')),",
      '}',
      'per_step, run = solvers[solver]',
      'ladder = []',
      'for k in range(points):',
      '    nfe = nfe_min if points == 1 else nfe_min * (nfe_max / nfe_min) ** (k / (points - 1))',
      '    n = max(1, round_half_up(nfe / per_step)) * per_step',
      '    if n not in ladder:',
      '        ladder.append(n)',
      "ref = pf_ode_sample(predictor, schedule, xT, 'rk45', 100, tol, tol, tEnd)['x0'].double()",
      "errors = [float(torch.sqrt(((run(n // per_step)['x0'].double() - ref) ** 2).mean())) for n in ladder]",
      'xs, ys = [math.log(n) for n in ladder], [math.log(e) for e in errors]',
      'mx, my = sum(xs) / len(xs), sum(ys) / len(ys)',
      'order = -sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)',
      "return {'error': Series(f'{solver}: order ≈ {order:.2f}', 'NFE', 'RMS error', ladder, errors), 'order': order}",
    ].join('\n'),
});
