import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { levelsEstimate } from '../lib/estimates';
import { karrasSchedule } from '../lib/schedules';
import { levelsParam, requireIncreasing, sigmaParam } from '../lib/schedules/params';

export default defineNode({
  type: 'schedule/karras',
  version: 1,
  title: 'Karras σ schedule (EDM)',
  category: 'schedule',
  inputs: {},
  outputs: { schedule: 'schedule' },
  schedule: { family: 've', path: 'continuous', sigmaGrid: true },
  params: z.object({
    sigmaMin: sigmaParam(0.002, 'σ_min, the smallest noise level'),
    sigmaMax: sigmaParam(80, 'σ_max, the largest noise level'),
    rho: z.number().min(0.5).max(100).default(7).describe('ρ: larger values crowd the levels towards σ_min'),
    N: levelsParam(18, 'number of noise levels in the grid'),
  }),
  mainParams: ['N', 'rho'],
  docs: {
    summary: 'The EDM noise levels: σ^{1/ρ} evenly spaced between σ_max and σ_min, which spends most steps at small noise. A VE path (a = 1, s = σ).',
    equation: String.raw`\sigma_i = \Big(\sigma_{\max}^{1/\rho} + \tfrac{i}{N-1}\big(\sigma_{\min}^{1/\rho} - \sigma_{\max}^{1/\rho}\big)\Big)^{\rho},\ i = 0,\dots,N-1`,
    reference: 'Karras et al. 2022, eq. (5) (σ_min = 0.002, σ_max = 80, ρ = 7, N = 18)',
    notes:
      'The grid is given without the final σ = 0 that EDM samplers append. The continuous path is σ(t) = (σ_min^{1/ρ} + t(σ_max^{1/ρ} − σ_min^{1/ρ}))^ρ on t ∈ [0, 1], with f = 0 and g² = dσ²/dt.',
  },
  estimate: (p) => levelsEstimate(p.N),
  run: (_inputs, p) => {
    requireIncreasing(p, 'sigmaMin', 'sigmaMax');
    return { schedule: karrasSchedule(p) };
  },
});
