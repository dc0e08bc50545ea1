import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NodeRunError } from '../../src/engine/context';
import type { HistogramPreview } from '../../src/engine/preview';
import { runNode } from '../../src/engine/testing';
import histogram from './histogram';

describe('view/histogram', () => {
  it('histograms the chosen coordinate as a density', async () => {
    const before = tf.memory().numTensors;
    const x = tf.randomNormal([20000, 2], 0, 1, 'float32', 3) as tf.Tensor2D;
    const shifted = tf.tidy(() => tf.add(x, tf.tensor1d([0, 5])) as tf.Tensor2D);
    const { preview } = (await runNode(histogram, { x: shifted }, { bins: 40, dim: 1 })) as { preview: HistogramPreview };
    tf.dispose([x, shifted]);
    expect(tf.memory().numTensors).toBe(before);

    expect(preview.kind).toBe('histogram');
    expect(preview.edges.length).toBe(41);
    expect(preview.density.length).toBe(40);
    let mass = 0;
    let peak = 0;
    for (let b = 0; b < 40; b++) {
      mass += preview.density[b] * (preview.edges[b + 1] - preview.edges[b]);
      if (preview.density[b] > preview.density[peak]) peak = b;
    }
    expect(mass).toBeCloseTo(1, 5);
    // Coordinate 1 is N(5, 1): the tallest bin sits near 5 and near the peak density 1/sqrt(2π) ≈ 0.40
    // (bins ≈ 0.2 wide hold ≈ 800 points: 4 std of the count is 14% of the height, bin-averaging 0.5%).
    expect(Math.abs((preview.edges[peak] + preview.edges[peak + 1]) / 2 - 5)).toBeLessThan(0.5);
    expect(Math.abs(preview.density[peak] - 0.399)).toBeLessThan(0.07);
  });

  it('refuses a dim beyond the points’ dimension', async () => {
    const x = tf.zeros([5, 2]);
    const err = await runNode(histogram, { x }, { dim: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeRunError);
    expect((err as Error).message).toMatch(/dim 2.*dimension 2/);
    x.dispose();
  });
});
