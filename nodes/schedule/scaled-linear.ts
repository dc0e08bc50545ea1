import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { levelsEstimate } from '../lib/estimates';
import { scaledLinearSchedule } from '../lib/schedules';
import { betaParam, requireIncreasing, stepsParam } from '../lib/schedules/params';

export default defineNode({
  type: 'schedule/scaled-linear',
  version: 1,
  title: 'Scaled-linear β schedule (Stable Diffusion)',
  category: 'schedule',
  inputs: {},
  outputs: { schedule: 'schedule' },
  schedule: { family: 'vp', path: 'discrete', sigmaGrid: false },
  params: z.object({
    T: stepsParam,
    betaStart: betaParam(0.00085, 'β_1, the variance added by the first step'),
    betaEnd: betaParam(0.012, 'β_T, the variance added by the last step'),
  }),
  mainParams: ['T'],
  docs: {
    summary: 'The latent-diffusion schedule: sqrt(β_t) grows linearly from sqrt(betaStart) to sqrt(betaEnd), so β rises slowly at first.',
    equation: String.raw`\beta_t = \Big(\sqrt{\beta_1} + \tfrac{t-1}{T-1}\big(\sqrt{\beta_T} - \sqrt{\beta_1}\big)\Big)^2, \quad \bar\alpha_t = \prod_{s=1}^{t} (1 - \beta_s)`,
    reference: 'Rombach et al. 2022 (latent diffusion / Stable Diffusion configs: 0.00085 to 0.012, T = 1000); Chan §2.1 for ᾱ_t',
    notes: 'Gentler than the DDPM linear schedule: ᾱ_T ≈ 4.7e-3 with the defaults, so x_T keeps a trace of x_0.',
  },
  estimate: (p) => levelsEstimate(p.T),
  run: (_inputs, p) => {
    requireIncreasing(p, 'betaStart', 'betaEnd');
    return { schedule: scaledLinearSchedule(p) };
  },
});
