import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addressOf, wasmBackend } from '../wasm/backend';
import { registerConvKernels } from './conv-kernels';
import { caseData, caseLabel, caseTensors, float64Sums, kernelBound, relDiff, values, type ConvCase } from './conv-testing';
import { conv2dWinogradInto, filterGradWinogradInto, winogradTile, winogradApplies } from './winograd-conv';
import { F2, F3, F4, type WinogradMatrices } from './winograd-matrices';
import { transformFor, transformScalar, type TransformSpec } from './winograd-transform';

// 3×3 stride-1 cases: odd and even sizes (tiles cut at the edge), 'same', 'valid' and explicit
// padding, batch > 1, 4 to 36 channels (the GEMM's 8-wide tiles and 4-wide tails), several
// chunks of images (the last case: 2^18 floats hold 8 images' 49 F(2×2) tiles of α² = 16 entries
// at 32 channels, so 5 images make one chunk; with F(4×4) only 2 fit: three chunks, one partial).
const CASES: ConvCase[] = [
  { x: [1, 5, 5, 4], f: [3, 3, 4, 4], s: 1, pad: 'same' },
  { x: [2, 7, 6, 8], f: [3, 3, 8, 12], s: 1, pad: 'same' },
  { x: [3, 9, 7, 4], f: [3, 3, 4, 8], s: 1, pad: 'valid' },
  { x: [2, 8, 8, 12], f: [3, 3, 12, 4], s: 1, pad: [[0, 0], [2, 0], [0, 1], [0, 0]] },
  { x: [2, 4, 10, 20], f: [3, 3, 20, 36], s: 1, pad: 1 },
  { x: [5, 14, 14, 32], f: [3, 3, 32, 16], s: 1, pad: 'same' },
  // Channels zero-padded to a multiple of 4: the U-Net's in (1 → 32) and out (32 → 1) convolutions, and odd counts.
  { x: [3, 6, 5, 1], f: [3, 3, 1, 8], s: 1, pad: 'same' },
  { x: [2, 7, 8, 12], f: [3, 3, 12, 1], s: 1, pad: 'same' },
  { x: [2, 5, 7, 3], f: [3, 3, 3, 6], s: 1, pad: 'valid' },
];

/** y (or dW) by the Winograd kernels of tile W, read back. */
async function run(c: ConvCase, W: WinogradMatrices, what: 'y' | 'dw'): Promise<Float32Array> {
  const be = wasmBackend()!;
  const d = caseData(c);
  const t = caseTensors(c);
  const out = tf.fill(what === 'y' ? d.rShape : c.f, 7); // a sentinel: every entry must be written
  const [x, w, r, o] = [t.x, t.w, t.r, out].map((u) => addressOf(be, u));
  const ran = what === 'y' ? conv2dWinogradInto(be, d.g, x, w, o, W) : filterGradWinogradInto(be, d.g, x, r, o, W);
  expect(ran).toBe(true);
  const data = (await out.data()) as Float32Array;
  tf.dispose([out, t.x, t.w, t.r]);
  return data;
}

