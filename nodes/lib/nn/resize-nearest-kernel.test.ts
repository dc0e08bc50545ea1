import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from '../wasm/backend';
import { registerWasmResizeNearest } from './resize-nearest-kernel';

const values = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(1.7 * i) * 5);

describe.runIf(wasmBackend() !== null)('ResizeNearestNeighbor on wasm (pixels copied inside the heap)', () => {
  it('gives tfjs-cpu\'s values bit for bit: 2× (the U-Net), 4 → 7, 3×, downsizing, aligned corners, half-pixel centres', async () => {
    registerWasmResizeNearest();
    registerWasmResizeNearest(); // idempotent
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const cases: [number[], [number, number], boolean, boolean][] = [
      [[2, 7, 7, 64], [14, 14], false, false], // whole factor 2: strided SIMD copies, rows repeated
      [[2, 4, 4, 8], [7, 7], false, false], // the U-Net's 4 → 7 at odd sizes: a copy per pixel
      [[1, 3, 5, 3], [9, 15], false, false], // factor 3, pixels of 3 floats (SIMD tails)
      [[2, 6, 6, 4], [3, 4], false, false], // downsizing
      [[1, 4, 4, 4], [7, 7], true, false],
      [[1, 4, 4, 4], [8, 8], false, true],
      [[3, 2, 2, 1], [4, 4], false, false], // one channel: runs of 1 float
    ];
    for (const [shape, size, alignCorners, halfPixelCenters] of cases) {
      const run = async (backend: string) => {
        await tf.setBackend(backend);
        const x = tf.tensor4d(values(shape.reduce((a, b) => a * b, 1)), shape as [number, number, number, number]);
        const y = tf.image.resizeNearestNeighbor(x, size, alignCorners, halfPixelCenters);
        const out = Array.from(await y.data());
        tf.dispose([x, y]);
        return out;
      };
      const cpu = await run('cpu');
      expect(await run('wasm'), `${shape} → ${size}`).toEqual(cpu);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
