import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NodeRunError } from '../../src/engine/context';
import { defineNode } from '../../src/engine/node';
import type { Series } from '../../src/engine/values';

/** Data range of the lab's images, [−1, 1]. */
const RANGE = 2;

export default defineNode({
  type: 'metric/psnr',
  version: 1,
  title: 'PSNR',
  category: 'metric',
  inputs: {
    x: { type: 'tensor', accepts: ['images'], doc: 'restored images [N, H, W, C] (or rows [N, d]) in [−1, 1]' },
    reference: { type: 'tensor', accepts: ['images'], doc: 'the true images, shaped like x or as rows [N, H·W·C] (or one image for all)' },
  },
  outputs: {
    value: { type: 'number', doc: 'mean PSNR over the images, in dB' },
    min: { type: 'number', doc: 'the lowest PSNR of one image, in dB' },
    perImage: { type: 'series', doc: 'PSNR of each image' },
  },
  params: z.object({
    clip: z.boolean().default(true).describe('clip x to [−1, 1] first (the range images are shown in)'),
  }),
  docs: {
    summary: 'Peak signal-to-noise ratio of restored images against the truth, per image and averaged: 10 log₁₀ of the squared data range over the mean squared error, in decibels (higher is better; +6 dB halves the RMS error).',
    equation: String.raw`\mathrm{PSNR}(\hat x, x) = 10\log_{10}\frac{R^2}{\tfrac1d\lVert \hat x - x\rVert^2}\ \mathrm{dB},\qquad R = 2 \ \ (\text{images in } [-1, 1])`,
    reference: 'Wang, Bovik, Sheikh & Simoncelli 2004 (PSNR beside SSIM); Kawar et al. 2022 and Chung et al. 2023 report restorations in PSNR',
    notes: 'The data range is that of the lab’s images, [−1, 1] (R = 2): a PSNR here equals the usual one on [0, 1] or [0, 255] images. The mean is of the per-image PSNRs (as restoration papers report), not the PSNR of the mean error. An image equal to its reference gives +∞.',
  },
  run: async (inputs, p) => {
    const { x, reference } = inputs;
    const n = x.shape[0];
    const d = x.size / n;
    const m = reference.shape[0];
    // Images and their rows compare entry for entry: [N, H, W, C] against [N, H·W·C] is fine.
    if (!((m === n || m === 1) && reference.size / m === d))
      throw new NodeRunError(`reference: expected ${n} images (or one) of ${d} entries like x [${x.shape.join(', ')}], got [${reference.shape.join(', ')}]`, 'reference');
    const mse = tf.tidy(() => {
      const judged = tf.reshape(p.clip ? tf.clipByValue(x, -1, 1) : x, [n, d]);
      return tf.mean(tf.square(tf.sub(judged, tf.reshape(reference, [m, d]))), 1);
    });
    const errors = Array.from(await mse.data());
    mse.dispose();
    const psnr = errors.map((e) => 10 * Math.log10((RANGE * RANGE) / e));
    const perImage: Series = { name: 'PSNR', xLabel: 'image', yLabel: 'dB', x: psnr.map((_, i) => i), y: psnr };
    return { value: psnr.reduce((a, v) => a + v, 0) / n, min: Math.min(...psnr), perImage };
  },
});
