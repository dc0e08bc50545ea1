import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Operator } from '../../../src/engine/values';
import { normal } from '../random';
import { blurMatrix, blurOperator } from './blur';
import { downsampleOperator } from './downsample';
import { imageMask, maskOperator } from './mask';
import { measure, measuredEntries } from './measure';

const N = 3;
const size = (shape: number[]) => shape.reduce((a, v) => a * v, 1);
const dot = async (a: tf.Tensor, b: tf.Tensor) => {
  const [x, y] = [Array.from(await a.data()), Array.from(await b.data())];
  return x.reduce((acc, v, i) => acc + v * y[i], 0);
};
const maxDiff = async (a: tf.Tensor, b: tf.Tensor) => {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [Array.from(await a.data()), Array.from(await b.data())];
  return x.reduce((acc, v, i) => Math.max(acc, Math.abs(v - y[i])), 0);
};

const cases: [string, () => Operator][] = [
  ['lower-half mask on 8×6×2 images', () => maskOperator(imageMask(8, 6, { kind: 'lower-half' }), [8, 6, 2], 0.1, 'lower half')],
  ['upper-half mask', () => maskOperator(imageMask(7, 5, { kind: 'upper-half' }), [7, 5, 1], 0.1, 'upper half')],
  ['box mask', () => maskOperator(imageMask(10, 10, { kind: 'box', box: { top: 0.2, left: 0.3, height: 0.5, width: 0.4 } }), [10, 10, 1], 0.1, 'box')],
  ['random 30% mask', () => maskOperator(imageMask(9, 9, { kind: 'random', fraction: 0.3, seed: 4 }), [9, 9, 3], 0.1, 'random')],
  ['coordinate mask on 2-D points', () => maskOperator(Float32Array.from([1, 0]), [2], 0.2, 'x₁ observed')],
  ['identity (denoising)', () => maskOperator(new Float32Array(6 * 5).fill(1), [6, 5, 1], 0.3, 'identity')],
  ['Gaussian blur σ_b = 1.2 on 12×10×2', () => blurOperator([12, 10, 2], 1.2, 0.05)],
  ['Gaussian blur σ_b = 2.5 on 16×16×1', () => blurOperator([16, 16, 1], 2.5, 0.05)],
  ['2× downsampling of 12×8×1', () => downsampleOperator([12, 8, 1], 2, 0.05)],
  ['4× downsampling of 8×12×2', () => downsampleOperator([8, 12, 2], 4, 0.05)],
];

