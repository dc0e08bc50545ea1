import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from '../wasm/backend';
import { resizeNearestGrad } from './resize-nearest-grad';
import { registerWasmResizeNearestGrad } from './resize-nearest-grad-kernel';

const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(1.37 * i + 0.71 * seed) * 0.9);

// Batch > 1, 2× (the U-Net's up path, with 64 channels), uneven ratios (4 → 7), shrinking, every corner mode.
const CASES: { x: [number, number, number, number]; size: [number, number]; alignCorners: boolean; halfPixelCenters: boolean }[] = [
  { x: [3, 7, 7, 64], size: [14, 14], alignCorners: false, halfPixelCenters: false },
  { x: [3, 4, 4, 5], size: [7, 7], alignCorners: false, halfPixelCenters: false },
  { x: [2, 7, 5, 3], size: [14, 10], alignCorners: false, halfPixelCenters: true },
  { x: [2, 5, 6, 2], size: [9, 4], alignCorners: true, halfPixelCenters: false },
];

describe.runIf(wasmBackend() !== null)('ResizeNearestNeighborGrad on wasm (in the heap)', () => {
  for (const c of CASES) {
    it(`equals the reference loop and is the adjoint of the forward: x [${c.x}] → ${c.size} align ${c.alignCorners} half ${c.halfPixelCenters}`, async () => {
      await tf.setBackend('wasm');
      registerWasmResizeNearestGrad();
      registerWasmResizeNearestGrad(); // idempotent
      const before = tf.memory().numTensors;
      const x = tf.tensor4d(values(c.x.reduce((a, b) => a * b, 1), 1), c.x);
      const rShape = [c.x[0], ...c.size, c.x[3]];
      const rValues = values(rShape.reduce((a, b) => a * b, 1), 2);
      const r = tf.tensor(rValues, rShape);
      const f = (v: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(v as tf.Tensor4D, c.size, c.alignCorners, c.halfPixelCenters), r));
      const dx = tf.grad(f)(x);
      const ref = resizeNearestGrad(rValues, c.x, rShape, c);
      const got = (await dx.data()) as Float32Array;
      got.forEach((v, i) => expect(Math.abs(v - ref[i])).toBeLessThan(1e-6));
      // <resize(x), r> = <x, resizeᵀ r>, both float32 sums of up to 37 632 products: ~1e-5 relative apart.
      const pair = tf.tidy(() => tf.stack([f(x), tf.sum(tf.mul(x, dx))]));
      const [lhs, rhs] = await pair.data();
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4 * Math.max(1, Math.abs(lhs)));
      tf.dispose([x, r, dx, pair]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
