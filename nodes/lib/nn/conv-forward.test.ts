import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { addressOf, wasmBackend } from '../wasm/backend';
import { conv2dInto } from './conv-forward-kernel';
import { caseData, caseLabel, caseTensors, CONV_CASES, float64Sums, relDiff, type ConvCase } from './conv-testing';

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

  it('the plain-JavaScript path (no WASM SIMD) gives the same numbers', async () => {
    for (const c of [CONV_CASES[2], CONV_CASES[8], POINTWISE]) expect(relDiff(await convInto(c, false), float64Sums(c).y)).toBeLessThan(1e-6);
  });
});
