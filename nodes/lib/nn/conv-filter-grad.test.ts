import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressOf, wasmBackend } from '../wasm/backend';
import { conv2dFilterGradOps } from './conv-filter-grad';
import { filterGradInto, registerWasmConvKernels } from './conv-filter-grad-kernel';
import { convGeometry, type ConvPadding } from './conv-geometry';

/** A deterministic spread of values in (−1, 1). */
const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(1.37 * i + 0.71 * seed) * 0.9);

interface Case {
  x: [number, number, number, number];
  f: [number, number, number, number];
  s: number | [number, number];
  pad: ConvPadding;
}

// Odd sizes, strides 1 and 2 (and mixed), every padding mode, batch > 1, 1 to 33 channels
// (the SIMD GEMM's 8-wide tiles, 4-wide and 1–3 column tails), chunks of positions (the last case
// has 3·15·15 = 675 positions of K2 = 99: several accumulating chunks).
const CASES: Case[] = [
  { x: [1, 5, 5, 1], f: [3, 3, 1, 1], s: 1, pad: 'same' },
  { x: [2, 7, 5, 3], f: [3, 3, 3, 5], s: 1, pad: 'valid' },
  { x: [3, 9, 7, 2], f: [3, 3, 2, 8], s: 2, pad: 'same' },
  { x: [2, 8, 8, 4], f: [3, 3, 4, 6], s: 2, pad: 'valid' },
  { x: [2, 6, 7, 5], f: [1, 1, 5, 9], s: 1, pad: 'same' },
  { x: [2, 11, 9, 3], f: [2, 3, 3, 4], s: [2, 1], pad: 'same' },
  { x: [2, 7, 6, 3], f: [3, 2, 3, 7], s: 1, pad: [[0, 0], [2, 1], [0, 2], [0, 0]] },
  { x: [1, 10, 10, 6], f: [5, 5, 6, 3], s: 2, pad: 2 },
  { x: [3, 15, 15, 11], f: [3, 3, 11, 33], s: 1, pad: 'same' },
];

const label = (c: Case) => `x [${c.x}] filter [${c.f}] stride ${c.s} pad ${JSON.stringify(c.pad)}`;

/** L(W) = Σ conv2d(x, W) ⊙ r, so dL/dW is the filter gradient for dy = r. */
function lossOf(x: tf.Tensor4D, r: tf.Tensor4D, c: Case) {
  return (w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, w as tf.Tensor4D, c.s, c.pad), r));
}

/** Inputs of a case: x, W and r (dy), the same numbers on every backend. */
function inputs(c: Case) {
  const g = convGeometry(c.x, c.f, c.s, c.pad);
  const dyShape: [number, number, number, number] = [g.batch, g.outH, g.outW, g.outC];
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  return {
    x: tf.tensor4d(values(size(c.x), 1), c.x),
    w: tf.tensor4d(values(size(c.f), 2), c.f),
    r: tf.tensor4d(values(size(dyShape), 3), dyShape),
  };
}

/** dL/dW by tfjs autodiff on the backend in use. */
async function autodiff(c: Case): Promise<Float32Array> {
  const t = inputs(c);
  const dw = tf.grad(lossOf(t.x, t.r, c))(t.w);
  const out = (await dw.data()) as Float32Array;
  tf.dispose([dw, t.x, t.w, t.r]);
  return out;
}

/** The sum of the definition, in float64 (independent of tfjs). */
function float64Reference(c: Case): Float64Array {
  const g = convGeometry(c.x, c.f, c.s, c.pad);
  const x = values(c.x.reduce((a, b) => a * b, 1), 1);
  const dy = values(g.batch * g.outH * g.outW * g.outC, 3);
  const dw = new Float64Array(g.fh * g.fw * g.inC * g.outC);
  for (let n = 0; n < g.batch; n++)
    for (let oh = 0; oh < g.outH; oh++)
      for (let ow = 0; ow < g.outW; ow++)
        for (let kh = 0; kh < g.fh; kh++)
          for (let kw = 0; kw < g.fw; kw++) {
            const [ih, iw] = [oh * g.sh - g.top + kh, ow * g.sw - g.left + kw];
            if (ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW) continue;
            for (let ci = 0; ci < g.inC; ci++)
              for (let co = 0; co < g.outC; co++)
                dw[((kh * g.fw + kw) * g.inC + ci) * g.outC + co] += x[((n * g.inH + ih) * g.inW + iw) * g.inC + ci] * dy[((n * g.outH + oh) * g.outW + ow) * g.outC + co];
          }
  return dw;
}

/** max |a − b| / max(1, max |b|). */
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let [d, m] = [0, 0];
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return d / Math.max(1, m);
}

describe.runIf(wasmBackend() !== null)('Conv2DBackpropFilter on wasm', () => {
  const cpu = new Map<Case, Float32Array>();
  beforeAll(async () => {
    // Autodiff on the cpu backend (tfjs's own Conv2DBackpropFilter) is the reference.
    await tf.setBackend('cpu');
    for (const c of CASES) cpu.set(c, await autodiff(c));
    await tf.setBackend('wasm');
    registerWasmConvKernels();
    registerWasmConvKernels(); // idempotent
  });
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it('is registered once for wasm', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  for (const c of CASES) {
    it(`matches cpu autodiff, the float64 sum and the ops twin: ${label(c)}`, async () => {
      const before = tf.memory().numTensors;
      const wasm = await autodiff(c);
      const ref = float64Reference(c);
      // float32 sums of up to n = 675 products of magnitude ≤ 0.81, in different orders: the
      // rounding is ~ √n·2⁻²⁴·Σ|terms| ≈ 26 · 6e-8 · 270, about 1e-5 of the largest entries (≈ 40).
      expect(relDiff(wasm, ref)).toBeLessThan(1e-5);
      expect(relDiff(wasm, cpu.get(c)!)).toBeLessThan(1e-5);
      const t = inputs(c);
      const twin = conv2dFilterGradOps(t.x, t.r, c.f, c.s, c.pad);
      expect(relDiff(await twin.data(), ref)).toBeLessThan(1e-5);
      tf.dispose([twin, t.x, t.w, t.r]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('matches central finite differences of the wasm forward conv2d', async () => {
    // L is linear in W, so (L(W + h e) − L(W − h e)) / 2h has no truncation error; with h = 0.05
    // its float32 rounding is ~ 1e-7 · Σ|terms| / h ≈ 1e-4 here.
    for (const c of [CASES[2], CASES[6], CASES[7]]) {
      const t = inputs(c);
      const f = lossOf(t.x, t.r, c);
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
        expect(Math.abs(fd - dw[j]), `${label(c)} entry ${j}`).toBeLessThan(2e-3 * Math.max(1, Math.abs(dw[j])));
      }
      tf.dispose([t.x, t.w, t.r]);
    }
  });

  it('the plain-JavaScript path (no WASM SIMD) gives the same numbers', async () => {
    const be = wasmBackend()!;
    for (const c of [CASES[1], CASES[3], CASES[8]]) {
      const g = convGeometry(c.x, c.f, c.s, c.pad);
      const t = inputs(c);
      const dw = tf.zeros(c.f);
      filterGradInto(be, g, addressOf(be, t.x), addressOf(be, t.r), addressOf(be, dw), false);
      expect(relDiff(await dw.data(), float64Reference(c))).toBeLessThan(1e-6);
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