describe.each(cases)('operator: %s', (_name, make) => {
  it('A and Aᵀ are adjoint, the SVD reproduces A, V and U are orthogonal, and nothing leaks', async () => {
    const before = tf.memory().numTensors;
    const op = make();
    const x = normal([N, ...op.inShape], 1);
    const y = normal([N, ...op.outShape], 2);
    const ax = op.apply(x);
    const aty = op.adjoint(y);
    expect(ax.shape).toEqual([N, ...op.outShape]);
    expect(aty.shape).toEqual([N, ...op.inShape]);
    // ⟨Ax, y⟩ = ⟨x, Aᵀy⟩ to float32 rounding of sums of ~10² terms.
    const [lhs, rhs] = [await dot(ax, y), await dot(x, aty)];
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-5 * Math.max(1, Math.abs(lhs)) * 10);
    const svd = op.svd!;
    const [d, m] = [size(op.inShape), size(op.outShape)];
    expect(svd.singular.length).toBe(d);
    // U (S Vᵀx) = A x: the first m spectral coordinates scaled by σ, mapped by U.
    const c = svd.vt(x);
    expect(c.shape).toEqual([N, d]);
    const scaled = tf.tidy(() => tf.mul(tf.slice(c, [0, 0], [N, m]), tf.tensor1d(svd.singular.slice(0, m))) as tf.Tensor2D);
    const viaSvd = svd.u(scaled);
    expect(await maxDiff(viaSvd, ax)).toBeLessThan(2e-5);
    // VᵀV x = x, UUᵀ y = y, VᵀV c = c.
    const back = svd.v(c);
    expect(await maxDiff(back, x)).toBeLessThan(2e-5);
    const uy = svd.ut(y);
    expect(uy.shape).toEqual([N, m]);
    const yBack = svd.u(uy);
    expect(await maxDiff(yBack, y)).toBeLessThan(2e-5);
    const cc = normal<tf.Rank.R2>([N, d], 3);
    const vc = svd.v(cc);
    const cBack = svd.vt(vc);
    expect(await maxDiff(cBack, cc)).toBeLessThan(2e-5);
    // Singular values sorted within the seen block and 0 beyond it.
    for (let k = m; k < d; k++) expect(svd.singular[k]).toBe(0);
    tf.dispose([x, y, ax, aty, c, scaled, viaSvd, back, uy, yBack, cc, vc, cBack]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('operators against direct computations', () => {
  it('blur equals the zero-padded 2-D convolution with the normalised Gaussian kernel', async () => {
    const [H, W, sb] = [9, 7, 1.1];
    const op = blurOperator([H, W, 1], sb, 0);
    const x = normal<tf.Rank.R4>([1, H, W, 1], 5);
    const xs = await x.data();
    const r = Math.ceil(3 * sb);
    const g = (k: number) => Math.exp(-(k * k) / (2 * sb * sb));
    let total = 0;
    for (let k = -r; k <= r; k++) total += g(k);
    const got = await op.apply(x).data();
    for (let i = 0; i < H; i++)
      for (let j = 0; j < W; j++) {
        let want = 0;
        for (let a = -r; a <= r; a++)
          for (let b = -r; b <= r; b++) if (i + a >= 0 && i + a < H && j + b >= 0 && j + b < W) want += (g(a) * g(b) * xs[(i + a) * W + j + b]) / (total * total);
        expect(Math.abs(got[i * W + j] - want)).toBeLessThan(1e-5);
      }
    expect(blurMatrix(5, 1).data[2 * 5 + 2]).toBeCloseTo(1 / (1 + 2 * Math.exp(-0.5) + 2 * Math.exp(-2) + 2 * Math.exp(-4.5)), 12);
    x.dispose();
  });

  it('downsampling averages f×f blocks; its singular values are 1/f', async () => {
    const op = downsampleOperator([4, 6, 1], 2, 0);
    const x = tf.tensor4d(Array.from({ length: 24 }, (_, i) => i), [1, 4, 6, 1]);
    const y = op.apply(x);
    // Block (0, 0) holds 0, 1, 6, 7; block (1, 2) holds 16, 17, 22, 23.
    expect(Array.from(await y.data())).toEqual([3.5, 5.5, 7.5, 15.5, 17.5, 19.5]);
    const sv = op.svd!.singular;
    for (let k = 0; k < 6; k++) expect(sv[k]).toBeCloseTo(0.5, 6);
    expect(measuredEntries(op)).toBe(6);
    tf.dispose([x, y]);
  });

  it('masks: lower half hides rows ⌊H/2⌋…, random hides round(fraction·H·W) pixels, the same for the same seed', () => {
    const lower = imageMask(5, 3, { kind: 'lower-half' });
    expect(Array.from(lower)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const r1 = imageMask(10, 10, { kind: 'random', fraction: 0.37, seed: 9 });
    expect(r1.reduce((a, v) => a + (1 - v), 0)).toBe(37);
    expect(Array.from(imageMask(10, 10, { kind: 'random', fraction: 0.37, seed: 9 }))).toEqual(Array.from(r1));
    expect(Array.from(imageMask(10, 10, { kind: 'random', fraction: 0.37, seed: 10 }))).not.toEqual(Array.from(r1));
  });

  it('measure: y − A x has standard deviation σ_y; with a projected noise, hidden entries of y are 0', async () => {
    const op = blurOperator([16, 16, 1], 1, 0.3);
    const x = normal([64, 16, 16, 1], 6);
    const y = measure(op, x, 7);
    const ax = op.apply(x);
    const residual = tf.sub(y, ax);
    const resid = Array.from(await residual.data());
    const std = Math.sqrt(resid.reduce((a, v) => a + v * v, 0) / resid.length);
    // 16384 draws: the std's relative error is ~1/√(2·16384) = 0.6%; 3% is 5σ.
    expect(Math.abs(std / 0.3 - 1)).toBeLessThan(0.03);
    const mask = maskOperator(imageMask(16, 16, { kind: 'lower-half' }), [16, 16, 1], 0.3, 'lower half');
    const yMasked = measure(mask, x, 7, true);
    const ym = await yMasked.data();
    for (let n = 0; n < 64; n++) for (let p = 128; p < 256; p++) expect(Math.abs(ym[n * 256 + p])).toBe(0);
    expect(measuredEntries(mask)).toBe(128);
    tf.dispose([x, y, ax, yMasked, residual]);
  });
});
