import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { addressOf, relaxedSimdAvailable, wasmBackend } from './backend';
import { gemmFor, type Epilogue, type GemmShape } from './gemm';

/** A deterministic spread of values in (−1, 1). */
const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(1.7 * i + seed) * 0.9);

/** The epilogue's formula in float64, from the product p = (A·B)[i, j]. */
function reference(s: GemmShape, a: Float32Array, b: Float32Array, p1: Float32Array, p2: Float32Array) {
  const c = new Float64Array(s.M * s.ldc);
  const sig = new Float64Array(s.M * s.ldc);
  for (let i = 0; i < s.M; i++) {
    for (let j = 0; j < s.N; j++) {
      let p = 0;
      for (let k = 0; k < s.K; k++) p += a[i * s.aRow + k * s.aCol] * b[k * s.ldb + j];
      const at = i * s.ldc + j;
      const z = p + (s.epilogue.startsWith('bias') ? p1[j] : 0);
      const sg = 1 / (1 + Math.exp(-z));
      c[at] = {
        store: p,
        bias: z,
        'bias-relu': Math.max(z, 0),
        'bias-silu': z * sg,
        'relu-grad': p1[at] > 0 ? p : 0,
        'silu-grad': p * (p2[at] + p1[at] * (1 - p2[at])),
      }[s.epilogue];
      sig[at] = sg;
    }
  }
  return { c, sig };
}

/** Run the kernel on tfjs-wasm tensors; C and the sigmoid output start filled with a sentinel. */
async function run(s: GemmShape) {
  const be = wasmBackend()!;
  const aLen = (s.M - 1) * s.aRow + (s.K - 1) * s.aCol + 1;
  const sentinel = 7;
  const [a, b, p1, p2] = [values(aLen, 1), values(s.K * s.ldb, 2), values(s.epilogue.startsWith('bias') ? s.N : s.M * s.ldc, 3), values(s.M * s.ldc, 4).map(Math.abs)];
  const t = { a: tf.tensor1d(a), b: tf.tensor1d(b), c: tf.fill([s.M * s.ldc], sentinel), p1: tf.tensor1d(p1), p2: tf.tensor1d(p2), sig: tf.fill([s.M * s.ldc], sentinel) };
  const p2Arg = s.epilogue === 'bias-silu' ? t.sig : t.p2;
  gemmFor(be, s)!(addressOf(be, t.a), addressOf(be, t.b), addressOf(be, t.c), addressOf(be, t.p1), addressOf(be, p2Arg));
  const [c, sig] = [await t.c.data(), await t.sig.data()];
  tf.dispose(Object.values(t));
  return { c, sig, ref: reference(s, a, b, p1, p2), sentinel };
}

const EPILOGUES: Epilogue[] = ['store', 'bias', 'bias-relu', 'bias-silu', 'relu-grad', 'silu-grad'];

