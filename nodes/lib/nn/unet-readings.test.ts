import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { normal } from '../random';
import { scoreNetPredictor } from './score-predictor';
import { buildUNet, unetConfig, unetInit } from './unet';
import { unetDsmLossAndGrad } from './unet-dsm';
import { unetParamCount } from './unet-layout';

/**
 * A U-Net with the v-prediction or flow-matching output: its predictor reads natively as v or
 * flow, and its DSM loss with that target is, by definition, the mean of |v̂ − v|² (or |û − u|²)
 * over the batch's numbers, v = (ε − σx₀)/√(1+σ²), u = ε − x₀, read at the VE point (1, σ) of x̃ = x₀ + σε.
 */
describe('U-Net outputs v and flow', () => {
  it.each(['v', 'flow'] as const)('output %s: native reading and DSM loss by definition', async (output) => {
    const config = unetConfig({ height: 8, width: 8, channels: 1, levels: [8, 16], blocks: 1, attention: false, classes: 0, embedding: 'sinusoidal', output }, 0);
    const theta = tf.tidy(() => tf.add(unetInit(config, 1), tf.mul(normal<tf.Rank.R1>([unetParamCount(config)], 2), 0.05))) as tf.Tensor1D;
    const net = buildUNet(config, theta);
    expect(scoreNetPredictor(net).native).toBe(output);
    const B = 3;
    const sigmas = Float32Array.from([0.2, 1.1, 4]);
    const batch = { x0: normal<tf.Rank.R2>([B, 64], 4), eps: normal<tf.Rank.R2>([B, 64], 5), sigmas };
    const { loss, grad } = unetDsmLossAndGrad(config, theta, batch, output, 'uniform');
    const got = (await loss.data())[0];
    tf.dispose([loss, grad]);
    const [X0, E] = [await batch.x0.data(), await batch.eps.data()];
    let want = 0;
    for (let i = 0; i < B; i++) {
      const s = sigmas[i];
      const xt = tf.tidy(() => tf.reshape(tf.add(tf.slice(batch.x0, [i, 0], [1, 64]), tf.mul(tf.slice(batch.eps, [i, 0], [1, 64]), s)), [1, 8, 8, 1]) as tf.Tensor4D);
      const y = net.apply(xt, s);
      const r = await y.data();
      tf.dispose([xt, y]);
      for (let j = 0; j < 64; j++) {
        const [x0, e] = [X0[64 * i + j], E[64 * i + j]];
        const target = output === 'v' ? (e - s * x0) / Math.sqrt(1 + s * s) : e - x0;
        want += (r[j] - target) ** 2 / (B * 64);
      }
    }
    expect(Math.abs(got - want)).toBeLessThan(2e-4 * Math.max(1, want));
    net.dispose();
    tf.dispose([batch.x0, batch.eps]);
  });
});
