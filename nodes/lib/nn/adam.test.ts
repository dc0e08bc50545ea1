import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { normal } from '../random';
import { adam } from './adam';
import { adamKernelAvailable } from './adam-kernel';
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

  it.each([4, 7, 50])('fused on tfjs-wasm: the same bits as the tfjs ops for θ and the weight average (n = %i)', async (n) => {
    const before = tf.memory().numTensors;
    const target = normal<tf.Rank.R1>([n], 3);
    const run = async (kernel: boolean) => {
      const init = normal<tf.Rank.R1>([n], 4);
      const theta = tf.variable(init);
      init.dispose();
      const opt = adam(theta, 0.05, { average: 0.9, kernel });
      const snapshots: Float32Array[] = [];
      for (let k = 0; k < 20; k++) {
        const g = tf.tidy(() => tf.mul(tf.sub(theta, target), tf.linspace(0.1, 10, n)) as tf.Tensor1D);
        opt.step(g);
        g.dispose();
        snapshots.push((await theta.data()) as Float32Array);
      }
      const avg = opt.averaged();
      const out = { theta: await theta.data(), avg: await avg.data(), snapshots };
      tf.dispose([theta, avg]);
      opt.dispose();
      return out;
    };
    expect(adamKernelAvailable()).toBe(tf.getBackend() === 'wasm');
    const ops = await run(false);
    const fused = await run(true);
    expect(Array.from(fused.theta)).toEqual(Array.from(ops.theta));
    expect(Array.from(fused.avg)).toEqual(Array.from(ops.avg));
    // The average against its definition in float64: θ̄_t = Σ_k (1−δ) δ^{t−k} θ_k / (1 − δ^t).
    const delta = 0.9;
    for (let i = 0; i < n; i++) {
      let acc = 0;
      ops.snapshots.forEach((s) => (acc = delta * acc + (1 - delta) * s[i]));
      expect(Math.abs(ops.avg[i] - acc / (1 - delta ** 20))).toBeLessThan(1e-5);
    }
    target.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    const g = tf.ones([10]) as tf.Tensor1D;
    const theta = tf.variable(g);
    const opt = adam(theta, 0.1, { average: 0.5 });
    for (let k = 0; k < 3; k++) opt.step(g);
    opt.averaged().dispose();
    opt.dispose();
    tf.dispose([theta, g]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
