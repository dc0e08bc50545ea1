import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NodeRunError } from '../../src/engine/context';
import type { TrajectoryPreview } from '../../src/engine/preview';
import { runNode } from '../../src/engine/testing';
import type { Trajectory } from '../../src/engine/values';
import { strideIndices } from '../lib/subsample';
import trajectoryView from './trajectory';

describe('view/trajectory', () => {
  it('keeps the same evenly spaced points in evenly spaced frames, first and last', async () => {
    const before = tf.memory().numTensors;
    // Frame f, point j is (f, j, −1): recognisable after subsampling.
    const k = 250;
    const n = 1200;
    const values = new Float32Array(k * n * 3);
    for (let f = 0; f < k; f++) for (let j = 0; j < n; j++) values.set([f, j, -1], 3 * (f * n + j));
    const trajectory: Trajectory = { frames: tf.tensor3d(values, [k, n, 3]), times: Array.from({ length: k }, (_, f) => 1 - f / (k - 1)), timeLabel: 't' };
    const { preview } = (await runNode(trajectoryView, { trajectory })) as { preview: TrajectoryPreview };
    trajectory.frames.dispose();
    expect(tf.memory().numTensors).toBe(before);

    expect(preview).toMatchObject({ kind: 'trajectory', k: 100, n: 500, timeLabel: 't' });
    expect(preview.frames.length).toBe(100 * 500 * 2);
    const frames = strideIndices(k, 100);
    const points = strideIndices(n, 500);
    expect([frames[0], frames[99]]).toEqual([0, k - 1]);
    for (const [a, b] of [[0, 0], [37, 211], [99, 499]]) {
      const at = 2 * (a * 500 + b);
      expect([preview.frames[at], preview.frames[at + 1]]).toEqual([frames[a], points[b]]);
    }
    expect(preview.times[0]).toBe(1);
    expect(preview.times[99]).toBe(0);
    expect(preview.times[37]).toBeCloseTo(1 - frames[37] / (k - 1), 6);
    // Bounds fit the last frame: x = k − 1 for every point, y from 0 to n − 1.
    expect(preview.bounds).toEqual([k - 1.5, 0, k - 0.5, n - 1]);
  });

  it('refuses frames without one time each', async () => {
    const frames = tf.zeros([3, 4, 2]) as tf.Tensor3D;
    const err = await runNode(trajectoryView, { trajectory: { frames, times: [1, 0], timeLabel: 't' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeRunError);
    expect((err as Error).message).toMatch(/3 frames but 2 times/);
    frames.dispose();
  });
});
