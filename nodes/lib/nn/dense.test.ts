import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { normal } from '../random';
import { dense } from './dense';
import { transpose2d } from './transpose';
import { relErr } from './testing';

describe('dense (custom gradient)', () => {
  it.each([
    [64, 18, 128],
    [64, 128, 2],
    [33, 7, 7],
  ])('matches autodiff of x W + b in value and gradients (n=%i, %i→%i)', async (n, nIn, nOut) => {
    const before = tf.memory().numTensors;
    const x = normal<tf.Rank.R2>([n, nIn], 1);
    const w = normal<tf.Rank.R2>([nIn, nOut], 2);
    const b = normal<tf.Rank.R1>([nOut], 3);
    const c = normal<tf.Rank.R2>([n, nOut], 4); // a fixed readout so the loss is not symmetric
    // L = Σ c ⊙ tanh(y): a nonlinear loss, so dL/dy differs from row to row.
    const loss = (f: (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D) => (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(c, tf.tanh(f(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D))));
    const plain = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.add(tf.matMul(x, w), b) as tf.Tensor2D;
    const fast = tf.grads(loss(dense));
    const ref = tf.grads(loss(plain));
    const g = fast([x, w, b]);
    const r = ref([x, w, b]);
    for (let i = 0; i < 3; i++) expect(await relErr(g[i], r[i])).toBeLessThan(1e-5);
    const y = dense(x, w, b);
    const yRef = tf.tidy(() => plain(x, w, b));
    expect(await relErr(y, yRef)).toBeLessThan(1e-6);
    tf.dispose([x, w, b, c, ...g, ...r, y, yRef]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('transpose2d', () => {
  it.each([
    [512, 128],
    [96, 40],
    [64, 18],
    [100, 64],
  ])('equals tf.transpose for [%i, %i]', async (n, k) => {
    const x = normal<tf.Rank.R2>([n, k], 3);
    const [a, b] = [transpose2d(x), tf.transpose(x)];
    expect(a.shape).toEqual([k, n]);
    expect(await relErr(a, b)).toBe(0);
    tf.dispose([x, a, b]);
  });
});
