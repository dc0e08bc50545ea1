import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addressOf, wasmBackend } from '../wasm/backend';
import { conv2dInputGradOps } from './conv-input-grad';
import { inputGradInto } from './conv-input-grad-kernel';
import { registerConvKernels } from './conv-kernels';
import { caseData, caseLabel, caseLoss, caseTensors, CONV_CASES, float64Sums, relDiff, type ConvCase } from './conv-testing';

/** dL/dx by tfjs autodiff on the backend in use (L = Σ conv2d(x, W) ⊙ r), and conv2dTranspose(r, W). */
async function autodiff(c: ConvCase): Promise<{ dx: Float32Array; transposed: Float32Array }> {
  const t = caseTensors(c);
  const dx = tf.grad((x) => caseLoss(c, t.r)(x, t.w))(t.x);
  const tr = tf.conv2dTranspose(t.r, t.w, c.x, c.s, c.pad as 'same' | 'valid' | number);
  const out = { dx: (await dx.data()) as Float32Array, transposed: (await tr.data()) as Float32Array };
  tf.dispose([dx, tr, t.x, t.w, t.r]);
  return out;
}

describe.runIf(wasmBackend() !== null)('Conv2DBackpropInput on wasm (replaces the XNNPACK deconvolution)', () => {
  const cpu = new Map<ConvCase, Float32Array>();
  beforeAll(async () => {
    await tf.setBackend('cpu');
    for (const c of CONV_CASES) cpu.set(c, (await autodiff(c)).dx);
    await tf.setBackend('wasm');
    registerConvKernels();
    registerConvKernels(); // idempotent
  });

  for (const c of CONV_CASES) {
    it(`dx and conv2dTranspose match cpu autodiff, the float64 sum and the ops twin: ${caseLabel(c)}`, async () => {
      const before = tf.memory().numTensors;
      const wasm = await autodiff(c);
      const ref = float64Sums(c).dx;
      // Sums of at most fh·fw·C_out = 297 products ≤ 0.81: float32 rounding ≪ 1e-5 of the scale.
      expect(relDiff(wasm.dx, ref)).toBeLessThan(1e-5);
      expect(relDiff(wasm.dx, cpu.get(c)!)).toBeLessThan(1e-5);
      if (typeof c.pad !== 'object') expect(relDiff(wasm.transposed, ref)).toBeLessThan(1e-5);
      const t = caseTensors(c);
      const twin = conv2dInputGradOps(t.r, t.w, c.x, c.s, c.pad);
      expect(relDiff(await twin.data(), ref)).toBeLessThan(1e-5);
      tf.dispose([twin, t.x, t.w, t.r]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('matches central finite differences of the wasm forward conv2d', async () => {
    // L is linear in x: central differences are exact up to float32 rounding (~1e-4 at h = 0.05).
    for (const c of [CONV_CASES[2], CONV_CASES[5], CONV_CASES[7]]) {
      const t = caseTensors(c);
      const f = (x: tf.Tensor) => caseLoss(c, t.r)(x, t.w);
      const dx = await tf.tidy(() => tf.grad(f)(t.x)).data();
      const x = await t.x.data();
      const h = 0.05;
      for (const j of [0, 5, x.length - 1, Math.floor(x.length / 3)]) {
        const at = (delta: number) => {
          const shifted = Float32Array.from(x);
          shifted[j] += delta;
          return tf.tidy(() => f(tf.tensor4d(shifted, c.x)).arraySync() as number);
        };
        expect(Math.abs((at(h) - at(-h)) / (2 * h) - dx[j]), `${caseLabel(c)} entry ${j}`).toBeLessThan(2e-3 * Math.max(1, Math.abs(dx[j])));
      }
      tf.dispose([t.x, t.w, t.r]);
    }
  });

  it('the plain-JavaScript path (no WASM SIMD) gives the same numbers', async () => {
    const be = wasmBackend()!;
    for (const c of [CONV_CASES[2], CONV_CASES[8]]) {
      const t = caseTensors(c);
      const dx = tf.zeros(c.x);
      inputGradInto(be, caseData(c).g, addressOf(be, t.r), addressOf(be, t.w), addressOf(be, dx), false);
      expect(relDiff(await dx.data(), float64Sums(c).dx)).toBeLessThan(1e-6);
      tf.dispose([dx, t.x, t.w, t.r]);
    }
  });
});
