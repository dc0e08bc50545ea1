import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { etaParam, sNoiseParam } from '../lib/sampling/sigma-params';
import { ancestralSigmas, eulerAncestralUpdate } from '../lib/sampling/sigma-steps';
import { requireSigmasGrid, stepInputs, stepNoise, stepOutput, stepPorts, streamParam } from './step-inputs';

export default defineNode({
  type: 'step/euler-ancestral',
  version: 1,
  title: 'Euler ancestral step',
  category: 'step',
  ...stepPorts('not used: the step reads the σ levels from the loop’s sigmas grid', true),
  params: z.object({ eta: etaParam, sNoise: sNoiseParam, stream: streamParam(0) }),
  mainParams: ['eta'],
  docs: {
    summary: 'One step of k-diffusion’s Euler ancestral sampler from the pass’s σ to the next: an Euler step of the ODE down to σ_down, then fresh noise up to σ_next.',
    equation: String.raw`x \leftarrow \tfrac{\sigma_{\downarrow}}{\sigma}\,x + \Big(1 - \tfrac{\sigma_{\downarrow}}{\sigma}\Big)\hat x_0(x;\sigma) + S_{\mathrm{noise}}\,\sigma_{\uparrow} z,\quad \sigma_{\downarrow}^2 + \sigma_{\uparrow}^2 = \sigma_{\mathrm{next}}^2`,
    reference: 'k-diffusion (Crowson), sample_euler_ancestral and get_ancestral_step',
    notes: 'On the loop’s sigmas grid (repeat 1) a loop of this step is sampler/euler-ancestral number for number: the noise is noiseLike(x, level.seed, level.k) on stream 0, none on the step to σ = 0. Other grids are refused.',
  },
  run: (inputs, p, ctx) => {
    const s = stepInputs(inputs);
    const { sigma, sigmaNext } = requireSigmasGrid(s.level, 'the Euler ancestral step');
    const noisy = ancestralSigmas(sigma, sigmaNext, p.eta).up > 0;
    return stepOutput(ctx, () => eulerAncestralUpdate(s.predictor, s.x, sigma, sigmaNext, p.eta, p.sNoise, noisy ? stepNoise(s.x, s.level, p.stream) : null));
  },
});
