import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { levelsEstimate } from '../lib/estimates';
import { cosineSchedule } from '../lib/schedules';
import { stepsParam } from '../lib/schedules/params';

export default defineNode({
  type: 'schedule/cosine',
  version: 1,
  title: 'Cosine schedule (improved DDPM)',
  category: 'schedule',
  inputs: {},
  outputs: { schedule: 'schedule' },
  schedule: { family: 'vp', path: 'discrete', sigmaGrid: false },
  params: z.object({
    T: stepsParam,
    s: z.number().min(0).max(0.5).default(0.008).describe('small offset s that keeps β_1 from vanishing near t = 0'),
    maxBeta: z.number().gt(0).lt(1).default(0.999).describe('upper clip of each β_t (avoids the singularity at t = T)'),
  }),
  mainParams: ['T'],
  docs: {
    summary: 'The cosine schedule of improved DDPM: ᾱ follows a squared cosine, so noise is added evenly in log-SNR instead of destroying the data early.',
    equation: String.raw`\bar\alpha_t = \frac{f(t)}{f(0)},\ f(t) = \cos^2\!\Big(\frac{t/T + s}{1 + s}\cdot\frac{\pi}{2}\Big), \quad \beta_t = \min\Big(1 - \frac{\bar\alpha_t}{\bar\alpha_{t-1}},\ \beta_{\max}\Big)`,
    reference: 'Nichol & Dhariwal 2021, eq. (17) (s = 0.008, β clipped at 0.999); Chan §2.1 for ᾱ_t',
    notes: 'ᾱ is recomputed as the product of the clipped β, as in the reference code; with the defaults only the last β is clipped.',
  },
  estimate: (p) => levelsEstimate(p.T),
  run: (_inputs, p) => ({ schedule: cosineSchedule(p) }),
});
