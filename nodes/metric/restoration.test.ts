import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import { blurOperator } from '../lib/operators/blur';
import { imageMask, maskOperator } from '../lib/operators/mask';
import { measure } from '../lib/operators/measure';
import { normal } from '../lib/random';
import consistency from './consistency';
import psnr from './psnr';

describe('metric/psnr', () => {
  it('10 log10(4 / MSE) per image, averaged; one reference image serves all; clipping', async () => {
    const ref = tf.zeros([2, 4, 4, 1]);
    // Image 0 off by 0.1 everywhere (MSE 0.01 → 26.02 dB), image 1 by 0.5 (MSE 0.25 → 12.04 dB).
    const x = tf.concat([tf.fill([1, 4, 4, 1], 0.1), tf.fill([1, 4, 4, 1], -0.5)]);
    const out = await runNode(psnr, { x, reference: ref }, {});
    const want = [10 * Math.log10(4 / 0.01), 10 * Math.log10(4 / 0.25)];
    expect(out.value as number).toBeCloseTo((want[0] + want[1]) / 2, 4);
    expect(out.min as number).toBeCloseTo(want[1], 4);
    const one = await runNode(psnr, { x, reference: tf.zeros([1, 4, 4, 1]) }, {});
    expect(one.value as number).toBeCloseTo(out.value as number, 6);
    // 3 is clipped to 1: MSE 1 → 6.02 dB.
    const far = await runNode(psnr, { x: tf.fill([1, 4, 4, 1], 3), reference: tf.zeros([1, 4, 4, 1]) }, {});
    expect(far.value as number).toBeCloseTo(10 * Math.log10(4), 4);
    await expect(runNode(psnr, { x, reference: tf.zeros([2, 5, 4, 1]) }, {})).rejects.toMatchObject({ port: 'reference' });
  });
});

describe('metric/consistency', () => {
  it('the true images give RMS ≈ σ_y over the measured entries; a fit to y gives 0; errors name the ports', async () => {
    const x = tf.tidy(() => tf.tanh(normal<tf.Rank.R4>([32, 16, 16, 1], 2)));
    const mask = maskOperator(imageMask(16, 16, { kind: 'lower-half' }), [16, 16, 1], 0.1, 'lower half');
    const y = measure(mask, x, 4, true);
    const truth = await runNode(consistency, { x, operator: mask, y }, {});
    // 32·128 noise draws: the RMS is within ~2% of σ_y.
    expect(Math.abs((truth.rms as number) / 0.1 - 1)).toBeLessThan(0.05);
    expect(truth.ratio as number).toBeCloseTo((truth.rms as number) / 0.1, 10);
    const fit = await runNode(consistency, { x: y, operator: mask, y }, {});
    expect(fit.rms as number).toBeLessThan(1e-6);
    const blur = blurOperator([16, 16, 1], 1, 0.2);
    const yb = measure(blur, x, 5);
    const b = await runNode(consistency, { x, operator: blur, y: yb }, {});
    expect(Math.abs((b.rms as number) / 0.2 - 1)).toBeLessThan(0.05);
    await expect(runNode(consistency, { x, operator: blur, y: tf.zeros([3, 16, 16, 1]) }, {})).rejects.toMatchObject({ port: 'y' });
    await expect(runNode(consistency, { x: tf.zeros([2, 8, 8, 1]), operator: blur, y: yb }, {})).rejects.toMatchObject({ port: 'operator' });
    tf.dispose([x, y, yb]);
  });
});
