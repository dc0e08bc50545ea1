import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { deriveSeed, normal } from '../random';
import { buildClassifier, classifierConfig, classifierLoss, classifierParamCount, classifierSlots } from './classifier-net';

const small = classifierConfig({ size: 8, channels: [2, 3], hidden: 5 });

describe('digit classifier network', () => {
  it('has the closed-form number of weights', () => {
    // 3·3·1·16 + 16 + 3·3·16·32 + 32 + (7·7·32)·64 + 64 + 64·10 + 10
    expect(classifierParamCount(classifierConfig({ size: 28, channels: [16, 32], hidden: 64 }))).toBe(105_866);
    // 14×14: ⌊14/4⌋ = 3, so the dense layer sees 3·3·32.
    expect(classifierSlots(classifierConfig({ size: 14, channels: [16, 32], hidden: 64 }))[4].shape).toEqual([288, 64]);
  });

  it('takes rows, [n, s, s] and [n, s, s, 1] alike; the logits are the last layer of the features', async () => {
    const before = tf.memory().numTensors;
    const net = buildClassifier(small, 3);
    const rows = normal<tf.Rank.R2>([4, 64], 1);
    const [square, nhwc] = [tf.reshape(rows, [4, 8, 8]), tf.reshape(rows, [4, 8, 8, 1])];
    const [a, b, c, both] = [net.features(rows), net.features(square), net.logits(nhwc), net.featuresAndLogits(rows)];
    expect(a.shape).toEqual([4, 5]);
    expect(c.shape).toEqual([4, 10]);
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    expect(Array.from(await both.logits.data())).toEqual(Array.from(await c.data()));
    // logits = φ W₄ + b₄, with W₄ and b₄ read from the end of θ.
    const theta = await net.variables.theta.data();
    const w4 = theta.subarray(theta.length - 60, theta.length - 10);
    const b4 = theta.subarray(theta.length - 10);
    const phi = await a.data();
    const logits = await c.data();
    for (let i = 0; i < 4; i++) {
      for (let k = 0; k < 10; k++) {
        let z = b4[k];
        for (let j = 0; j < 5; j++) z += phi[i * 5 + j] * w4[j * 10 + k];
        expect(logits[i * 10 + k]).toBeCloseTo(z, 5);
      }
    }
    tf.dispose([rows, square, nhwc, a, b, c, both.features, both.logits]);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses images of another size, naming the shape it takes', () => {
    const net = buildClassifier(small, 3);
    const x = tf.zeros([2, 10]);
    expect(() => net.features(x)).toThrow(/takes 8×8 grey images .*got \[2,10\]/);
    x.dispose();
    net.dispose();
  });

  it('computes the cross-entropy and the count of correct predictions of its logits', async () => {
    const net = buildClassifier(small, 4);
    const x = normal<tf.Rank.R2>([6, 64], 5);
    const labels = tf.tensor1d([0, 1, 2, 3, 4, 5], 'int32');
    const logits = await net.logits(x).data();
    const { loss, correct } = tf.tidy(() => classifierLoss(small, net.variables.theta as tf.Tensor1D, x, labels));
    let expected = 0;
    let right = 0;
    for (let i = 0; i < 6; i++) {
      const row = Array.from(logits.subarray(i * 10, i * 10 + 10));
      const max = Math.max(...row);
      expected += max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0)) - row[i];
      if (row.indexOf(max) === i) right++;
    }
    expect((await loss.data())[0]).toBeCloseTo(expected / 6, 5);
    expect((await correct.data())[0]).toBe(right);
    tf.dispose([x, labels, loss, correct]);
    net.dispose();
  });

  it('has the gradient of central finite differences (through both convolutions and the pooling)', async () => {
    const net = buildClassifier(small, 6);
    const theta = net.variables.theta;
    const x = normal<tf.Rank.R2>([3, 64], 7);
    const labels = tf.tensor1d([1, 7, 3], 'int32');
    const lossAt = (t: tf.Tensor1D) => tf.tidy(() => classifierLoss(small, t, x, labels).loss);
    const grad = tf.tidy(() => tf.grad((t: tf.Tensor) => lossAt(t as tf.Tensor1D))(theta));
    const g = await grad.data();
    const base = Float64Array.from(await theta.data());
    // Entries of conv1, conv2, the dense layer and the logits layer. A small step: ReLU and max-pool
    // kinks within ±h would bias the difference quotient.
    const slotStarts = [0, 20, 80, base.length - 20];
    const h = 1e-3;
    for (const j of slotStarts.map((s, k) => s + (deriveSeed(k) % 7))) {
      const shifted = (delta: number) => tf.tidy(() => lossAt(tf.tensor1d(Float32Array.from(base, (v, i) => (i === j ? v + delta : v)))).dataSync()[0]);
      const fd = (shifted(h) - shifted(-h)) / (2 * h);
      expect(Math.abs(g[j] - fd)).toBeLessThan(5e-3 + 0.02 * Math.abs(fd));
    }
    tf.dispose([x, labels, grad]);
    net.dispose();
  });

  it('has the same gradient on this backend as autodiff on the cpu backend', async () => {
    const backend = tf.getBackend();
    const gradOn = async (name: string) => {
      await tf.setBackend(name);
      const net = buildClassifier(small, 8);
      const x = normal<tf.Rank.R2>([5, 64], 9);
      const labels = tf.tensor1d([0, 2, 4, 6, 8], 'int32');
      const g = tf.tidy(() => tf.grad((t: tf.Tensor) => classifierLoss(small, t as tf.Tensor1D, x, labels).loss)(net.variables.theta));
      const values = await g.data();
      tf.dispose([x, labels, g]);
      net.dispose();
      return values;
    };
    try {
      const here = await gradOn(backend);
      const cpu = await gradOn('cpu');
      here.forEach((v, i) => expect(Math.abs(v - cpu[i])).toBeLessThan(1e-5 * (1 + Math.abs(cpu[i]))));
    } finally {
      await tf.setBackend(backend);
    }
  });
});
