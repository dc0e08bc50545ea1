import { defineTorchExport } from '../../src/export/torch/emitter';
import { paramLines, samplerBody } from '../../src/export/torch/common';

/** sampler/langevin (Song & Ermon 2019, eq. (4)): x ← x + τ·score(x; 1, σ) + sqrt(2τ)·z, `steps` times. */
export default defineTorchExport({
  type: 'sampler/langevin',
  helpers: ['sampling'],
  emit: (node) =>
    samplerBody([
      ...paramLines(node, ['steps', 'tau', 'sigma']),
      "if sigma == 0 and predictor.native != 'score':",
      "    raise NodeError(f\"predictor: σ = 0 needs a predictor that computes the score itself; '{predictor.name}' computes {predictor.native}\")",
      "out = run_steps(xT, steps, lambda k: k, 'step', lambda x, k: langevin_update(predictor, x, 1.0, sigma, tau, noise_like(xT, ctx.seed, k)))",
    ]),
});
