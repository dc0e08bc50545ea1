import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { eulerMaruyamaUpdate } from '../lib/sampling/updates';
import { passPoint } from './grid-time';
import { requireSchedule, stepInputs, stepNoise, stepOutput, stepPorts, streamParam } from './step-inputs';

export default defineNode({
  type: 'step/euler-maruyama',
  version: 1,
  title: 'Reverse-SDE step (Euler–Maruyama)',
  category: 'step',
  ...stepPorts('any schedule: its continuous path and SDE f(t), g(t)²'),
  params: z.object({ stream: streamParam(0) }),
  docs: {
    summary: 'One Euler–Maruyama step of the reverse-time SDE from the pass’s time t back to t_next, the score read on the path at t; no noise at the last pass.',
    equation: String.raw`x \leftarrow x - \big[f(t)\,x - g(t)^2\,\nabla_x\log p_t(x)\big]\Delta t + g(t)\sqrt{\Delta t}\,z,\qquad \Delta t = t - t_{\mathrm{next}} > 0`,
    reference: 'Chan §4 (reverse SDE, Anderson 1982); Song et al. 2021, eq. (6) and the Euler–Maruyama predictor',
    notes: [
      'On the time grid a loop of this step is sampler/reverse-sde, number for number. On the chain and ddim grids t = i/T: on a discrete VP schedule’s continuous path this is the SDE twin of the DDPM step, which agrees with it to first order in β.',
      'On the sigmas grid the SDE is taken in σ-time on the VE path (f = 0, g² = 2σ): x ← x + 2σΔσ·score + sqrt(2σΔσ)·z. The fixed grid has no time to move along and is refused.',
      'The noise z is noiseLike(x, level.seed, level.k) on stream 0 (the sampler’s own); the last pass adds none (it returns the mean, as Song et al.’s denoise).',
    ].join('\n\n'),
  },
  run: (inputs, p, ctx) => {
    const s = stepInputs(inputs);
    const pt = passPoint(requireSchedule(s, 'the Euler–Maruyama step'), s.level, 'the Euler–Maruyama step');
    return stepOutput(ctx, () => eulerMaruyamaUpdate(s.predictor, s.x, pt, s.level.t - s.level.tNext, s.level.last ? null : stepNoise(s.x, s.level, p.stream)));
  },
});
