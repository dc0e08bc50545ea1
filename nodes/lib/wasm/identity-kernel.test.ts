import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from './backend';
import { registerWasmSharing } from './identity-kernel';

describe.runIf(wasmBackend() !== null)('Identity and same-dtype Cast on wasm share the data', () => {
  it('clones and casts keep their values after the original is disposed, and free the memory once all are gone', async () => {
    await tf.setBackend('wasm');
    registerWasmSharing();
    registerWasmSharing(); // idempotent
    const before = tf.memory();
    const x = tf.tensor2d([1.5, -2, 3, 4.25, 5, -6], [2, 3]);
    const [c, d] = [tf.clone(x), tf.cast(x, 'float32')];
    const asInt = tf.cast(x, 'int32'); // another dtype: a real conversion
    // One buffer for x, its clone and its float32 cast, one for the int32 copy (tfjs's numBytes counts
    // bytes per tensor, shared or not).
    expect(tf.memory().numDataBuffers - before.numDataBuffers).toBe(2);
    expect(tf.memory().unreliable).toBeFalsy();
    x.dispose();
    expect(Array.from(await c.data())).toEqual([1.5, -2, 3, 4.25, 5, -6]);
    expect(Array.from(await d.data())).toEqual([1.5, -2, 3, 4.25, 5, -6]);
    expect(Array.from(await asInt.data())).toEqual([1, -2, 3, 4, 5, -6]);
    expect(c.shape).toEqual([2, 3]);
    tf.dispose([c, d, asInt]);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
    expect(tf.memory().numTensors).toBe(before.numTensors);
    const ints = tf.tensor1d([3, 4], 'int32');
    const floats = tf.cast(ints, 'float32');
    expect(floats.dtype).toBe('float32');
    expect(Array.from(await floats.data())).toEqual([3, 4]);
    floats.dispose();
    ints.dispose();
  });

  it('gradients through saved (cloned) tensors equal the cpu backend\'s', async () => {
    const f = (a: tf.Tensor) => tf.sum(tf.mul(tf.square(a), tf.sigmoid(a)));
    const grads: number[][] = [];
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      if (backend === 'wasm') registerWasmSharing();
      const a = tf.tensor1d([0.3, -1.2, 2.5, 0]);
      const g = tf.grad(f)(a);
      grads.push(Array.from(await g.data()));
      tf.dispose([a, g]);
    }
    grads[1].forEach((g, i) => expect(g).toBeCloseTo(grads[0][i], 5));
    await tf.setBackend('wasm');
  });
});
