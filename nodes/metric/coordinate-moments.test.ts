import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NodeRunError } from '../../src/engine/context';
import { runNode } from '../../src/engine/testing';
import { normal } from '../lib/random';
import coordinateMoments from './coordinate-moments';

describe('metric/coordinate-moments', () => {
  it('gives one column’s mean and unbiased variance, or all entries pooled (hand computation)', async () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([[1, 2], [3, 4], [5, 9]]);
    // Column 1: mean 5, squared deviations 9 + 1 + 16 = 26, variance 26/2 = 13.
    const col = await runNode(coordinateMoments, { x }, { dim: 1 });
    expect(col.mean).toBeCloseTo(5, 5);
    expect(col.variance).toBeCloseTo(13, 4);
    // All six entries: mean 24/6 = 4, squared deviations 9+4+1+0+1+25 = 40, variance 40/5 = 8.
    const all = await runNode(coordinateMoments, { x });
    expect(all.mean).toBeCloseTo(4, 5);
    expect(all.variance).toBeCloseTo(8, 4);
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads N(0, I) as mean 0 and variance 1', async () => {
    const x = normal([20_000, 3], 7);
    const { mean, variance } = await runNode(coordinateMoments, { x });
    x.dispose();
    // 60,000 entries: standard errors 1/√60000 ≈ 0.004 (mean) and √(2/60000) ≈ 0.006 (variance); 5 SE.
    expect(Math.abs(mean as number)).toBeLessThan(0.02);
    expect(Math.abs((variance as number) - 1)).toBeLessThan(0.03);
  });

  it('refuses a coordinate the points do not have, and a single point', async () => {
    const x = tf.zeros([4, 2]);
    const err = await runNode(coordinateMoments, { x }, { dim: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeRunError);
    expect((err as NodeRunError).message).toMatch(/dim 2 is out of range/);
    const one = tf.zeros([1, 2]);
    const err1 = await runNode(coordinateMoments, { x: one }).catch((e: unknown) => e);
    expect((err1 as NodeRunError).port).toBe('x');
    tf.dispose([x, one]);
  });
});
