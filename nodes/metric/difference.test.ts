import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NodeRunError } from '../../src/engine/context';
import { runNode } from '../../src/engine/testing';
import difference from './difference';

describe('metric/difference', () => {
  it('gives max |a − c·b| and the mean squared entry (hand computation)', async () => {
    const before = tf.memory().numTensors;
    const a = tf.tensor2d([[1, 2], [3, 4]]);
    const b = tf.tensor2d([[1, 0], [5, 4]]);
    // a − b = [[0, 2], [−2, 0]]: max 2, MSE (4 + 4)/4 = 2.
    const plain = await runNode(difference, { a, b });
    expect(plain.maxAbs).toBeCloseTo(2, 6);
    expect(plain.mse).toBeCloseTo(2, 6);
    // a − (−1)·b = [[2, 2], [8, 8]]: max 8, MSE (4 + 4 + 64 + 64)/4 = 34.
    const scaled = await runNode(difference, { a, b }, { scale: -1 });
    expect(scaled.maxAbs).toBeCloseTo(8, 6);
    expect(scaled.mse).toBeCloseTo(34, 5);
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is exactly 0 for a tensor against itself', async () => {
    const a = tf.randomNormal([100, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const same = await runNode(difference, { a, b: a });
    expect(same.maxAbs).toBe(0);
    expect(same.mse).toBe(0);
    a.dispose();
  });

  it('refuses tensors of different shapes, naming port b', async () => {
    const a = tf.zeros([3, 2]);
    const rows = tf.zeros([4, 2]);
    const cols = tf.zeros([3, 1]);
    for (const b of [rows, cols]) {
      const err = await runNode(difference, { a, b }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NodeRunError);
      expect((err as NodeRunError).port).toBe('b');
    }
    tf.dispose([a, rows, cols]);
  });
});
