import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { samplerEstimate } from '../lib/estimates';
import { noiseLike, runSteps } from '../lib/sampling/chain';
import { samplerInputs, samplerPorts, seedParam, veSigmas } from '../lib/sampling/inputs';
import { langevinUpdate, tweedieDenoise } from '../lib/sampling/updates';

export default defineNode({
  type: 'sampler/annealed-langevin',
  version: 1,
  title: 'Annealed Langevin dynamics (SMLD)',
  category: 'sampler',
  ...samplerPorts(
    'a VE schedule: its levels σ_1 > … > σ_L are visited in turn',
    'starting noise (e.g. N(0, σ_1² I))',
  ),
  params: z.object({
    stepsPerLevel: z.number().int().min(1).max(10_000).default(100).describe('Langevin steps T at each noise level'),
    epsilon: z.number().positive().max(1).default(2e-5).describe('ε: the step at level i is τ_i = ε·σ_i²/σ_L²'),
    denoise: z.boolean().default(true).describe('end with one Tweedie denoising step x̂_0 = x + σ_L²·score (NCSNv2)'),
    seed: seedParam,
  }),
  mainParams: ['stepsPerLevel', 'epsilon'],
  sampler: {
    schedule: 've-levels',
    stochastic: true,
    expand: (p) => ({
      loop: { grid: 'sigmas', repeat: p.stepsPerLevel, denoise: p.denoise, seed: p.seed },
      steps: [{ id: 'langevin', type: 'step/langevin', params: { tau: p.epsilon, scaling: 'annealed' } }],
    }),
  },
  docs: {
    summary: 'Score-matching Langevin dynamics (NCSN): Langevin steps at each noise level of a VE schedule from the noisiest to the cleanest, each level warm-starting the next.',
    equation: String.raw`x \leftarrow x + \tau_i\,\nabla_x \log p_{\sigma_i}(x) + \sqrt{2\tau_i}\,z,\quad \tau_i = \varepsilon\,\frac{\sigma_i^2}{\sigma_L^2},\quad i = 1,\dots,L;\qquad \hat x_0 = x + \sigma_L^2\,\nabla_x\log p_{\sigma_L}(x)`,
    reference: 'Chan §3 (score-matching Langevin dynamics); Song & Ermon 2019, as their NCSN code runs it (anneal_Langevin_dynamics: step_size = step_lr·(σ/σ_L)², x + step_size·grad + sqrt(2·step_size)·z); final denoising: Song & Ermon 2020 (NCSNv2), Appendix C',
    notes: [
      'The score at level i is the predictor read at a = 1, s = σ_i. Noise is added at every Langevin step.',
      'The step is the NCSN code’s τ·score + sqrt(2τ)·z (ε is its step_lr). The paper’s Algorithm 1 writes the same update as (α_i/2)·score + sqrt(α_i)·z with α_i = ε′·σ_i²/σ_L²: it is this step with α_i = 2τ_i, so the paper’s ε′ is 2ε here (ε = 2·10⁻⁵ here is ε′ = 4·10⁻⁵ there).',
      'With denoise on (default, as NCSNv2), the output is Tweedie’s x̂_0 at σ_L, which removes the σ_L noise left by the chain; off, the last Langevin state is returned.',
      'L is the schedule’s number of levels N, so the work is N·stepsPerLevel predictor calls (+1): lower N on the schedule for a quick run. A VP schedule has no σ levels: use DDPM there.',
      'Trajectory times are the σ of the level just run (0 for the denoised output).',
    ].join('\n\n'),
  },
  estimate: samplerEstimate((p: { stepsPerLevel: number }, levels) => p.stepsPerLevel * (levels ?? 1)),
  run: async (inputs, p, ctx) => {
    const { predictor, count, xT } = samplerInputs(inputs);
    const sigmas = veSigmas(inputs.schedule, 'annealed Langevin');
    const L = sigmas.length;
    const sigmaL = sigmas[L - 1];
    const langevinSteps = L * p.stepsPerLevel;
    const level = (k: number) => Math.floor(k / p.stepsPerLevel);
    const result = await runSteps(
      ctx,
      xT,
      langevinSteps + (p.denoise ? 1 : 0),
      (k) => (k === 0 ? sigmas[0] : k > langevinSteps ? 0 : sigmas[level(k - 1)]),
      'σ',
      (x, k) => {
        if (k === langevinSteps) return tweedieDenoise(predictor, x, 1, sigmaL);
        const sigma = sigmas[level(k)];
        const tau = (p.epsilon * sigma * sigma) / (sigmaL * sigmaL);
        return langevinUpdate(predictor, x, 1, sigma, tau, noiseLike(xT, ctx.seed, k));
      },
    );
    return { ...result, nfe: count() };
  },
});
