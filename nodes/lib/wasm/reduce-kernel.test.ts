import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from './backend';
import { registerWasmReductions } from './reduce-kernel';

const values = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(1.3 * i) * 10);

describe.runIf(wasmBackend() !== null)('Sum and Mean on wasm over non-innermost axes (column sums by the SIMD GEMM)', () => {
  it('agree with tfjs-cpu on every kind of axis set, keepDims or not, and leak nothing', async () => {
    registerWasmReductions();
    registerWasmReductions(); // idempotent
    const cases: [number[], number[], boolean][] = [
      [[4, 5, 6, 7], [0, 1, 2], false], // bias gradient: per channel
      [[4, 5, 6, 7], [1, 2], true], // GroupNorm statistics: per image and channel
      [[4, 5, 6, 7], [1], false],
      [[4, 5, 6, 7], [3], false], // innermost: the original kernel
      [[4, 5, 6, 7], [0, 2], false], // not adjacent: the original kernel
      [[300, 9], [0], false], // long columns (K passes of 128), a 1-column tail
      [[3, 1, 5], [-2], true], // a reduced axis of length 1
      [[6], [0], false],
    ];
    for (const op of ['sum', 'mean'] as const) {
      for (const [shape, axes, keep] of cases) {
        const n = shape.reduce((a, b) => a * b, 1);
        const got: Float32Array[] = [];
        const shapes: number[][] = [];
        for (const backend of ['cpu', 'wasm']) {
          await tf.setBackend(backend);
          const before = tf.memory().numTensors;
          const x = tf.tensor(values(n), shape);
          const y = tf[op](x, axes, keep);
          got.push((await y.data()) as Float32Array);
          shapes.push(y.shape);
          tf.dispose([x, y]);
          expect(tf.memory().numTensors).toBe(before);
        }
        expect(shapes[1], `${op} ${shape} ${axes}`).toEqual(shapes[0]);
        // float32 sums of ≤ 300 terms ≤ 10 in other orders: ≲ 300 · 6e-8 · 10 of the scale.
        const scale = Math.max(1, ...Array.from(got[0], Math.abs));
        got[1].forEach((v, i) => expect(Math.abs(v - got[0][i]) / scale, `${op} ${shape} ${axes} [${i}]`).toBeLessThan(2e-6));
      }
    }
    expect(tf.getBackend()).toBe('wasm');
  });
});
