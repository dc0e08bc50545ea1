import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { addressOf, wasmBackend } from '../wasm/backend';
import { conv2dInto } from './conv-forward-kernel';
import { registerConvKernels } from './conv-kernels';
import { caseData, caseLabel, caseTensors, CONV_CASES, float64Sums, kernelBound, relDiff, values, type ConvCase } from './conv-testing';

const POINTWISE: ConvCase = { x: [3, 5, 7, 6], f: [1, 1, 6, 10], s: 1, pad: 'valid' };

/** y = conv2d(x, W) by conv2dInto (SIMD GEMM or the plain-JavaScript path), read back. */
async function convInto(c: ConvCase, simd: boolean): Promise<Float32Array> {
  const be = wasmBackend()!;
  const d = caseData(c);
  const t = caseTensors(c);
  const y = tf.fill(d.rShape, 7); // a sentinel: every entry must be written
  conv2dInto(be, d.g, addressOf(be, t.x), addressOf(be, t.w), addressOf(be, y), simd);
  const out = (await y.data()) as Float32Array;
  tf.dispose([y, t.x, t.w, t.r]);
  return out;
}

describe.runIf(wasmBackend() !== null)('conv2dInto (im2col + the SIMD GEMM)', () => {
  for (const c of [...CONV_CASES, POINTWISE]) {
    it(`equals the float64 sum and tfjs's conv2d: ${caseLabel(c)}`, async () => {
      const ref = float64Sums(c).y;
      // Sums of at most fh·fw·C_in = 150 products ≤ 0.81 in float32: ≪ 1e-5 of the scale.
      expect(relDiff(await convInto(c, true), ref)).toBeLessThan(1e-5);
      const t = caseTensors(c);
      const y = tf.conv2d(t.x, t.w, c.s, c.pad);
      expect(relDiff(await y.data(), ref)).toBeLessThan(1e-5);
      tf.dispose([y, t.x, t.w, t.r]);
    });
  }

  it('tf.fused.conv2d with a bias (the U-Net\'s conv: the bias in the GEMM) and its gradients match cpu; F(4×4) at 28×28', async () => {
    // 28×28 takes F(4×4) (winograd-conv.ts winogradTile): 0.6–3.9e-5 of the scale.
    const LARGE: ConvCase = { x: [2, 28, 28, 8], f: [3, 3, 8, 12], s: 1, pad: 'same' };
    registerConvKernels(); // FusedConv2D here, and the gradients' kernels
    const run = async (c: ConvCase) => {
      const t = caseTensors(c);
      const b = tf.tensor1d(values(c.f[3], 9));
      const conv = (x: tf.Tensor, w: tf.Tensor, bias: tf.Tensor) => tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: c.s, pad: c.pad, bias });
      const y = conv(t.x, t.w, b);
      const grads = tf.grads((x: tf.Tensor, w: tf.Tensor, bias: tf.Tensor) => tf.sum(tf.mul(conv(x, w, bias), t.r)))([t.x, t.w, b]);
      const out = await Promise.all([y, ...grads].map((u) => u.data()));
      tf.dispose([y, ...grads, b, t.x, t.w, t.r]);
      return out;
    };
    for (const c of [...CONV_CASES, POINTWISE, LARGE]) {
      await tf.setBackend('cpu');
      const cpu = await run(c);
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const wasm = await run(c);
      cpu.forEach((ref, i) => expect(relDiff(wasm[i], ref), `${caseLabel(c)} output ${i}`).toBeLessThan(kernelBound(c)));
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('the plain-JavaScript path (no WASM SIMD) gives the same numbers, with and without a bias', async () => {
    const be = wasmBackend()!;
    for (const c of [CONV_CASES[2], CONV_CASES[8], POINTWISE]) {
      expect(relDiff(await convInto(c, false), float64Sums(c).y)).toBeLessThan(1e-6);
      const d = caseData(c);
      const t = caseTensors(c);
      const [b, y] = [tf.tensor1d(values(c.f[3], 9)), tf.fill(d.rShape, 7)];
      const bias = b.dataSync();
      conv2dInto(be, d.g, addressOf(be, t.x), addressOf(be, t.w), addressOf(be, y), false, { bias: addressOf(be, b) });
      expect(relDiff(y.dataSync(), float64Sums(c).y.map((v, i) => v + bias[i % c.f[3]]))).toBeLessThan(1e-6);
      tf.dispose([b, y, t.x, t.w, t.r]);
    }
  });
});
