import * as tf from '@tensorflow/tfjs';
import { defineNode } from '../../src/engine/node';
import { tensorEstimate } from '../lib/estimates';
import { normal } from '../lib/random';
import normalNoise from './normal';
import { batchShape } from './sample-shape';

export default defineNode({
  type: 'noise/prior',
  version: 1,
  title: 'Prior noise x_T',
  category: 'noise',
  inputs: { schedule: 'schedule' },
  outputs: { x: 'tensor' },
  // The same n, dim and seed as noise/normal: only the scale differs.
  params: normalNoise.params,
  mainParams: ['n', 'dim'],
  docs: {
    summary: "Draws the starting point of a sampler from the schedule's prior: N(0, I) for VP schedules, N(0, σ_max² I) for VE and Karras.",
    equation: String.raw`x_T \sim \mathcal{N}(0, \sigma_{\mathrm{prior}}^2 I_d), \quad \sigma_{\mathrm{prior}} = \begin{cases} 1 & \text{VP} \\ \sigma_{\max} & \text{VE} \end{cases}`,
    reference: 'Chan §2.4 (DDPM sampling starts from x_T ~ N(0, I)) and §3 (annealed Langevin starts at the largest σ)',
    notes: 'Points [n, dim], or with `shape` set (e.g. [28, 28, 1]) an image batch [n, …shape] (NHWC) for an image predictor such as a U-Net.',
  },
  estimate: (p) => tensorEstimate(batchShape(p), 'x'),
  run: (inputs, p, ctx) => {
    const std = inputs.schedule.priorStd;
    return { x: tf.tidy(() => tf.mul(normal(batchShape(p), ctx.seed), std)) };
  },
});
