import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { levelsEstimate } from '../lib/estimates';
import { vpSchedule } from '../lib/schedules';
import { betaRateParam, levelsParam, requireIncreasing } from '../lib/schedules/params';

export default defineNode({
  type: 'schedule/vp',
  version: 1,
  title: 'VP-SDE schedule (continuous DDPM)',
  category: 'schedule',
  inputs: {},
  outputs: { schedule: 'schedule' },
  schedule: { family: 'vp', path: 'continuous', sigmaGrid: false },
  params: z.object({
    betaMin: betaRateParam(0.1, 'β(0), the noise rate at t = 0'),
    betaMax: betaRateParam(20, 'β(1), the noise rate at t = 1'),
    N: levelsParam(1000, 'number of discrete steps N of the matching DDPM chain and of the level grid'),
  }),
  mainParams: ['N'],
  docs: {
    summary: 'The variance-preserving SDE dx = −½β(t)x dt + sqrt(β(t)) dw with β(t) linear in t: the continuous-time limit of DDPM.',
    equation: String.raw`\beta(t) = \beta_{\min} + t(\beta_{\max} - \beta_{\min}), \quad a(t) = e^{-\frac14 t^2(\beta_{\max}-\beta_{\min}) - \frac12 t\beta_{\min}}, \quad s(t) = \sqrt{1 - a(t)^2}`,
    reference: 'Chan §4 (the VP SDE as the limit of DDPM); Song et al. 2021, eq. (11) and App. B',
    notes:
      'f(t) = −½β(t) and g(t)² = β(t). Its DDPM chain uses the standard discretisation β_i = β_min/N + (i−1)(β_max − β_min)/(N(N−1)); its levels are the path at t = i/N, i = N…1.',
  },
  estimate: (p) => levelsEstimate(p.N),
  run: (_inputs, p) => {
    requireIncreasing(p, 'betaMin', 'betaMax');
    return { schedule: vpSchedule(p) };
  },
});
