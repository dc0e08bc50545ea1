import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { levelsEstimate } from '../lib/estimates';
import { veSchedule } from '../lib/schedules';
import { levelsParam, requireIncreasing, sigmaParam } from '../lib/schedules/params';

export default defineNode({
  type: 'schedule/ve',
  version: 1,
  title: 'VE-SDE schedule (SMLD / NCSN)',
  category: 'schedule',
  inputs: {},
  outputs: { schedule: 'schedule' },
  schedule: { family: 've', path: 'continuous', sigmaGrid: false },
  params: z.object({
    sigmaMin: sigmaParam(0.01, 'σ_min, the smallest noise level (t = 0)'),
    sigmaMax: sigmaParam(50, 'σ_max, the largest noise level (t = 1); about the largest distance between data points'),
    N: levelsParam(1000, 'number of noise levels σ_1 > … > σ_N'),
  }),
  mainParams: ['N'],
  docs: {
    summary: 'The variance-exploding path of score-matching Langevin dynamics: x_t = x_0 + σ(t)·ε with σ geometric between σ_min and σ_max.',
    equation: String.raw`\sigma(t) = \sigma_{\min}\Big(\frac{\sigma_{\max}}{\sigma_{\min}}\Big)^{t}, \quad a = 1, \quad g(t)^2 = \frac{d\sigma^2}{dt} = 2\sigma(t)^2 \ln\frac{\sigma_{\max}}{\sigma_{\min}}`,
    reference: 'Chan §3 (noise-conditioned score matching, annealed Langevin) and §4 (the VE SDE); Song & Ermon 2019; Song et al. 2021, eq. (9)',
    notes: 'Levels σ_i, i = 1…N, run geometrically from σ_max down to σ_min (noisiest first), as annealed Langevin walks them. The prior is N(0, σ_max² I).',
  },
  estimate: (p) => levelsEstimate(p.N),
  run: (_inputs, p) => {
    requireIncreasing(p, 'sigmaMin', 'sigmaMax');
    return { schedule: veSchedule(p) };
  },
});
