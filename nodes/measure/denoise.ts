import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { maskOperator } from '../lib/operators/mask';
import { measureEstimate, measurePorts, measureSeedParam, runMeasurement, sigmaYParam } from '../lib/operators/measure-node';

export default defineNode({
  type: 'measure/denoise',
  version: 1,
  title: 'Noisy measurement (denoising)',
  category: 'measure',
  ...measurePorts,
  params: z.object({
    sigmaY: sigmaYParam.default(0.3),
    seed: measureSeedParam,
  }),
  mainParams: ['sigmaY'],
  docs: {
    summary: 'Adds Gaussian noise to each image: the denoising measurement y = x + σ_y n, with A = I.',
    equation: String.raw`y = x + \sigma_y n,\quad n \sim \mathcal{N}(0, I),\qquad A = I = I\,I\,I^\top`,
    reference: 'Kawar et al. 2022 (DDRM, §4: denoising as the case A = I); Chan, "Diffusion Models for Imaging and Vision", §5',
    notes: 'A = I: its SVD is U = V = I with singular values 1. Note that y is a noisy image at level σ_y, i.e. x_t of the VE path at σ = σ_y: DDRM starts from it.',
  },
  estimate: measureEstimate(() => 10),
  run: (inputs, p, ctx) => runMeasurement(inputs.x, ctx.seed, ([H, W, C]) => maskOperator(new Float32Array(H * W).fill(1), [H, W, C], p.sigmaY, 'identity (denoising)')),
});
