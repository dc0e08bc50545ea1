import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NodeRunError } from '../../src/engine/context';
import type { ScatterPreview } from '../../src/engine/preview';
import { runNode } from '../../src/engine/testing';
import { strideIndices } from '../lib/subsample';
import scatter from './scatter';

describe('view/scatter', () => {
  it('draws the first two coordinates of an even subsample, over the reference', async () => {
    const before = tf.memory().numTensors;
    // Row i is (i, 5000 − i, 7): a subsampled row can be recognised by its value.
    const n = 5001;
    const x = tf.tensor2d(Float32Array.from({ length: 3 * n }, (_, k) => [Math.floor(k / 3), n - 1 - Math.floor(k / 3), 7][k % 3]), [n, 3]);
    const reference = tf.tensor2d([[-10, 0], [0, 20]]);
    const { preview } = (await runNode(scatter, { x, reference }, { title: 'samples' })) as { preview: ScatterPreview };
    tf.dispose([x, reference]); // the payload is a copy: it outlives its inputs
    expect(tf.memory().numTensors).toBe(before);

    expect(preview.kind).toBe('scatter');
    expect(preview.title).toBe('samples');
    expect(preview.points).toBeInstanceOf(Float32Array);
    expect(preview.points.length).toBe(2 * 2000);
    const rows = strideIndices(n, 2000);
    for (const k of [0, 1, 999, 1999]) expect([preview.points[2 * k], preview.points[2 * k + 1]]).toEqual([rows[k], n - 1 - rows[k]]);
    expect(Array.from(preview.reference!)).toEqual([-10, 0, 0, 20]);
    // x spans [−10, 5000] (the reference and the last row), y spans [0, 5000].
    expect(preview.bounds).toEqual([-10, 0, 5000, 5000]);
  });

  it('works without a reference and refuses a non-tensor', async () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const { preview } = (await runNode(scatter, { x })) as { preview: ScatterPreview };
    expect(Array.from(preview.points)).toEqual([1, 2, 3, 4]);
    expect(preview.reference).toBeUndefined();
    expect(preview.bounds).toEqual([1, 2, 3, 4]);
    x.dispose();
    const err = await runNode(scatter, { x: [1, 2] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeRunError);
    expect((err as NodeRunError).port).toBe('x');
  });
});
