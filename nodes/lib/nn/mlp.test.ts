import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { normal } from '../random';
import type { Activation } from './activation';
import { mlp, mlpInit, mlpParamCount, type MlpSpec, weightCache } from './mlp';
import { mlpKernelAvailable } from './mlp-kernel';
import { relErr } from './testing';

/** The same MLP written plainly (slices of θ, matMul, add, activation), differentiated by tfjs. */
function plainMlp(theta: tf.Tensor1D, x: tf.Tensor2D, spec: MlpSpec): tf.Tensor2D {
  let h = x;
  let off = 0;
  for (let l = 1; l < spec.sizes.length; l++) {
    const [nIn, nOut] = [spec.sizes[l - 1], spec.sizes[l]];
    const w = tf.reshape(tf.slice(theta, [off], [nIn * nOut]), [nIn, nOut]) as tf.Tensor2D;
    const b = tf.slice(theta, [off + nIn * nOut], [nOut]);
    off += nIn * nOut + nOut;
    const z = tf.add(tf.matMul(h, w), b) as tf.Tensor2D;
    h = l === spec.sizes.length - 1 ? z : spec.activation === 'relu' ? tf.relu(z) : (tf.mul(z, tf.sigmoid(z)) as tf.Tensor2D);
  }
  return h;
}

describe('mlp (one parameter vector, fused custom gradient)', () => {
  it('lays θ out as [W_1, b_1, …]', () => {
    expect(mlpParamCount({ sizes: [18, 128, 128, 128, 2], activation: 'relu' })).toBe(18 * 128 + 128 + 2 * (128 * 128 + 128) + 128 * 2 + 2);
  });

  it('runs on the SIMD GEMM kernels wherever the backend is tfjs-wasm', () => {
    expect(mlpKernelAvailable()).toBe(tf.getBackend() === 'wasm');
  });

  // On tfjs-wasm mlp runs the SIMD GEMM kernels (mlp-kernel.ts), with or without a condition row
  // (folded into the first layer's bias); the odd sizes reach the kernels' row and column tails.
  it.each<[Activation, boolean, number[], number]>([
    ['relu', false, [7, 16, 12, 3], 40],
    ['silu', false, [7, 16, 12, 3], 40],
    ['relu', false, [5, 9, 6, 1], 37],
    ['silu', false, [5, 9, 6, 1], 37],
    ['relu', true, [7, 16, 12, 3], 40],
    ['silu', true, [7, 16, 12, 3], 40],
    ['silu', true, [6, 9, 6, 1], 37],
  ])('%s (condition row: %s, sizes %j, %i rows) matches autodiff of the plain network in value and in dθ, dx, dc', async (activation, withCond, sizes, n) => {
    const before = tf.memory().numTensors;
    const spec: MlpSpec = { sizes, activation };
    const theta = mlpInit(spec, 4, 1);
    const nc = withCond ? 3 : 0;
    const x = normal<tf.Rank.R2>([n, sizes[0] - nc], 5);
    const c = withCond ? normal<tf.Rank.R2>([1, nc], 6) : undefined;
    const readout = normal<tf.Rank.R2>([n, sizes.at(-1)!], 7);
    // L = Σ readout ⊙ tanh(y): nonlinear, so dL/dy varies by row.
    const lossOf = (y: tf.Tensor) => tf.sum(tf.mul(readout, tf.tanh(y)));
    const fast = (th: tf.Tensor, xs: tf.Tensor, cs?: tf.Tensor) => lossOf(mlp(th as tf.Tensor1D, xs as tf.Tensor2D, spec, { cond: cs as tf.Tensor2D | undefined }));
    // The plain network sees the condition as explicit columns (a broadcast to n rows).
    const plain = (th: tf.Tensor, xs: tf.Tensor, cs?: tf.Tensor) =>
      lossOf(plainMlp(th as tf.Tensor1D, (cs ? tf.concat([xs, tf.mul(tf.ones([n, 1]), cs)], 1) : xs) as tf.Tensor2D, spec));
    const args = c ? [theta, x, c] : [theta, x];
    const g = tf.grads(fast)(args);
    const r = tf.grads(plain)(args);
    // float32 sums of ≤ 40 terms: relative agreement ~1e-6; 1e-5 leaves room.
    for (let i = 0; i < args.length; i++) expect(await relErr(g[i], r[i])).toBeLessThan(1e-5);
    const [yf, yp] = tf.tidy(() => [fast(theta, x, c), plain(theta, x, c)]);
    // L sums 120 signed terms: each layer's rounding (the fast path's fused multiply-adds round once,
    // XNNPACK's twice) grows by Σ|terms| / |L| in L; measured up to 1.2e-6.
    expect(await relErr(yf, yp)).toBeLessThan(5e-6);
    tf.dispose([theta, x, readout, ...(c ? [c] : []), ...g, ...r, yf, yp]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('with inputGrad off, skips dL/dx (zeros) and still gives the same dθ', async () => {
    const spec: MlpSpec = { sizes: [5, 8, 2], activation: 'silu' };
    const theta = mlpInit(spec, 1, 1);
    const x = normal<tf.Rank.R2>([10, 5], 2);
    const f = (on: boolean) => (th: tf.Tensor, xs: tf.Tensor) => tf.sum(tf.square(mlp(th as tf.Tensor1D, xs as tf.Tensor2D, spec, { inputGrad: on })));
    const [gOn, gOff] = [tf.grads(f(true))([theta, x]), tf.grads(f(false))([theta, x])];
    expect(await relErr(gOff[0], gOn[0])).toBe(0);
    expect(Math.max(...(await gOff[1].data()).map(Math.abs))).toBe(0);
    tf.dispose([theta, x, ...gOn, ...gOff]);
  });
});

describe('weightCache', () => {
  it('slices θ once per value: the same tensors until θ is assigned, nothing left after dispose', () => {
    const before = tf.memory().numTensors;
    const spec: MlpSpec = { sizes: [3, 4, 2], activation: 'relu' };
    const init = mlpInit(spec, 1);
    const theta = tf.variable(init);
    init.dispose();
    const cache = weightCache(theta, spec);
    const a = cache.get();
    expect(cache.get()).toBe(a);
    tf.tidy(() => theta.assign(tf.mul(theta, 2)));
    const b = cache.get();
    expect(b).not.toBe(a);
    expect(a[0].w.isDisposed).toBe(true);
    cache.dispose();
    theta.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
