import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import type { LinesPreview } from '../../src/engine/preview';
import { lineOf, MAX_PREVIEW_POINTS } from '../lib/previews';

export default defineNode({
  type: 'view/series',
  version: 1,
  title: 'Line plot',
  category: 'view',
  inputs: { series: 'series' },
  outputs: { preview: 'preview' },
  params: z.object({
    maxPoints: z.number().int().min(2).max(MAX_PREVIEW_POINTS).default(2000).describe('most points drawn (evenly spaced, first and last kept)'),
    logY: z.boolean().default(false).describe('logarithmic y axis'),
    logX: z.boolean().default(false).describe('logarithmic x axis (with logY: a log-log plot, where error ∝ NFE^(−p) is a line of slope −p)'),
  }),
  mainParams: ['logY'],
  docs: {
    summary: 'Plots a series: a loss curve against training step, a schedule coefficient against t.',
    notes: 'Long series are thinned to maxPoints evenly spaced points (first and last kept): values are shown, not averaged.',
  },
  run: (inputs, p) => {
    const s = inputs.series;
    const preview: LinesPreview = { kind: 'lines', series: [lineOf(s.name, s.x, s.y, p.maxPoints)], xLabel: s.xLabel, yLabel: s.yLabel, title: s.name };
    if (p.logY) preview.logY = true;
    if (p.logX) preview.logX = true;
    return { preview };
  },
});
