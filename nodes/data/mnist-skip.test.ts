import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import type { Distribution } from '../lib/distribution';
import mnist from './mnist';

describe('data/mnist skip', () => {
  it('holds out exactly the digits after the first n: skip k gives the digits k… of the unskipped set', async () => {
    const all = (await runNode(mnist, {}, { n: 300, size: 14 })).dist as Distribution;
    const tail = (await runNode(mnist, {}, { skip: 200, n: 100, size: 14 })).dist as Distribution;
    const head = (await runNode(mnist, {}, { n: 200, size: 14 })).dist as Distribution;
    // Drawing a whole set gives every row once (a permutation): compare them as sorted row sums.
    const rowSums = async (d: Distribution, n: number) => {
      const x = d.sample(n, 0);
      const s = tf.sum(x, 1);
      const v = Array.from(await s.data()).sort((a, b) => a - b);
      tf.dispose([x, s]);
      return v;
    };
    const [a, h, t] = [await rowSums(all, 300), await rowSums(head, 200), await rowSums(tail, 100)];
    expect([...h, ...t].sort((x, y) => x - y)).toEqual(a);
    expect(tail.name).toMatch(/100 digits after the first 200/);
    [all, tail, head].forEach((d) => d.dispose?.());
    await expect(runNode(mnist, {}, { skip: 9999, n: 10, digits: [0] })).rejects.toThrow(/no MNIST digits left after skipping 9999/);
  });
});
