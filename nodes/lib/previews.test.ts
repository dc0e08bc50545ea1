import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { boundsXY, finiteRange, histogramPreview, imagesPreview, lineOf, pointsXY } from './previews';

describe('preview builders', () => {
  it('reads the first two coordinates of evenly spaced rows; 1-D points get y = 0', async () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([[0, 1, 9], [2, 3, 9], [4, 5, 9], [6, 7, 9], [8, 9, 9]]);
    expect(Array.from(await pointsXY(x, 3))).toEqual([0, 1, 4, 5, 8, 9]);
    expect(Array.from(await pointsXY(x, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const line = tf.tensor2d([[1], [2]]);
    expect(Array.from(await pointsXY(line, 10))).toEqual([1, 0, 2, 0]);
    tf.dispose([x, line]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('bounds cover the finite points of every set, [xMin, yMin, xMax, yMax]', () => {
    expect(boundsXY(new Float32Array([0, 1, 2, -3]), new Float32Array([-1, 5, NaN, 0, Infinity, 9]))).toEqual([-1, -3, 2, 9]);
    expect(boundsXY(new Float32Array([2, 2, 2, 2]))).toEqual([1.5, 1.5, 2.5, 2.5]);
    expect(boundsXY(new Float32Array([NaN, NaN]))).toEqual([-1, -1, 1, 1]);
    expect(finiteRange([3, -Infinity, 1, NaN, 2])).toEqual([1, 3]);
  });

  it('histogram: equal bins over [min, max], density integrating to 1', () => {
    // 0, 1, …, 9 and a NaN in 5 bins of width 1.8: counts 2, 2, 2, 2, 2 (9 falls in the last bin).
    const h = histogramPreview([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, NaN], 5);
    expect(Array.from(h.edges)).toEqual(Array.from(new Float32Array([0, 1.8, 3.6, 5.4, 7.2, 9])));
    h.density.forEach((d) => expect(d).toBeCloseTo(2 / (10 * 1.8), 6));
    const skew = histogramPreview([0, 0, 0, 1], 2);
    expect(Array.from(skew.density)).toEqual([1.5, 0.5]);
  });

  it('lines are thinned evenly with both ends kept', () => {
    const x = Array.from({ length: 10_001 }, (_, i) => i);
    const l = lineOf('loss', x, x.map((v) => v * v), 101);
    expect(l.x.length).toBe(101);
    expect([l.x[0], l.x[100], l.x[50]]).toEqual([0, 10_000, 5000]);
    expect(l.y[50]).toBe(25e6);
  });

  it('images map [−1, 1] to 0…255 and keep the first maxImages', async () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor3d([-1, 0, 1, 2, -3, NaN, 0.5, -0.5], [2, 2, 2]);
    const p = await imagesPreview(x, 1, 'digits');
    expect(p).toMatchObject({ kind: 'images', n: 1, height: 2, width: 2, title: 'digits' });
    // 127.5 → 128 (round half to even), 2 → 255 (clipped).
    expect(Array.from(p.pixels)).toEqual([0, 128, 255, 255]);
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
