import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import normal from './normal';

describe('noise/normal', () => {
  it('draws standard normal points, reproducibly from the seed', async () => {
    const before = tf.memory().numTensors;
    const { x } = (await runNode(normal, {}, { n: 20000, dim: 3 }, { seed: 7 })) as { x: tf.Tensor2D };
    expect(x.shape).toEqual([20000, 3]);
    const v = await x.data();
    let mean = 0, sq = 0;
    for (const e of v) { mean += e; sq += e * e; }
    mean /= v.length; sq /= v.length;
    expect(Math.abs(mean)).toBeLessThan(0.02); // 4.5 standard errors of 1/sqrt(60000)
    expect(Math.abs(sq - 1)).toBeLessThan(0.03);
    const again = (await runNode(normal, {}, { n: 20000, dim: 3 }, { seed: 7 })).x as tf.Tensor2D;
    expect(Array.from(await again.data())).toEqual(Array.from(v));
    tf.dispose([x, again]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
