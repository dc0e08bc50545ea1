import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { ddpmUpdate } from '../lib/sampling/updates';
import { requireSchedule, stepInputs, stepNoise, stepOutput, stepPorts, streamParam } from './step-inputs';
import { vpLevels } from './vp-levels';

export default defineNode({
  type: 'step/ddpm',
  version: 1,
  title: 'DDPM step',
  category: 'step',
  ...stepPorts('a VP schedule: its discrete chain (chain, ddim grids) or its continuous path (time grid)'),
  params: z.object({
    variance: z
      .enum(['beta', 'posterior'])
      .default('posterior')
      .describe('σ² of the step: β, or the posterior variance β̃ = β(1−ᾱ_prev)/(1−ᾱ_t)'),
    stream: streamParam(0),
  }),
  mainParams: ['variance'],
  docs: {
    summary: 'One ancestral DDPM step from the pass’s level t to the next: remove the predicted noise, rescale, add fresh noise (none at the last pass).',
    equation: String.raw`x_{t-1} = \frac{1}{\sqrt{\alpha_t}}\Big(x_t - \frac{\beta_t}{\sqrt{1-\bar\alpha_t}}\,\hat\varepsilon(x_t, t)\Big) + \sigma_t z,\quad \alpha_t = 1-\beta_t,\ \sigma_t^2 \in \Big\{\beta_t,\ \tfrac{1-\bar\alpha_{t-1}}{1-\bar\alpha_t}\beta_t\Big\}`,
    reference: 'Chan §2 (DDPM inference); Ho et al. 2020, Algorithm 2 and §3.2',
    notes: [
      'ε̂ is the predictor read as noise at the pass’s path point (a, s) = (sqrt(ᾱ_t), sqrt(1 − ᾱ_t)).',
      'On the chain grid each pass is one step i → i − 1 with the chain’s β_i: a loop of this step is sampler/ddpm, number for number. On the ddim grid a pass jumps i → j with the respaced β = 1 − ᾱ_i/ᾱ_j; on the time grid ᾱ(t) = a(t)² of the continuous VP path.',
      'The noise z is noiseLike(x, level.seed, level.k) on stream 0 (the sampler’s own), none at the last pass.',
    ].join('\n\n'),
  },
  run: (inputs, p, ctx) => {
    const s = stepInputs(inputs);
    const l = vpLevels(requireSchedule(s, 'the DDPM step'), s.level, 'the DDPM step');
    return stepOutput(ctx, () => ddpmUpdate(s.predictor, s.x, l, p.variance, s.level.last ? null : stepNoise(s.x, s.level, p.stream)));
  },
});