describe.runIf(wasmBackend() !== null)('gemm (WASM SIMD, specialised per shape)', () => {
  // Shapes that reach every code path: row bands of 4 and single rows (M mod 4), 8-wide column
  // tiles, the 4-wide tile and tails of 1–3 columns (N), and K split in passes of 128 (K = 261).
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [4, 8, 4],
    [7, 13, 5],
    [9, 3, 6],
    [6, 2, 7],
    [13, 21, 11],
    [40, 16, 12],
    [6, 11, 261],
  ];

  // Both k-loops: multiply then add, and relaxed SIMD's fused multiply-add where the engine has it.
  const fmas = relaxedSimdAvailable() ? [false, true] : [false];

  it('relaxed SIMD is on in Node (selectNodeBackend sets V8 11.3\'s flag), so the GEMM runs on FMA', () => {
    expect(relaxedSimdAvailable()).toBe(true);
  });

  it.runIf(process.arch === 'x64')('fma rounds a·b + c once (FMA3 on x64), the plain loop twice', async () => {
    // A = [1, 1 + 2⁻¹²], B = [−1, 1 + 2⁻¹²]: the second product is 1 + 2⁻¹¹ + 2⁻²⁴, which float32 rounds
    // to 1 + 2⁻¹¹ (a tie, to even); added to −1 that leaves 2⁻¹¹. Fused, −1 + product is exact.
    const be = wasmBackend()!;
    const e = 1 + 2 ** -12;
    const t = { a: tf.tensor1d([1, e]), b: tf.tensor1d([-1, e]), c: tf.zeros([2]) };
    for (const [fma, at] of [[false, 0], [true, 1]] as const)
      gemmFor(be, { M: 1, N: 1, K: 2, aRow: 2, aCol: 1, ldb: 1, ldc: 1, epilogue: 'store', fma })!(addressOf(be, t.a), addressOf(be, t.b), addressOf(be, t.c) + 4 * at, 0, 0);
    expect(Array.from(await t.c.data())).toEqual([2 ** -11, 2 ** -11 + 2 ** -24]);
    tf.dispose(Object.values(t));
  });

  it.each(EPILOGUES)('%s: matches the float64 formula on every shape, A row-major and transposed, with and without FMA', async (epilogue) => {
    for (const [M, N, K] of shapes) {
      for (const [transposed, fma] of [false, true].flatMap((t) => fmas.map((f) => [t, f]))) {
        const s: GemmShape = { M, N, K, aRow: transposed ? 1 : K, aCol: transposed ? M : 1, ldb: N, ldc: N, epilogue, fma };
        const { c, sig, ref } = await run(s);
        // float32 sums of K products of size < 1: error ≲ K·2⁻²⁴·max|partial sum| (≤ 2e-7·K here); expf ~1e-7 relative.
        for (let i = 0; i < c.length; i++) expect(Math.abs(c[i] - ref.c[i])).toBeLessThan(1e-6 + 2e-7 * K);
        if (epilogue === 'bias-silu') for (let i = 0; i < sig.length; i++) expect(Math.abs(sig[i] - ref.sig[i])).toBeLessThan(1e-6);
      }
    }
  });

  it('writes only its M×N block: row strides wider than N leave the gaps as they were', async () => {
    const s: GemmShape = { M: 6, N: 5, K: 3, aRow: 3, aCol: 1, ldb: 9, ldc: 7, epilogue: 'store' };
    const { c, ref, sentinel } = await run(s);
    for (let i = 0; i < s.M; i++) {
      for (let j = 0; j < s.ldc; j++) {
        if (j < s.N) expect(Math.abs(c[i * s.ldc + j] - ref.c[i * s.ldc + j])).toBeLessThan(1e-6);
        else expect(c[i * s.ldc + j]).toBe(sentinel);
      }
    }
  });

  it('a zero stride broadcasts one number of A: with A = 1 the product is B’s column sums', async () => {
    const be = wasmBackend()!;
    const [K, N] = [37, 11];
    const b = values(K * N, 5);
    const t = { one: tf.tensor1d([1]), b: tf.tensor1d(b), c: tf.zeros([N]) };
    gemmFor(be, { M: 1, N, K, aRow: 0, aCol: 0, ldb: N, ldc: N, epilogue: 'store' })!(addressOf(be, t.one), addressOf(be, t.b), addressOf(be, t.c), 0, 0);
    const c = await t.c.data();
    for (let j = 0; j < N; j++) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += b[k * N + j];
      expect(Math.abs(c[j] - sum)).toBeLessThan(1e-5);
    }
    tf.dispose(Object.values(t));
  });

  it('silu saturates cleanly: sig(z) is 0 or 1 to float32 for |z| ≥ 90 and the output is finite', async () => {
    const be = wasmBackend()!;
    const t = { a: tf.tensor1d([100, -100, 0.5, -1000]), one: tf.tensor1d([1]), bias: tf.zeros([1]), c: tf.zeros([4]), sig: tf.zeros([4]) };
    gemmFor(be, { M: 4, N: 1, K: 1, aRow: 1, aCol: 0, ldb: 1, ldc: 1, epilogue: 'bias-silu' })!(addressOf(be, t.a), addressOf(be, t.one), addressOf(be, t.c), addressOf(be, t.bias), addressOf(be, t.sig));
    const [c, sig] = [await t.c.data(), await t.sig.data()];
    expect(Array.from(sig)).toEqual([1, expect.closeTo(0, 30), expect.closeTo(1 / (1 + Math.exp(-0.5)), 6), expect.closeTo(0, 30)]);
    expect(c[0]).toBe(100);
    expect(Math.abs(c[1])).toBeLessThan(1e-30);
    expect(Math.abs(c[3])).toBeLessThan(1e-30);
    tf.dispose(Object.values(t));
  });
});
