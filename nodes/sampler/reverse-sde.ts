import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { samplerEstimate } from '../lib/estimates';
import { noiseLike, runSteps } from '../lib/sampling/chain';
import { linspace } from '../lib/sampling/grids';
import { samplerInputs, samplerPorts, seedParam, tEndParam } from '../lib/sampling/inputs';
import { eulerMaruyamaUpdate, pathPoint } from '../lib/sampling/updates';

export default defineNode({
  type: 'sampler/reverse-sde',
  version: 1,
  title: 'Reverse SDE (Euler–Maruyama)',
  category: 'sampler',
  ...samplerPorts(
    'any schedule: its continuous path a(t), s(t) and SDE f(t), g(t)²',
    'starting noise from the prior N(0, s(1)² I) (priorStd)',
  ),
  params: z.object({
    steps: z.number().int().min(1).max(10_000).default(1000).describe('number of Euler–Maruyama steps'),
    tEnd: tEndParam,
    seed: seedParam,
  }),
  mainParams: ['steps'],
  sampler: {
    schedule: 'path',
    stochastic: true,
    expand: (p) => ({ loop: { grid: 'time', steps: p.steps, tEnd: p.tEnd, seed: p.seed }, steps: [{ id: 'euler-maruyama', type: 'step/euler-maruyama' }] }),
  },
  docs: {
    summary: 'Integrates the reverse-time SDE of the schedule from t = 1 to tEnd with the Euler–Maruyama method, the score read from the predictor on the path.',
    equation: String.raw`dx = \big[f(t)\,x - g(t)^2\,\nabla_x \log p_t(x)\big]\,dt + g(t)\,d\bar w;\qquad x \leftarrow x - \big[f(t)x - g(t)^2 s_\theta(x, t)\big]\Delta t + g(t)\sqrt{\Delta t}\,z`,
    reference: 'Chan §4 (reverse SDE, Anderson 1982); Song et al. 2021, eq. (6) and the Euler–Maruyama predictor',
    notes: [
      'Grid: t_k = 1 − k(1 − tEnd)/steps, k = 0…steps, Δt = (1 − tEnd)/steps > 0; the score of step k is the predictor read at (a(t_k), s(t_k)).',
      'Plain Euler–Maruyama: the last step adds no noise (it returns the mean, as Song et al.’s "denoise"), and no extra Tweedie step is taken: what remains is the noise s(tEnd) of the path.',
      'Song et al.’s reference code uses Δt = 1/N with N grid points from 1 to ε; here Δt is the grid spacing itself. nfe = steps.',
    ].join('\n\n'),
  },
  estimate: samplerEstimate((p: { steps: number }) => p.steps),
  run: async (inputs, p, ctx) => {
    const { predictor, count, xT } = samplerInputs(inputs);
    const schedule = inputs.schedule;
    const grid = linspace(1, p.tEnd, p.steps);
    const result = await runSteps(ctx, xT, p.steps, (k) => grid[k], 't', (x, k) => {
      const z = k < p.steps - 1 ? noiseLike(xT, ctx.seed, k) : null;
      return eulerMaruyamaUpdate(predictor, x, pathPoint(schedule, grid[k]), grid[k] - grid[k + 1], z);
    });
    return { ...result, nfe: count() };
  },
});
