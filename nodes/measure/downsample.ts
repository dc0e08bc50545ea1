import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { downsampleOperator } from '../lib/operators/downsample';
import { measureEstimate, measurePorts, measureSeedParam, runMeasurement, sigmaYParam } from '../lib/operators/measure-node';

export default defineNode({
  type: 'measure/downsample',
  version: 1,
  title: 'Downsampling (super-resolution)',
  category: 'measure',
  ...measurePorts,
  params: z.object({
    factor: z.number().int().min(2).max(8).default(2).describe('f: each f×f block of pixels becomes one (H and W must be multiples of f)'),
    sigmaY: sigmaYParam,
    seed: measureSeedParam,
  }),
  mainParams: ['factor', 'sigmaY'],
  docs: {
    summary: 'Averages each f×f block of pixels (the super-resolution measurement y = D x + σ_y n, y of shape [H/f, W/f, C]).',
    equation: String.raw`y_{pq} = \frac{1}{f^2}\sum_{a,b=0}^{f-1} x_{fp+a,\,fq+b} + \sigma_y n_{pq},\qquad D = D_H \otimes D_W,\ \ \text{singular values } 1/f \text{ (one per block)}`,
    reference: 'Kawar et al. 2022 (DDRM, §4: super-resolution by block averaging); Chan, "Diffusion Models for Imaging and Vision", §5',
    notes: 'Each block row of D_H is (1/f)·1ᵀ over f pixels, of norm 1/√f: D_H’s singular values are all 1/√f, so D’s are 1/f, one per block and channel, with the block’s constant image as right singular vector; the f² − 1 contrasts inside a block are not seen. The SVD is built from the 1-D SVDs (Kronecker product).',
  },
  estimate: measureEstimate(() => 8),
  run: (inputs, p, ctx) => runMeasurement(inputs.x, ctx.seed, (shape) => downsampleOperator(shape, p.factor, p.sigmaY)),
});
