import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { churnParams } from '../lib/sampling/sigma-params';
import { churnGamma, edmUpdate } from '../lib/sampling/sigma-steps';
import { requireSigmasGrid, stepInputs, stepNoise, stepOutput, stepPorts, streamParam } from './step-inputs';

export default defineNode({
  type: 'step/edm',
  version: 1,
  title: 'EDM step (churn + Heun)',
  category: 'step',
  ...stepPorts('not used: the step reads the σ levels from the loop’s sigmas grid', true),
  params: z.object({ ...churnParams, stream: streamParam(0) }),
  mainParams: ['sChurn'],
  docs: {
    summary: 'One step of Karras et al.’s stochastic sampler from the pass’s σ to the next: churn the noise up to σ̂ = (1 + γ)σ, then a Heun step of the ODE (Euler to σ = 0).',
    equation: String.raw`\hat x = x + \sqrt{\hat\sigma^2 - \sigma^2}\,S_{\mathrm{noise}} z,\ \ \hat\sigma = (1+\gamma)\sigma,\ \ \gamma = \min(S_{\mathrm{churn}}/N, \sqrt2 - 1)\ \text{if}\ S_{\mathrm{tmin}} \le \sigma \le S_{\mathrm{tmax}};\quad \text{then Heun from } \hat\sigma \text{ to } \sigma_{\mathrm{next}}`,
    reference: 'Karras et al. 2022 (EDM), Algorithm 2; k-diffusion sample_heun',
    notes: 'N is the loop’s number of passes (level.count). On the sigmas grid (repeat 1) a loop of this step is sampler/edm number for number: the churn noise is noiseLike(x, level.seed, level.k) on stream 0. With S_churn = 0 it is step/pf-heun on the sigmas grid. Other grids are refused.',
  },
  run: (inputs, p, ctx) => {
    const s = stepInputs(inputs);
    const { sigma, sigmaNext } = requireSigmasGrid(s.level, 'the EDM step');
    const gamma = churnGamma(sigma, s.level.count, p);
    return stepOutput(ctx, () => edmUpdate(s.predictor, s.x, sigma, sigmaNext, gamma, p.sNoise, gamma > 0 ? stepNoise(s.x, s.level, p.stream) : null));
  },
});
