import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { normal } from '../random';
import { adam } from './adam';
import { relErr } from './testing';

describe('adam', () => {
  it('takes the same steps as tf.train.adam on a quadratic', async () => {
    const target = normal<tf.Rank.R1>([50], 1);
    const start = normal<tf.Rank.R1>([50], 2);
    const a = tf.variable(start);
    const b = tf.variable(start);
    const ours = adam(a, 0.05);
    const ref = tf.train.adam(0.05);
    // L = Σ c_i (θ_i − t_i)², c_i from 0.1 to 10: the gradients span two decades.
    const c = tf.linspace(0.1, 10, 50);
    const grad = (v: tf.Tensor) => tf.tidy(() => tf.mul(tf.mul(c, 2), tf.sub(v, target)) as tf.Tensor1D);
    for (let k = 0; k < 30; k++) {
      const g = grad(a);
      ours.step(g);
      g.dispose();
      const gb = grad(b);
      ref.applyGradients([{ name: b.name, tensor: gb }]);
      gb.dispose();
    }
    // The two differ only in where ε enters (ε√(1−β₂ᵗ) on √v vs ε on √v̂, the same update) and
    // in float32 rounding of a different sequence of ops: ~1e-6 after 30 steps.
    expect(await relErr(a, b)).toBeLessThan(1e-5);
    ours.dispose();
    ref.dispose();
    tf.dispose([target, start, a, b, c]);
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    const g = tf.ones([10]) as tf.Tensor1D;
    const theta = tf.variable(g);
    const opt = adam(theta, 0.1);
    for (let k = 0; k < 3; k++) opt.step(g);
    opt.dispose();
    tf.dispose([theta, g]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
