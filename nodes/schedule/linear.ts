import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { levelsEstimate } from '../lib/estimates';
import { linearSchedule } from '../lib/schedules';
import { betaParam, requireIncreasing, stepsParam } from '../lib/schedules/params';

export default defineNode({
  type: 'schedule/linear',
  version: 1,
  title: 'Linear β schedule (DDPM)',
  category: 'schedule',
  inputs: {},
  outputs: { schedule: 'schedule' },
  schedule: { family: 'vp', path: 'discrete', sigmaGrid: false },
  params: z.object({
    T: stepsParam,
    betaStart: betaParam(1e-4, 'β_1, the variance added by the first step'),
    betaEnd: betaParam(0.02, 'β_T, the variance added by the last step'),
  }),
  mainParams: ['T'],
  docs: {
    summary: 'The DDPM noise schedule: β_t grows linearly from betaStart to betaEnd over T steps; x_t = sqrt(ᾱ_t)·x_0 + sqrt(1 − ᾱ_t)·ε.',
    equation: String.raw`\beta_t = \beta_1 + \tfrac{t-1}{T-1}(\beta_T - \beta_1), \quad \bar\alpha_t = \prod_{s=1}^{t} (1 - \beta_s)`,
    reference: 'Chan §2.1 (ᾱ_t and q(x_t | x_0)); Ho et al. 2020, §4 (β from 1e-4 to 0.02, T = 1000)',
    notes:
      'With the defaults ᾱ_T ≈ 4.04e-5, so x_T is nearly pure noise. The continuous path a(t), s(t) interpolates log ᾱ linearly between t_i = i/T, so SDE and ODE samplers see the same chain at the grid points.',
  },
  estimate: (p) => levelsEstimate(p.T),
  run: (_inputs, p) => {
    requireIncreasing(p, 'betaStart', 'betaEnd');
    return { schedule: linearSchedule(p) };
  },
});
