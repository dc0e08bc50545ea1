import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { normal } from '../random';
import { mlpInit } from './mlp';
import { readValues } from './testing';
import { decoderSpec, encoderSpec, vaeLoss, type VaeConfig } from './vae-net';

describe('vaeLoss', () => {
  it('has gradients for encoder and decoder that match central differences', async () => {
    const before = tf.memory().numTensors;
    // Tiny and smooth (silu: no kinks for finite differences to straddle).
    const c: VaeConfig = { kind: 'vae', height: 2, width: 3, latentDim: 2, hidden: 5, activation: 'silu' };
    const enc = mlpInit(encoderSpec(c), 1, 1);
    const dec = mlpInit(decoderSpec(c), 2, 1);
    const x = tf.tidy(() => tf.tanh(normal<tf.Rank.R2>([16, 6], 3)) as tf.Tensor2D);
    const eps = normal<tf.Rank.R2>([16, 2], 4);
    const f = (e: tf.Tensor, d: tf.Tensor) => vaeLoss(c, e as tf.Tensor1D, d as tf.Tensor1D, x, eps, 0.7).objective;
    const [ge, gd] = tf.grads(f)([enc, dec]);
    const h = 1e-2;
    for (const [k, theta, g] of [[0, enc, ge], [1, dec, gd]] as const) {
      const dir = tf.tidy(() => {
        const v = normal<tf.Rank.R1>([theta.size], 10 + k);
        return tf.div(v, tf.norm(v)) as tf.Tensor1D;
      });
      const at = (sign: number) => tf.tidy(() => (k === 0 ? f(tf.add(enc, tf.mul(dir, sign * h)), dec) : f(enc, tf.add(dec, tf.mul(dir, sign * h)))));
      const [lp, lm, gu] = await readValues(() => tf.stack([at(1), at(-1), tf.sum(tf.mul(g, dir))]));
      // As dsm.test.ts: truncation and float32 rounding below 1e-4·|L| + 1e-3·|g·u|.
      expect(Math.abs((lp - lm) / (2 * h) - gu)).toBeLessThan(1e-4 * Math.abs(lp) + 1e-3 * Math.abs(gu));
      dir.dispose();
    }
    tf.dispose([enc, dec, x, eps, ge, gd]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is the negative ELBO: reconstruction in nats plus the Gaussian KL in closed form', async () => {
    // With every weight zero: μ = 0, log σ² = 0 (KL = 0) and ℓ = 0, so −log p(x|z) = D·log 2.
    const c: VaeConfig = { kind: 'vae', height: 2, width: 2, latentDim: 3, hidden: 4, activation: 'relu' };
    const enc = tf.zeros([4 * 4 + 4 + 4 * 6 + 6]) as tf.Tensor1D;
    const dec = tf.zeros([3 * 4 + 4 + 4 * 4 + 4]) as tf.Tensor1D;
    const x = normal<tf.Rank.R2>([5, 4], 1);
    const eps = normal<tf.Rank.R2>([5, 3], 2);
    const t = vaeLoss(c, enc, dec, x, eps, 1);
    expect((await t.reconstruction.data())[0]).toBeCloseTo(4 * Math.LN2, 5);
    expect((await t.kl.data())[0]).toBeCloseTo(0, 6);
    tf.dispose([enc, dec, x, eps, t.objective, t.reconstruction, t.kl]);
  });
});
