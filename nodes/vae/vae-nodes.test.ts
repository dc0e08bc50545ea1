import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScatterPreview } from '../../src/engine/preview';
import { runNode } from '../../src/engine/testing';
import mnist from '../data/mnist';
import type { Distribution } from '../lib/distribution';
import type { VaeNet } from '../lib/nn/vae-net';
import { readValues } from '../lib/nn/testing';
import vaeNode from '../model/vae';
import decode from './decode';
import encode from './encode';
import latentView from '../view/latent';

let vae: VaeNet;
let digits: Distribution;
beforeAll(async () => {
  vae = (await runNode(vaeNode, {}, { height: 14, width: 14, latentDim: 3, hidden: 32 }, { seed: 1 })).model as VaeNet;
  digits = (await runNode(mnist, {}, { digits: [2, 5, 8], n: 600, size: 14 })).dist as Distribution;
});
afterAll(() => {
  vae.dispose();
  digits.dispose?.();
});

describe('vae/encode', () => {
  it('gives μ, log σ² and z = μ + σε with ε drawn from the seed, for rows or [n, h, w] images', async () => {
    const before = tf.memory().numTensors;
    const x = digits.sample(400, 1);
    const images = tf.reshape(x, [400, 14, 14]);
    const a = (await runNode(encode, { model: vae, x }, {}, { seed: 3 })) as Record<'mu' | 'logvar' | 'z', tf.Tensor2D>;
    const b = (await runNode(encode, { model: vae, x: images }, {}, { seed: 3 })) as Record<'mu' | 'logvar' | 'z', tf.Tensor2D>;
    expect(a.z.shape).toEqual([400, 3]);
    expect(Array.from(await b.z.data())).toEqual(Array.from(await a.z.data()));
    // ε = (z − μ)/σ should be standard normal: mean ≈ 0 ± 0.05 (4 SE of 1200 draws), variance ≈ 1 ± 0.15.
    const [mean, variance] = await readValues(() => {
      const eps = tf.div(tf.sub(a.z, a.mu), tf.exp(tf.mul(a.logvar, 0.5)));
      return tf.stack([tf.mean(eps), tf.mean(tf.square(eps))]);
    });
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.15);
    tf.dispose([x, images, ...Object.values(a), ...Object.values(b)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names a wrong image shape', async () => {
    const x = tf.zeros([2, 28, 28]);
    await expect(runNode(encode, { model: vae, x }, {})).rejects.toThrow(/x: shape \[2, 28, 28\] is not grey images \[N, 14, 14, 1\]/);
    x.dispose();
  });
});

describe('vae/decode', () => {
  it('gives images [N, H, W, 1] in [−1, 1]: tanh(ℓ/2) of the decoder logits', async () => {
    const before = tf.memory().numTensors;
    const z = tf.randomNormal([5, 3], 0, 1, 'float32', 4) as tf.Tensor2D;
    const { images } = (await runNode(decode, { model: vae, z }, {})) as { images: tf.Tensor4D };
    expect(images.shape).toEqual([5, 14, 14, 1]);
    const [err] = await readValues(() => tf.max(tf.abs(tf.sub(tf.reshape(images, [5, 196]), tf.sub(tf.mul(tf.sigmoid(vae.decodeLogits(z)), 2), 1)))));
    expect(err).toBeLessThan(1e-6);
    tf.dispose([z, images]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('view/latent', () => {
  it('plots the latent means coloured by digit', async () => {
    const before = tf.memory().numTensors;
    const { preview } = (await runNode(latentView, { model: vae, data: digits }, { n: 300 })) as { preview: ScatterPreview };
    expect(preview.kind).toBe('scatter');
    expect(preview.points.length).toBe(600);
    expect(new Set(preview.groups)).toEqual(new Set([2, 5, 8]));
    expect(tf.memory().numTensors).toBe(before);
  });
});
