import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from './backend';
import { registerWasmSlice } from './slice-kernel';

/** The same slices on cpu and on wasm (with the lab's Slice), as plain arrays. */
async function both(make: () => tf.Tensor, f: (x: tf.Tensor) => tf.Tensor | tf.Tensor[]): Promise<[number[][], number[][]]> {
  const out: number[][][] = [];
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const x = make();
    const ys = [f(x)].flat();
    out.push(await Promise.all(ys.map(async (y) => Array.from(await y.data()))));
    tf.dispose([x, ...ys]);
  }
  return [out[0], out[1]];
}

const values = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(1.3 * i) * 10);

describe.runIf(wasmBackend() !== null)('Slice and SplitV on wasm (contiguous slices copied inside the heap)', () => {
  it('is registered once and gives tfjs-cpu\'s values for contiguous and strided slices of every rank', async () => {
    registerWasmSlice();
    registerWasmSlice();
    const before = tf.memory().numTensors;
    const cases: [number[], number[], number[]][] = [
      [[1000], [17], [500]], // 1-D: contiguous
      [[6, 7], [2, 0], [3, 7]], // whole rows: contiguous
      [[6, 7], [2, 1], [3, 4]], // partial rows: strided
      [[3, 4, 5, 6], [1, 2, 0, 0], [1, 2, 5, 6]], // leading partial axes then whole ones: contiguous
      [[3, 4, 5, 6], [0, 1, 1, 0], [3, 2, 3, 6]], // strided
      [[5, 3], [4, 0], [1, -1]], // size −1: to the end
      [[2, 3, 4, 5], [1, 0, 2, 1], [1, 3, 2, 3]], // runs of 3 under two partial axes
    ];
    for (const [shape, begin, size] of cases) {
      const n = shape.reduce((a, b) => a * b, 1);
      const [cpu, wasm] = await both(() => tf.tensor(values(n), shape), (x) => tf.slice(x, begin, size));
      expect(wasm, `${shape} ${begin} ${size}`).toEqual(cpu);
    }
    const [cpuInt, wasmInt] = await both(() => tf.tensor1d([1, 2, 3, 4, 5], 'int32'), (x) => tf.slice(x, 1, 3));
    expect(wasmInt).toEqual(cpuInt);
    const sizes = [3, 1, 40, 200, 756];
    const [cpuSplit, wasmSplit] = await both(() => tf.tensor1d(values(1000)), (x) => tf.split(x, sizes));
    expect(wasmSplit).toEqual(cpuSplit);
    // Along a later axis the pieces are runs of rows: columns of a matrix, channels of images.
    const [cpuCols, wasmCols] = await both(() => tf.tensor2d(values(48), [6, 8]), (x) => tf.split(x, [3, 5], 1));
    expect(wasmCols).toEqual(cpuCols);
    const [cpuChannels, wasmChannels] = await both(() => tf.tensor4d(values(144), [2, 3, 4, 6]), (x) => tf.split(x, [2, 4], 3));
    expect(wasmChannels).toEqual(cpuChannels);
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.memory().numTensors).toBe(before);
  });
});
