import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { blurOperator } from '../lib/operators/blur';
import { measureEstimate, measurePorts, measureSeedParam, runMeasurement, sigmaYParam } from '../lib/operators/measure-node';

export default defineNode({
  type: 'measure/blur',
  version: 1,
  title: 'Gaussian blur',
  category: 'measure',
  ...measurePorts,
  params: z.object({
    blur: z.number().min(0.1).max(8).default(1.5).describe('σ_b: standard deviation of the Gaussian kernel, in pixels'),
    sigmaY: sigmaYParam,
    seed: measureSeedParam,
  }),
  mainParams: ['blur', 'sigmaY'],
  docs: {
    summary: 'Blurs each image with a Gaussian kernel (deblurring measurement y = B x + σ_y n); the blur is separable, so its SVD is the Kronecker product of two 1-D SVDs.',
    equation: String.raw`(Bx)_{ij} = \sum_{|a|,|b| \le r} g_a g_b\, x_{i+a,\,j+b},\quad g_a = \frac{e^{-a^2/2\sigma_b^2}}{\sum_{|a'|\le r} e^{-a'^2/2\sigma_b^2}},\ r = \lceil 3\sigma_b \rceil;\qquad B = B_H \otimes B_W = (U_H \otimes U_W)(S_H \otimes S_W)(V_H \otimes V_W)^\top`,
    reference: 'Kawar et al. 2022 (DDRM, §4 and App. on separable blur kernels); Van Loan 2000, "The ubiquitous Kronecker product"; Chan, "Diffusion Models for Imaging and Vision", §5',
    notes: [
      'Boundary: zero padding (pixels outside the image count as 0, so edge pixels lose weight). B_H is symmetric; its SVD comes from the Jacobi eigen-decomposition of B_HᵀB_H in float64. Singular values below 1e-6 of the largest are set to 0: B_Hᵀ B_H holds s² only to ~1e-16, so smaller s are rounding (a blur of σ_b ≥ ~2 pixels has them: the highest frequencies are lost).',
      'Each channel is blurred apart; y has the image’s shape.',
    ].join('\n\n'),
  },
  estimate: measureEstimate((s) => 2 * ((s[1] ?? 1) + (s[2] ?? 1))),
  run: (inputs, p, ctx) => runMeasurement(inputs.x, ctx.seed, (shape) => blurOperator(shape, p.blur, p.sigmaY)),
});