describe.runIf(wasmBackend() !== null)('Winograd F(m×m, 3×3) convolutions on wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    registerConvKernels();
  });

  it('the generated SIMD transform equals the plain-JavaScript one (every matrix, strided layouts, with and without FMA)', () => {
    const be = wasmBackend()!;
    for (const [fma, W] of [false, true].flatMap((f) => [F2, F3, F4].map((W) => [f, W] as const)))
      for (const [L, r] of [[W.BT, W.alpha], [W.AT, W.alpha], [W.G, 3]] as [number[][], number][]) {
        const q = L.length;
        const C = 8;
        const tiles = 3;
        const spec: TransformSpec = { L, channels: C, inRow: 4 * (r + 5) * C, inCol: 4 * C, outRow: 4 * q * C, outCol: 4 * C * tiles * q, inStep: 4 * 2 * C, outStep: 4 * q * q * C };
        const src = tf.tensor1d(values(r * (r + 5) * C + 2 * C * tiles, 4));
        const [a, b] = [tf.fill([q * q * C * tiles * q], 7), tf.fill([q * q * C * tiles * q], 7)];
        transformFor(be, spec, fma)!(addressOf(be, src), addressOf(be, a), tiles);
        transformScalar(be.wasm.HEAPF32, spec, addressOf(be, src), addressOf(be, b), tiles);
        expect(relDiff(a.dataSync(), b.dataSync())).toBeLessThan(2e-7);
        tf.dispose([src, a, b]);
      }
  });

  it('1-D check of the matrices: Aᵀ[(G g) ⊙ (Bᵀ d)] is the correlation y_i = Σ_k d_{i+k} g_k', () => {
    for (const W of [F2, F3, F4]) {
      const d = Array.from({ length: W.alpha }, (_, i) => Math.sin(i + 1));
      const g = [0.3, -1.1, 0.7];
      const u = W.G.map((row) => row.reduce((s, c, k) => s + c * g[k], 0));
      const v = W.BT.map((row) => row.reduce((s, c, k) => s + c * d[k], 0));
      const y = W.AT.map((row) => row.reduce((s, c, k) => s + c * u[k] * v[k], 0));
      y.forEach((yi, i) => expect(yi).toBeCloseTo(g.reduce((s, gk, k) => s + gk * d[i + k], 0), 12));
    }
  });

  for (const c of CASES) {
    it(`forward and filter gradient match the float64 sums: ${caseLabel(c)}`, async () => {
      expect(winogradApplies(caseData(c).g)).toBe(true);
      const before = tf.memory().numTensors;
      const ref = float64Sums(c);
      // Measured (bench/winograd-accuracy.ts, up to 28×28×96 → 32): im2col + GEMM 0.7–2.7e-6, F(2×2)
      // 0.9–5e-6, F(3×3) 0.5–2.5e-5, F(4×4) 0.6–3.9e-5 of the scale; the other conv kernels' tests allow 1e-5.
      expect(relDiff(await run(c, F2, 'y'), ref.y)).toBeLessThan(1e-5);
      expect(relDiff(await run(c, F2, 'dw'), ref.dw)).toBeLessThan(1e-5);
      expect(relDiff(await run(c, F3, 'y'), ref.y)).toBeLessThan(1e-4);
      expect(relDiff(await run(c, F3, 'dw'), ref.dw)).toBeLessThan(1e-4);
      expect(relDiff(await run(c, F4, 'y'), ref.y)).toBeLessThan(1e-4);
      expect(relDiff(await run(c, F4, 'dw'), ref.dw)).toBeLessThan(1e-4);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('adds a bias through the GEMM at ξ = (1, 1): y + b as the float64 sums, every tile size', async () => {
    const be = wasmBackend()!;
    for (const c of CASES) {
      const d = caseData(c);
      const t = caseTensors(c);
      const b = tf.tensor1d(values(c.f[3], 9));
      const bias = b.dataSync();
      const ref = float64Sums(c).y.map((v, i) => v + bias[i % c.f[3]]);
      for (const [W, bound] of [[F2, 1e-5], [F3, 1e-4], [F4, 1e-4]] as const) {
        const out = tf.fill(d.rShape, 7);
        expect(conv2dWinogradInto(be, d.g, addressOf(be, t.x), addressOf(be, t.w), addressOf(be, out), W, addressOf(be, b))).toBe(true);
        expect(relDiff(out.dataSync(), ref), `${caseLabel(c)} m = ${W.m}`).toBeLessThan(bound);
        out.dispose();
      }
      tf.dispose([b, t.x, t.w, t.r]);
    }
  });

  it('a convolution takes the tile of fewest padded multiplies (F(4×4)\'s counted 1.2×): F4 at 28, 7, 8, 4; F3 at 14; F2 at 2', () => {
    const tile = (h: number) => winogradTile(caseData({ x: [1, h, h, 4], f: [3, 3, 4, 4], s: 1, pad: 'same' }).g).m;
    // 14×14: α²·tiles = 16·49 = 784 (F2), 25·25 = 625 (F3), 36·16·1.2 = 691 (F4); 2×2: 16, 25, 43.2.
    expect([28, 14, 7, 8, 4, 2].map(tile)).toEqual([4, 3, 4, 4, 4, 2]);
  });

  it('tf.conv2d and its gradients through tfjs (the registered kernels) match cpu autodiff', async () => {
    const grads = async (c: ConvCase) => {
      const t = caseTensors(c);
      const loss = (x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.s, c.pad), t.r));
      const y = tf.conv2d(t.x, t.w, c.s, c.pad);
      const [dx, dw] = tf.grads(loss)([t.x, t.w]);
      const out = await Promise.all([y, dx, dw].map((u) => u.data()));
      tf.dispose([y, dx, dw, t.x, t.w, t.r]);
      return out;
    };
    for (const c of CASES) {
      await tf.setBackend('cpu');
      const cpu = await grads(c);
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const wasm = await grads(c);
      // The case's tile (winogradTile) rounds as the bounds above say, forward and in both gradients.
      cpu.forEach((ref, i) => expect(relDiff(wasm[i], ref), `${caseLabel(c)} output ${i}`).toBeLessThan(kernelBound(c)));
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('the filter gradient matches central finite differences of the wasm forward conv2d', async () => {
    // L is linear in W: central differences are exact up to float32 rounding of L (~1e-4 at h = 0.05).
    for (const c of [CASES[1], CASES[3]]) {
      const t = caseTensors(c);
      const f = (w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(t.x, w as tf.Tensor4D, c.s, c.pad), t.r));
      const dw = await tf.tidy(() => tf.grad(f)(t.w)).data();
      const w = await t.w.data();
      const h = 0.05;
      for (const j of [0, 7, w.length - 1, Math.floor(w.length / 3)]) {
        const at = (delta: number) => {
          const shifted = Float32Array.from(w);
          shifted[j] += delta;
          return tf.tidy(() => f(tf.tensor4d(shifted, c.f)).arraySync() as number);
        };
        expect(Math.abs((at(h) - at(-h)) / (2 * h) - dw[j]), `${caseLabel(c)} entry ${j}`).toBeLessThan(2e-3 * Math.max(1, Math.abs(dw[j])));
      }
      tf.dispose([t.x, t.w, t.r]);
    }
  });

  it('declines what it does not cover (stride 2, other filter sizes)', () => {
    for (const c of [
      { x: [1, 6, 6, 4], f: [3, 3, 4, 4], s: 2, pad: 'same' },
      { x: [1, 6, 6, 4], f: [1, 1, 4, 4], s: 1, pad: 'same' },
      { x: [1, 6, 6, 4], f: [2, 3, 4, 4], s: 1, pad: 'same' },
    ] as ConvCase[])
      expect(winogradApplies(caseData(c).g)).toBe(false);
  });
});
