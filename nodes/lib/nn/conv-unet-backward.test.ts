import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from '../wasm/backend';
import { registerConvKernels } from './conv-kernels';

/**
 * Everything a U-Net's backward pass asks of the wasm backend, in one small function: 3×3, 1×1 and
 * stride-2 convolutions, a transposed convolution, nearest upsampling, GroupNorm (reshape, moments,
 * rsqrt), SiLU, concat, slice, mean reduction, average pooling, and single-head self-attention
 * (softmax and batched matMul). Its gradient on wasm (tfjs-wasm's kernels plus the lab's
 * Conv2DBackpropFilter) must equal the cpu backend's autodiff.
 */
const values = (n: number, seed: number, scale = 0.5) => Float32Array.from({ length: n }, (_, i) => Math.sin(1.37 * i + 0.71 * seed) * scale);

const PARAMS: Record<string, number[]> = {
  convIn: [3, 3, 1, 4],
  res: [3, 3, 4, 4],
  down: [3, 3, 4, 8],
  mix: [1, 1, 8, 8],
  qkv: [1, 1, 8, 24],
  up: [2, 2, 8, 8],
  out: [3, 3, 10, 1],
  gamma: [4],
  beta: [4],
};

function groupNorm(x: tf.Tensor4D, groups: number, gamma?: tf.Tensor, beta?: tf.Tensor): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const g = tf.reshape(x, [n, h * w, groups, c / groups]);
  const { mean, variance } = tf.moments(g, [1, 3], true);
  const normed = tf.reshape(tf.mul(tf.sub(g, mean), tf.rsqrt(tf.add(variance, 1e-5))), x.shape);
  return (gamma && beta ? tf.add(tf.mul(normed, gamma), beta) : normed) as tf.Tensor4D;
}

const silu = (x: tf.Tensor4D) => tf.mul(x, tf.sigmoid(x)) as tf.Tensor4D;

function attention(x: tf.Tensor4D, qkv: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const [q, k, v] = tf.split(tf.reshape(tf.conv2d(x, qkv, 1, 'same'), [n, h * w, 3 * c]), 3, 2);
  const a = tf.softmax(tf.div(tf.matMul(q, tf.transpose(k, [0, 2, 1])), Math.sqrt(c)));
  return tf.add(x, tf.reshape(tf.matMul(a, v), x.shape));
}

function unetLike(x: tf.Tensor4D, p: Record<string, tf.Tensor>): tf.Scalar {
  const c = (name: string) => p[name] as tf.Tensor4D;
  const h0 = tf.conv2d(x, c('convIn'), 1, 'same');
  const h1 = tf.add(h0, tf.conv2d(silu(groupNorm(h0, 2, p.gamma, p.beta)), c('res'), 1, 'same')) as tf.Tensor4D;
  const d = tf.add(tf.conv2d(silu(groupNorm(h1, 2)), c('down'), 2, 'same'), tf.tile(tf.avgPool(h1, 2, 2, 'valid'), [1, 1, 1, 2])) as tf.Tensor4D;
  const m = attention(tf.conv2d(silu(groupNorm(d, 4)), c('mix'), 1, 'valid'), c('qkv'));
  const upNearest = tf.image.resizeNearestNeighbor(m, [8, 8]);
  const upLearnt = tf.conv2dTranspose(m, c('up'), [x.shape[0], 8, 8, 8], 2, 'same');
  const joined = tf.concat([tf.slice(tf.add(upNearest, upLearnt), [0, 0, 0, 0], [-1, -1, -1, 6]), h1], 3) as tf.Tensor4D;
  const y = tf.conv2d(silu(joined), c('out'), 1, 'same');
  return tf.mean(tf.square(tf.sub(y, x)));
}

/** Loss and every parameter's gradient on the backend in use. */
async function gradients(): Promise<Record<string, Float32Array>> {
  const x = tf.tensor4d(values(2 * 8 * 8, 9, 1), [2, 8, 8, 1]);
  const params = Object.fromEntries(Object.entries(PARAMS).map(([name, shape], i) => [name, tf.tensor(values(shape.reduce((a, b) => a * b, 1), i), shape)]));
  const names = Object.keys(params);
  const { value, grads } = tf.valueAndGrads((...ts: tf.Tensor[]) => unetLike(x, Object.fromEntries(names.map((n, i) => [n, ts[i]]))))(names.map((n) => params[n]));
  const out: Record<string, Float32Array> = { loss: (await value.data()) as Float32Array };
  for (const [i, n] of names.entries()) out[n] = (await grads[i].data()) as Float32Array;
  tf.dispose([x, value, ...grads, ...Object.values(params)]);
  return out;
}

describe.runIf(wasmBackend() !== null)('a U-Net-like backward pass on wasm', () => {
  it('equals cpu autodiff for every parameter, and leaks nothing', async () => {
    registerConvKernels(); // on cpu: the corrected ResizeNearestNeighborGrad (resize-nearest-grad.ts)
    await tf.setBackend('cpu');
    const cpu = await gradients();
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const wasm = await gradients();
    expect(tf.memory().numTensors).toBe(before);
    for (const name of Object.keys(cpu)) {
      const [a, b] = [wasm[name], cpu[name]];
      let [d, m] = [0, 0];
      for (let i = 0; i < b.length; i++) [d, m] = [Math.max(d, Math.abs(a[i] - b[i])), Math.max(m, Math.abs(b[i]))];
      // float32 through ~40 ops with different summation orders: agreement to ~1e-6 of the scale.
      expect(d / Math.max(m, 1e-3), name).toBeLessThan(2e-4);
      expect(m, `${name} has a gradient`).toBeGreaterThan(0);
    }
  });
});
