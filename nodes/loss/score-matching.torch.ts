import { defineTorchExport, py } from '../../src/export/torch/emitter';

/**
 * loss/score-matching (Vincent 2011; Chan §3.2): x̃ = x + σε, s = a·score(a x̃; a, aσ) (the VE point when no
 * schedule), ESM = ½ E|s − ∇log p_σ(x̃)|², DSM = ½ E|s + ε/σ|², gap = DSM − ESM.
 */
export default defineTorchExport({
  type: 'loss/score-matching',
  helpers: ['distributions', 'predictors'],
  emit: (node) =>
    [
      `n, sigma = ${py(node.params.n)}, ${py(node.params.sigma)}`,
      'if dist.mixture is None:',
      "    raise NodeError(f\"dist: '{dist.name}' has no exact score; use a Gaussian mixture (8gaussians, data/gaussian-mixture, …)\")",
      "schedule = locals().get('schedule')",
      'a = schedule.a(schedule.t_of_sigma(sigma)) if schedule is not None else 1.0',
      'x = dist.sample(n, derive_seed(ctx.seed, 1))',
      'eps = ctx.normal((n, dist.dim), derive_seed(ctx.seed, 2))',
      'x_tilde = x + eps * sigma',
      "score = read_as(predictor, x_tilde if a == 1 else x_tilde * a, a, a * sigma, 'score') * a",
      'exact = mixture_score(x_tilde, dist.mixture, 1.0, sigma)',
      'esm = float(0.5 * ((score - exact) ** 2).sum(1).mean())',
      'dsm = float(0.5 * ((score + eps / sigma) ** 2).sum(1).mean())',
      "return {'esm': esm, 'dsm': dsm, 'gap': dsm - esm}",
    ].join('\n'),
});
