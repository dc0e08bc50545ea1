import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '../wasm/backend';
import { registerConvKernels } from './conv-kernels';

const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(1.37 * i + 0.71 * seed) * 0.9);

interface Case {
  x: [number, number, number, number];
  size: [number, number];
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

// Batch > 1 (where tfjs-cpu's own kernel is wrong), 2× and uneven ratios (4 → 7 as the U-Net's up
// path), shrinking, and every corner mode.
const CASES: Case[] = [
  { x: [2, 2, 2, 1], size: [4, 4], alignCorners: false, halfPixelCenters: false },
  { x: [3, 4, 4, 5], size: [7, 7], alignCorners: false, halfPixelCenters: false },
  { x: [2, 7, 5, 3], size: [14, 10], alignCorners: false, halfPixelCenters: true },
  { x: [2, 5, 6, 2], size: [9, 4], alignCorners: true, halfPixelCenters: false },
];

/** dL/dx of L = Σ resize(x) ⊙ r by autodiff on the backend in use, and the forward for the adjoint check. */
async function run(c: Case) {
  const x = tf.tensor4d(values(c.x.reduce((a, b) => a * b, 1), 1), c.x);
  const r = tf.tensor4d(values(c.x[0] * c.size[0] * c.size[1] * c.x[3], 2), [c.x[0], ...c.size, c.x[3]]);
  const f = (v: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(v as tf.Tensor4D, c.size, c.alignCorners, c.halfPixelCenters), r));
  const dx = tf.grad(f)(x);
  // <resize(x), r> = <x, resizeᵀ r>: the gradient is the adjoint of the forward map.
  const pair = tf.tidy(() => tf.stack([f(x), tf.sum(tf.mul(x, dx))]));
  const [out, [lhs, rhs]] = [(await dx.data()) as Float32Array, await pair.data()];
  tf.dispose([x, r, dx, pair]);
  return { dx: out, lhs, rhs };
}

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('ResizeNearestNeighborGrad on cpu (replaces tfjs-cpu 4.22 kernel, wrong for batch > 1)', () => {
  afterAll(async () => {
    if (wasmBackend() === null && tf.findBackend('wasm')) await tf.setBackend('wasm');
  });
  for (const c of CASES) {
    it(`is the adjoint of the forward and equals the wasm kernel: x [${c.x}] → ${c.size} align ${c.alignCorners} half ${c.halfPixelCenters}`, async () => {
      const backend = tf.getBackend();
      registerConvKernels();
      await tf.setBackend('cpu');
      const cpu = await run(c);
      expect(Math.abs(cpu.lhs - cpu.rhs)).toBeLessThan(1e-5 * Math.max(1, Math.abs(cpu.lhs)));
      if (tf.findBackend('wasm')) {
        await tf.setBackend('wasm');
        const wasm = await run(c);
        // Both add the same float32 values, possibly in another order.
        expect(maxDiff(cpu.dx, wasm.dx)).toBeLessThan(1e-6);
      }
      await tf.setBackend(backend);
    });
  }
});
