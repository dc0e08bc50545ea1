import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addressOf, wasmBackend } from '../wasm/backend';
import { conv2dFilterGradOps } from './conv-filter-grad';
import { filterGradInto } from './conv-filter-grad-kernel';
import { registerConvKernels } from './conv-kernels';
import { caseData, caseLabel, caseLoss, caseTensors, CONV_CASES, float64Sums, relDiff, type ConvCase } from './conv-testing';

/** dL/dW by tfjs autodiff on the backend in use (L = Σ conv2d(x, W) ⊙ r). */
async function autodiff(c: ConvCase): Promise<Float32Array> {
  const t = caseTensors(c);
  const dw = tf.grad((w) => caseLoss(c, t.r)(t.x, w))(t.w);
  const out = (await dw.data()) as Float32Array;
  tf.dispose([dw, t.x, t.w, t.r]);
  return out;
}

describe.runIf(wasmBackend() !== null)('Conv2DBackpropFilter on wasm', () => {
  const cpu = new Map<ConvCase, Float32Array>();
  beforeAll(async () => {
    // Autodiff on the cpu backend (tfjs's own Conv2DBackpropFilter) is the reference.
    await tf.setBackend('cpu');
    for (const c of CONV_CASES) cpu.set(c, await autodiff(c));
    await tf.setBackend('wasm');
    registerConvKernels();
    registerConvKernels(); // idempotent
  });

  it('is registered for wasm', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  for (const c of CONV_CASES) {
    it(`matches cpu autodiff, the float64 sum and the ops twin: ${caseLabel(c)}`, async () => {
      const before = tf.memory().numTensors;
      const wasm = await autodiff(c);
      const ref = float64Sums(c).dw;
      // float32 sums of up to n = 675 products of magnitude ≤ 0.81, in different orders: the
      // rounding is ~ √n·2⁻²⁴·Σ|terms| ≈ 26 · 6e-8 · 270, about 1e-5 of the largest entries (≈ 40).
      expect(relDiff(wasm, ref)).toBeLessThan(1e-5);
      expect(relDiff(wasm, cpu.get(c)!)).toBeLessThan(1e-5);
      const t = caseTensors(c);
      const twin = conv2dFilterGradOps(t.x, t.r, c.f, c.s, c.pad);
      expect(relDiff(await twin.data(), ref)).toBeLessThan(1e-5);
      tf.dispose([twin, t.x, t.w, t.r]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('matches central finite differences of the wasm forward conv2d', async () => {
    // L is linear in W, so (L(W + h e) − L(W − h e)) / 2h has no truncation error; with h = 0.05
    // its float32 rounding is ~ 1e-7 · Σ|terms| / h ≈ 1e-4 here.
    for (const c of [CONV_CASES[2], CONV_CASES[6], CONV_CASES[7]]) {
      const t = caseTensors(c);
      const f = (w: tf.Tensor) => caseLoss(c, t.r)(t.x, w);
      const dw = await tf.tidy(() => tf.grad(f)(t.w)).data();
      const w = await t.w.data();
      const h = 0.05;
      for (const j of [0, 7, w.length - 1, Math.floor(w.length / 2)]) {
        const at = (delta: number) => {
          const shifted = Float32Array.from(w);
          shifted[j] += delta;
          return tf.tidy(() => f(tf.tensor4d(shifted, c.f)).arraySync() as number);
        };
        const fd = (at(h) - at(-h)) / (2 * h);
        expect(Math.abs(fd - dw[j]), `${caseLabel(c)} entry ${j}`).toBeLessThan(2e-3 * Math.max(1, Math.abs(dw[j])));
      }
      tf.dispose([t.x, t.w, t.r]);
    }
  });

  it('the plain-JavaScript path (no WASM SIMD) gives the same numbers', async () => {
    const be = wasmBackend()!;
    for (const c of [CONV_CASES[1], CONV_CASES[3], CONV_CASES[8]]) {
      const t = caseTensors(c);
      const dw = tf.zeros(c.f);
      filterGradInto(be, caseData(c).g, addressOf(be, t.x), addressOf(be, t.r), addressOf(be, dw), false);
      expect(relDiff(await dw.data(), float64Sums(c).dw)).toBeLessThan(1e-6);
      tf.dispose([dw, t.x, t.w, t.r]);
    }
  });

  it('refuses a dy of the wrong shape with a message naming both shapes', () => {
    const x = tf.zeros([1, 5, 5, 2]);
    const dy = tf.zeros([1, 4, 4, 3]);
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 2, 3] } as unknown as tf.NamedAttrMap)).toThrow(/dy has shape \[1, 4, 4, 3\], expected \[1, 5, 5, 3\]/);
    tf.dispose([x, dy]);
  });
});
