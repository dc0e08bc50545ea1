import { z } from 'zod';
import { LIMITS } from '../../src/engine/format';
import { defineNode } from '../../src/engine/node';
import { samplerEstimate } from '../lib/estimates';
import { noiseLike, runSteps } from '../lib/sampling/chain';
import { linspace } from '../lib/sampling/grids';
import { samplerInputs, samplerPorts, seedParam, tEndParam } from '../lib/sampling/inputs';
import { correctorAlpha, correctorUpdate, eulerMaruyamaUpdate, pathPoint } from '../lib/sampling/updates';

export default defineNode({
  type: 'sampler/pc',
  version: 1,
  title: 'Predictor–corrector sampler',
  category: 'sampler',
  ...samplerPorts(
    'any schedule: its continuous path and SDE',
    'starting noise from the prior N(0, s(1)² I) (priorStd)',
  ),
  params: z.object({
    steps: z.number().int().min(1).max(10_000).default(1000).describe('number of predictor (Euler–Maruyama) steps'),
    snr: z.number().positive().max(10).default(0.16).describe('signal-to-noise ratio r that sets the corrector’s step size'),
    correctorSteps: z.number().int().min(0).max(100).default(1).describe('Langevin corrector steps before each predictor step'),
    tEnd: tEndParam,
    seed: seedParam,
  }),
  mainParams: ['steps', 'snr'],
  sampler: {
    schedule: 'path',
    stochastic: true,
    expand: (p) => {
      // Each step of a body takes its own binding of level, predictor and schedule.
      if (p.correctorSteps + 1 > LIMITS.bodyBindings) throw new Error(`a PC sampler with ${p.correctorSteps} corrector steps needs ${p.correctorSteps + 1} steps in its loop body; a body binds at most ${LIMITS.bodyBindings}`);
      const correctors = Array.from({ length: p.correctorSteps }, (_, c) => ({ id: `corrector${c + 1}`, type: 'step/corrector', params: { snr: p.snr, stream: c + 1 } }));
      return { loop: { grid: 'time', steps: p.steps, tEnd: p.tEnd, seed: p.seed }, steps: [...correctors, { id: 'euler-maruyama', type: 'step/euler-maruyama' }] };
    },
  },
  docs: {
    summary: 'Song et al.’s predictor–corrector sampler: at each time, Langevin corrector steps at the current noise level, then one reverse-SDE Euler–Maruyama predictor step.',
    equation: String.raw`\text{corrector: } x \leftarrow x + \epsilon\, s_\theta(x,t) + \sqrt{2\epsilon}\,z,\ \ \epsilon = 2\alpha\Big(r\,\frac{\overline{\|z\|}}{\overline{\|s_\theta\|}}\Big)^2;\qquad \text{predictor: } x \leftarrow x - \big[f x - g^2 s_\theta(x,t)\big]\Delta t + g\sqrt{\Delta t}\,z`,
    reference: 'Song et al. 2021 (score SDE), §4.2 and Algorithms 2–5; Chan §4',
    notes: [
      'Each of the `steps` times t_k = 1 − k(1 − tEnd)/steps (k < steps) runs correctorSteps corrector steps at t_k, then the Euler–Maruyama step to t_{k+1} (the predictor of sampler/reverse-sde; Song et al. use the reverse-diffusion predictor by default, which agrees to first order).',
      'Corrector step size: ‖·‖ is the per-sample Euclidean norm, averaged over the batch as in the reference code; α = 1 for VE schedules and α = 1 − β_i for VP, i = ⌊t(N − 1)⌋ + 1 on the schedule’s discrete chain (the reference’s alphas[timestep]).',
      'The last predictor step adds no noise; no extra denoising. With correctorSteps = 0 it is exactly sampler/reverse-sde with the same seed. nfe = steps·(correctorSteps + 1).',
    ].join('\n\n'),
  },
  estimate: samplerEstimate((p: { steps: number; correctorSteps: number }) => p.steps * (1 + p.correctorSteps)),
  run: async (inputs, p, ctx) => {
    const { predictor, count, xT } = samplerInputs(inputs);
    const schedule = inputs.schedule;
    const grid = linspace(1, p.tEnd, p.steps);
    const result = await runSteps(ctx, xT, p.steps, (k) => grid[k], 't', (x0, k) => {
      const pt = pathPoint(schedule, grid[k]);
      const alpha = correctorAlpha(schedule, grid[k]);
      let x = x0;
      for (let c = 0; c < p.correctorSteps; c++) x = correctorUpdate(predictor, x, pt.a, pt.s, p.snr, alpha, noiseLike(xT, ctx.seed, k, c + 1));
      const z = k < p.steps - 1 ? noiseLike(xT, ctx.seed, k) : null;
      return eulerMaruyamaUpdate(predictor, x, pt, grid[k] - grid[k + 1], z);
    });
    return { ...result, nfe: count() };
  },
});
