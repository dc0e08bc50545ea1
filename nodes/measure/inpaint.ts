import { z } from 'zod';
import { defineNode } from '../../src/engine/node';
import { imageMask } from '../lib/operators/mask';
import { maskOperator } from '../lib/operators/mask';
import { maskSeed, measureEstimate, measurePorts, measureSeedParam, runMeasurement, sigmaYParam } from '../lib/operators/measure-node';

export default defineNode({
  type: 'measure/inpaint',
  version: 1,
  title: 'Inpainting mask',
  category: 'measure',
  ...measurePorts,
  params: z.object({
    mask: z.enum(['lower-half', 'upper-half', 'box', 'random']).default('lower-half').describe('which pixels are hidden'),
    top: z.number().min(0).max(1).default(0.25).describe('box: first hidden row, as a fraction of the height'),
    left: z.number().min(0).max(1).default(0.25).describe('box: first hidden column, as a fraction of the width'),
    height: z.number().min(0).max(1).default(0.5).describe('box: hidden rows, as a fraction of the height'),
    width: z.number().min(0).max(1).default(0.5).describe('box: hidden columns, as a fraction of the width'),
    fraction: z.number().min(0).max(1).default(0.5).describe('random: fraction of the pixels hidden'),
    sigmaY: sigmaYParam,
    seed: measureSeedParam,
  }),
  mainParams: ['mask', 'sigmaY'],
  docs: {
    summary: 'Hides pixels of each image behind a mask: the inpainting measurement y = m ⊙ (x + σ_y n), and its operator A = diag(m) for posterior samplers.',
    equation: String.raw`y = A x + \sigma_y A n,\quad A = \operatorname{diag}(m),\ m_{ij} \in \{0, 1\},\quad A = V \begin{pmatrix} I_k & 0 \\ 0 & 0 \end{pmatrix} V^\top \ (V \text{ a permutation})`,
    reference: 'Lugmayr et al. 2022 (RePaint) and Kawar et al. 2022 (DDRM, §4: inpainting as a linear inverse problem); Chan, "Diffusion Models for Imaging and Vision", §5 (conditioning)',
    notes: [
      'One mask for the whole batch, the same in every channel (1 = observed). lower-half hides rows ⌊H/2⌋…H−1 (the MNIST inpainting of lesson 10), upper-half the rows above; box hides the rows and columns given as fractions of the image (rounded to pixels); random hides round(fraction·H·W) pixels drawn by a Fisher–Yates shuffle from the seed.',
      'The noise is projected too (A n): hidden pixels of y are exactly 0 (grey), observed ones are x + σ_y n. A hidden pixel’s y carries no information about x, so the likelihood, the exact posterior and every sampler are unchanged by this choice.',
      'The SVD of a mask is a permutation (observed entries first, singular values 1, then 0): DDRM and ΠGDM use it.',
    ].join('\n\n'),
  },
  estimate: measureEstimate(() => 10),
  run: (inputs, p, ctx) =>
    runMeasurement(
      inputs.x,
      ctx.seed,
      ([H, W, C]) => {
        const mask = imageMask(H, W, { kind: p.mask, box: { top: p.top, left: p.left, height: p.height, width: p.width }, fraction: p.fraction, seed: maskSeed(ctx.seed) });
        return maskOperator(mask, [H, W, C], p.sigmaY, p.mask === 'random' ? `${Math.round(p.fraction * 100)}% of pixels hidden` : `${p.mask} hidden`);
      },
      true,
    ),
});
