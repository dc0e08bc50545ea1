import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import type { LinesPreview } from '../../src/engine/preview';
import type { Series } from '../../src/engine/values';
import { lineOf } from '../lib/previews';

export default defineNode({
  type: 'view/schedule',
  version: 1,
  title: 'Schedule plot',
  category: 'view',
  inputs: { schedule: 'schedule' },
  outputs: {
    preview: 'preview',
    snr: { type: 'series', doc: 'SNR(t) = a²/s² (log10 when logSnr) on the grid' },
  },
  params: z.object({
    points: z.number().int().min(2).max(2000).default(200).describe('grid points on t ∈ [0, 1]'),
    logSnr: z.boolean().default(true).describe('plot log10 SNR instead of SNR'),
  }),
  mainParams: ['logSnr'],
  docs: {
    summary: 'Plots a schedule’s path coefficients a(t), s(t) and its signal-to-noise ratio against t ∈ [0, 1], and outputs SNR(t) as a series.',
    equation: String.raw`x_t = a(t)\,x_0 + s(t)\,\varepsilon,\qquad \mathrm{SNR}(t) = \frac{a(t)^2}{s(t)^2}`,
    reference: 'Chan, §2.2 (ᾱ_t and the forward process); Kingma et al., "Variational Diffusion Models" (2021), for SNR(t)',
    notes:
      'The grid is t_i = i/(points − 1). Where SNR is infinite (s = 0, as at t = 0 for DDPM/VP) or not a number, the point is left out of the SNR curve and the snr series; a(t) and s(t) keep every grid point.',
  },
  run: (inputs, p) => {
    const schedule = inputs.schedule;
    const t = Array.from({ length: p.points }, (_, i) => i / (p.points - 1));
    const a = t.map((ti) => schedule.a(ti));
    const s = t.map((ti) => schedule.s(ti));
    const snrName = p.logSnr ? 'log10 SNR(t)' : 'SNR(t)';
    const snr: Series = { name: snrName, xLabel: 't', yLabel: snrName, x: [], y: [] };
    t.forEach((ti, i) => {
      const r = (a[i] * a[i]) / (s[i] * s[i]);
      const v = p.logSnr ? Math.log10(r) : r;
      if (Number.isFinite(v)) {
        snr.x.push(ti);
        snr.y.push(v);
      }
    });
    const preview: LinesPreview = {
      kind: 'lines',
      series: [lineOf('a(t)', t, a), lineOf('s(t)', t, s), lineOf(snrName, snr.x, snr.y)],
      xLabel: 't',
      yLabel: 'value',
      title: `schedule ${schedule.name}`,
    };
    return { preview, snr };
  },
});
