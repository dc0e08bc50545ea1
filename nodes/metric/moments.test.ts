import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NodeRunError } from '../../src/engine/context';
import { runNode } from '../../src/engine/testing';
import moments from './moments';

describe('metric/moments', () => {
  it('gives the mean and the unbiased covariance (hand computation)', async () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([[1, 2], [3, 4], [5, 9]]);
    const { mean, cov } = (await runNode(moments, { x })) as { mean: tf.Tensor2D; cov: tf.Tensor2D };
    // mean (3, 5); deviations (−2, −3), (0, −1), (2, 4); Σ = [[8, 14], [14, 26]]/(3 − 1).
    expect(mean.shape).toEqual([1, 2]);
    expect(Array.from(await mean.data())).toEqual([3, 5]);
    expect(cov.shape).toEqual([2, 2]);
    Array.from(await cov.data()).forEach((v, i) => expect(v).toBeCloseTo([4, 7, 7, 13][i], 5));
    tf.dispose([x, mean, cov]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('needs at least two points', async () => {
    const x = tf.zeros([1, 3]);
    const err = await runNode(moments, { x }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeRunError);
    expect((err as NodeRunError).port).toBe('x');
    x.dispose();
  });
});
