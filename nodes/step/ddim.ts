import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { ddimSigma, ddimUpdate } from '../lib/sampling/updates';
import { requireSchedule, stepInputs, stepNoise, stepOutput, stepPorts, streamParam } from './step-inputs';
import { vpLevels } from './vp-levels';

export default defineNode({
  type: 'step/ddim',
  version: 1,
  title: 'DDIM step',
  category: 'step',
  ...stepPorts('a VP schedule: its discrete chain (chain, ddim grids) or its continuous path (time grid)'),
  params: z.object({
    eta: z.number().min(0).max(1).default(0).describe('η: 0 is the deterministic DDIM step, 1 has the DDPM posterior variance'),
    stream: streamParam(0),
  }),
  mainParams: ['eta'],
  docs: {
    summary: 'One DDIM step from ᾱ_t to ᾱ_prev of the next level: predict x̂_0 and ε̂ with one call, re-noise x̂_0 to the next level along ε̂ (plus fresh noise when η > 0).',
    equation: String.raw`x_{\mathrm{prev}} = \sqrt{\bar\alpha_{\mathrm{prev}}}\,\hat x_0 + \sqrt{1-\bar\alpha_{\mathrm{prev}}-\sigma^2}\,\hat\varepsilon + \sigma z,\quad \hat x_0 = \frac{x_t - \sqrt{1-\bar\alpha_t}\,\hat\varepsilon}{\sqrt{\bar\alpha_t}},\quad \sigma = \eta\sqrt{\tfrac{1-\bar\alpha_{\mathrm{prev}}}{1-\bar\alpha_t}}\sqrt{1-\tfrac{\bar\alpha_t}{\bar\alpha_{\mathrm{prev}}}}`,
    reference: 'Song, Meng & Ermon 2021 (DDIM), eqs. (12) and (16); η = 0 is an Euler step of the probability-flow ODE (Chan §4)',
    notes: [
      'On the ddim grid a loop of this step is sampler/ddim, number for number (the last pass jumps to ᾱ = 1 and returns x̂_0). On the chain grid it visits every i; on the time grid ᾱ(t) = a(t)² of the continuous VP path.',
      'The noise z (when σ > 0) is noiseLike(x, level.seed, level.k) on stream 0, the sampler’s own. x̂_0 is not clipped.',
    ].join('\n\n'),
  },
  run: (inputs, p, ctx) => {
    const s = stepInputs(inputs);
    const l = vpLevels(requireSchedule(s, 'the DDIM step'), s.level, 'the DDIM step');
    return stepOutput(ctx, () => ddimUpdate(s.predictor, s.x, l, p.eta, ddimSigma(l, p.eta) > 0 ? stepNoise(s.x, s.level, p.stream) : null));
  },
});
