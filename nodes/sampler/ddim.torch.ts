import { defineTorchExport } from '../../src/export/torch/emitter';
import { paramLines, samplerBody } from '../../src/export/torch/common';

/**
 * sampler/ddim (Song, Meng & Ermon 2021, eqs. (12), (16)): the sub-sequence ddim_indices(T, S,
 * spacing) then ᾱ = 1; noise (η > 0) is the lab's noiseLike(xT, seed, k).
 */
export default defineTorchExport({
  type: 'sampler/ddim',
  helpers: ['sampling'],
  emit: (node) =>
    samplerBody([
      ...paramLines(node, ['steps', 'eta', 'spacing']),
      "betas, ab, T = vp_chain(schedule, 'DDIM')",
      'if steps > T:',
      "    raise NodeError(f'schedule: steps ({steps}) exceeds the schedule’s T = {T}')",
      'idx = ddim_indices(T, steps, spacing) + [0]',
      '',
      'def step(x, k):',
      '    z = noise_like(xT, ctx.seed, k) if ddim_sigma(ab[idx[k]], ab[idx[k + 1]], eta) > 0 else None',
      '    return ddim_update(predictor, x, ab[idx[k]], ab[idx[k + 1]], eta, z)',
      '',
      "out = run_steps(xT, steps, lambda k: idx[k] / T, 't', step)",
    ]),
});
