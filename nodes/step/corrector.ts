import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { correctorAlpha, correctorUpdate } from '../lib/sampling/updates';
import { requireSchedule, stepInputs, stepNoise, stepOutput, stepPorts, streamParam } from './step-inputs';

export default defineNode({
  type: 'step/corrector',
  version: 1,
  title: 'Langevin corrector step',
  category: 'step',
  ...stepPorts('the schedule: its discrete chain gives the α of VP step sizes (1 for VE)'),
  params: z.object({
    snr: z.number().positive().max(10).default(0.16).describe('signal-to-noise ratio r that sets the step size'),
    stream: streamParam(1),
  }),
  mainParams: ['snr'],
  docs: {
    summary: 'One Langevin corrector step of Song et al.’s predictor–corrector sampler at the pass’s noise level, its step size set from the ratio of noise and score norms.',
    equation: String.raw`x \leftarrow x + \epsilon\,\nabla_x\log p_t(x) + \sqrt{2\epsilon}\,z,\qquad \epsilon = 2\alpha\Big(r\,\frac{\overline{\|z\|}}{\overline{\|\nabla_x \log p_t(x)\|}}\Big)^2`,
    reference: 'Song et al. 2021 (score SDE), §4.2 and Algorithm 4; Chan §4',
    notes: [
      'Norms are per sample, averaged over the batch; α = 1 − β_i of the schedule’s chain at i = ⌊t(N − 1)⌋ + 1 for VP, 1 for VE (correctorAlpha). The score is read at the level’s path point (a, s); the step stays at that level.',
      'Put correctorSteps of these before an Euler–Maruyama step on the time grid, with streams 1, 2, …, and the loop is sampler/pc number for number (its corrector c draws noiseLike(x, seed, k, c + 1)).',
    ].join('\n\n'),
  },
  run: (inputs, p, ctx) => {
    const s = stepInputs(inputs);
    const alpha = correctorAlpha(requireSchedule(s, 'the corrector step'), s.level.t);
    return stepOutput(ctx, () => correctorUpdate(s.predictor, s.x, s.level.a, s.level.s, p.snr, alpha, stepNoise(s.x, s.level, p.stream)));
  },
});
