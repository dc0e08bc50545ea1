import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from './backend';
import { registerWasmConcat } from './concat-kernel';

const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + seed) * 10);

/** tf.concat of tensors of these shapes along `axis` on cpu and on wasm (the lab's Concat), as arrays. */
async function both(shapes: number[][], axis: number, dtype: 'float32' | 'int32' = 'float32'): Promise<[number[], number[]]> {
  const out: number[][] = [];
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const xs = shapes.map((s, i) => tf.tensor(values(s.reduce((a, b) => a * b, 1), i).map((v) => (dtype === 'int32' ? Math.round(v) : v)), s, dtype));
    const y = tf.concat(xs, axis);
    out.push(Array.from(await y.data()));
    tf.dispose([...xs, y]);
  }
  return [out[0], out[1]];
}

describe.runIf(wasmBackend() !== null)('Concat on wasm (runs copied inside the heap)', () => {
  it('gives tfjs-cpu\'s values bit for bit: every axis, runs with SIMD tails, long runs, few runs, three inputs, int32, empty inputs', async () => {
    registerWasmConcat();
    registerWasmConcat(); // idempotent
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const cases: [number[][], number][] = [
      [[[2, 5, 5, 64], [2, 5, 5, 32]], 3], // the U-Net's skips: runs of 64 and 32, SIMD
      [[[3, 4, 7], [3, 4, 5], [3, 4, 2]], 2], // tails of 3, 1, 2 floats
      [[[6, 300], [6, 9]], 1], // a run over the unrolled limit: copyWithin
      [[[2, 3], [2, 4]], 1], // two runs: fewer than 4, copyWithin
      [[[3, 4, 5], [2, 4, 5]], 0], // leading axis: one run each
      [[[1000], [17], [5]], 0], // θ's gradients joined (unet.ts joinSlots)
      [[[2, 0, 3], [2, 2, 3], [2, 1, 3]], 1], // an empty input is skipped
    ];
    for (const [shapes, axis] of cases) {
      const [cpu, wasm] = await both(shapes, axis);
      expect(wasm, JSON.stringify(shapes)).toEqual(cpu);
    }
    const [cpuInt, wasmInt] = await both([[5, 6], [5, 2]], 1, 'int32');
    expect(wasmInt).toEqual(cpuInt);
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('its gradient splits dy back (tfjs\'s Concat gradient through the lab\'s Slice)', async () => {
    await tf.setBackend('wasm');
    const [a, b] = [tf.tensor(values(2 * 3 * 8, 1), [2, 3, 8]), tf.tensor(values(2 * 3 * 4, 2), [2, 3, 4])];
    const w = tf.tensor(values(2 * 3 * 12, 3), [2, 3, 12]);
    const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.concat([x, y], 2), w)))([a, b]);
    const wv = await w.array() as number[][][];
    expect(await da.array()).toEqual(wv.map((r) => r.map((p) => p.slice(0, 8))));
    expect(await db.array()).toEqual(wv.map((r) => r.map((p) => p.slice(8))));
    tf.dispose([a, b, w, da, db]);
  });
});
