import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normal, uniformGenerator } from '../random';
import { buildUNet, unetConfig, unetInit, type UNetParams } from './unet';
import { unetDsmLossAndGrad } from './unet-dsm';
import { unetParamCount } from './unet-layout';

const DEFAULTS: UNetParams = { height: 28, width: 28, channels: 1, levels: [32, 64, 64], blocks: 1, attention: false, classes: 0, embedding: 'sinusoidal', output: 'eps' };

describe('U-Net layout', () => {
  it('has the hand-counted number of parameters for the default shape', () => {
    // E = 4·32 = 128; a res block a → b has GN 2a, conv₁ 9ab + b, emb 128b + b, GN 2b, conv₂ 9b² + b, skip ab + b (a ≠ b):
    //   res(32,32) 22 752, res(32,64) 65 984, res(64,64) 82 368, res(128,64) 127 616, res(96,32) 44 416.
    // embedding 16·128+128 + 128·128+128 = 18 688; in 9·32+32 = 320;
    // down res(32,32) + down-conv 9 248 + res(32,64) + down-conv 36 928 + res(64,64) = 217 280;
    // middle 2·res(64,64) = 164 736; up res(128,64) + up-conv 36 928 + res(128,64) + up-conv 36 928 + res(96,32) = 373 504;
    // out GN 64 + conv 9·32+1 = 353.  Total 774 881.
    expect(unetParamCount(unetConfig(DEFAULTS, 0))).toBe(18_688 + 320 + 217_280 + 164_736 + 373_504 + 353);
    // Attention adds GN 2c + qkv c·3c + 3c + proj c² + c at c = 64; classes add 11 rows of 128.
    expect(unetParamCount(unetConfig({ ...DEFAULTS, attention: true }, 0)) - 774_881).toBe(128 + 64 * 192 + 192 + 64 * 64 + 64);
    expect(unetParamCount(unetConfig({ ...DEFAULTS, classes: 10 }, 0)) - 774_881).toBe(11 * 128);
  });
});

describe('U-Net forward', () => {
  it.each([
    [28, 28, false, 0],
    [14, 14, true, 10],
  ] as const)('maps images %i×%i (attention %s, classes %i) to the same shape, starting at zero output', async (h, w, attention, classes) => {
    const before = tf.memory().numTensors;
    const net = buildUNet(unetConfig({ ...DEFAULTS, height: h, width: w, levels: [8, 16, 16], attention, classes }, 0), 1);
    const x = normal<tf.Rank.R4>([3, h, w, 1], 2);
    const y = net.apply(x, 0.7, classes ? Int32Array.of(0, 3, 10) : undefined);
    expect(y.shape).toEqual([3, h, w, 1]);
    // The output convolution starts at zero: ε̂ = F = 0.
    const peak = tf.tidy(() => tf.max(tf.abs(y)));
    expect((await peak.data())[0]).toBe(0);
    const wrong = normal<tf.Rank.R4>([1, h + 1, w, 1], 3);
    expect(() => net.apply(wrong, 0.7)).toThrow(/images of shape \[n, \d+, \d+, 1\]/);
    tf.dispose([x, y, peak, wrong]);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.each(['cpu', 'wasm'])('U-Net gradients on the %s backend', (backend) => {
  let previous: string;
  beforeAll(async () => {
    previous = tf.getBackend();
    await tf.setBackend(backend);
  });
  afterAll(async () => {
    await tf.setBackend(previous);
  });

  /** A tiny net on 7×7 images (7 → 4 → 7: odd sizes), every weight random (no zero output), and a batch. */
  function setup(output: UNetParams['output'], extra: Partial<UNetParams> = {}) {
    const config = unetConfig({ ...DEFAULTS, height: 7, width: 7, levels: [8, 16], output, ...extra }, 1);
    const n = unetParamCount(config);
    const theta = tf.tidy(() => tf.add(unetInit(config, 2), tf.mul(normal<tf.Rank.R1>([n], 3), 0.05)) as tf.Tensor1D);
    const u = uniformGenerator(4);
    const B = 3;
    const batch = { x0: normal<tf.Rank.R2>([B, 49], 5), eps: normal<tf.Rank.R2>([B, 49], 6), sigmas: Float32Array.from({ length: B }, () => 0.1 * 30 ** u()) };
    return { config, theta, batch, dispose: () => tf.dispose([theta, batch.x0, batch.eps]) };
  }

  it.each([['eps'], ['x0']] as const)('DSM loss gradient (output %s) matches central differences of the loss', async (output) => {
    const before = tf.memory().numTensors;
    const { config, theta, batch, dispose } = setup(output, output === 'x0' ? { attention: true, classes: 10 } : {});
    const labels = config.classes ? Int32Array.of(1, 10, 7) : undefined;
    const lossAt = async (th: tf.Tensor1D) => {
      const { loss, grad } = unetDsmLossAndGrad(config, th, batch, 'eps', 'uniform', labels);
      const [v] = await loss.data();
      tf.dispose([loss, grad]);
      return v;
    };
    const { loss, grad } = unetDsmLossAndGrad(config, theta, batch, 'eps', 'uniform', labels);
    loss.dispose();
    // Float64-free check in float32: h = 1e-2 along unit directions; the loss is smooth (SiLU,
    // GroupNorm), truncation O(h²) and rounding ~1e-7·L/h stay below 1e-3 relative.
    const h = 1e-2;
    for (let k = 0; k < 3; k++) {
      const dir = tf.tidy(() => {
        const v = normal<tf.Rank.R1>([theta.size], 10 + k);
        return tf.div(v, tf.norm(v)) as tf.Tensor1D;
      });
      const guT = tf.tidy(() => tf.sum(tf.mul(grad, dir)));
      const gu = (await guT.data())[0];
      guT.dispose();
      const plus = tf.tidy(() => tf.add(theta, tf.mul(dir, h)) as tf.Tensor1D);
      const minus = tf.tidy(() => tf.sub(theta, tf.mul(dir, h)) as tf.Tensor1D);
      const fd = ((await lossAt(plus)) - (await lossAt(minus))) / (2 * h);
      expect(Math.abs(fd - gu)).toBeLessThan(2e-3 * Math.abs(gu) + 1e-4);
      tf.dispose([dir, plus, minus]);
    }
    grad.dispose();
    dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
