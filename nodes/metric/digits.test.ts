import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import type { Series } from '../../src/engine/values';
import mnist from '../data/mnist';
import type { Distribution } from '../lib/distribution';
import { frechetDistance, gaussianStats } from '../lib/linalg/frechet';
import type { ClassifierNet } from '../lib/nn/classifier-net';
import classifierNode from '../model/classifier';
import digits from './digits';

/**
 * The metric's bookkeeping with an untrained classifier at 14×14 (its features are still a fixed
 * function of the images, which is all FD needs): the reference split, the floor, the fractions.
 */
let reference: Distribution;
let net: ClassifierNet;
beforeAll(async () => {
  reference = (await runNode(mnist, {}, { skip: 8000, n: 400, size: 14 })).dist as Distribution;
  net = (await runNode(classifierNode, {}, { size: 14, channels1: 4, channels2: 8, hidden: 16 }, { seed: 3 })).model as ClassifierNet;
});
afterAll(() => {
  net.dispose();
  reference.dispose?.();
});

type Out = { fd: number; floor: number; ratio: number; confident: number; confidentReal: number; classMin: number; classMax: number; histogram: Series };

async function featureStats(x: tf.Tensor) {
  const f = net.features(x);
  const s = gaussianStats(await f.data(), x.shape[0], 16);
  f.dispose();
  return s;
}

describe('metric/digits', () => {
  it('scores real held-out digits exactly at the floor, against the rest of the reference', async () => {
    const before = tf.memory().numTensors;
    // The node draws referenceN digits with its seed and keeps the first m = n for the floor:
    // giving it those very digits as "samples" must reproduce the floor.
    const drawn = reference.sample(400, 5);
    const samples = tf.slice(drawn, [0, 0], [150, 196]);
    const out = (await runNode(digits, { samples, classifier: net, reference }, { referenceN: 400 }, { seed: 5 })) as unknown as Out;
    expect(out.fd).toBeCloseTo(out.floor, 4);
    expect(out.ratio).toBeCloseTo(1, 5);
    expect(out.confident).toBeCloseTo(out.confidentReal, 10);
    // fd is FD(samples, the other 250 digits), recomputed here from the features.
    const rest = tf.slice(drawn, [150, 0], [250, 196]);
    const expected = frechetDistance(await featureStats(samples), await featureStats(rest));
    expect(out.fd).toBeCloseTo(expected, 3);
    tf.dispose([drawn, samples, rest]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('puts noise far above the floor and reports the class fractions', async () => {
    const noise = tf.randomUniform([200, 14, 14, 1], -1, 1, 'float32', 1);
    const out = (await runNode(digits, { samples: noise, classifier: net, reference }, { referenceN: 400 })) as unknown as Out;
    expect(out.fd).toBeGreaterThan(5 * out.floor);
    expect(out.floor).toBeGreaterThan(0);
    const total = out.histogram.y.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 10);
    expect(out.histogram.x).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(out.classMin).toBe(Math.min(...out.histogram.y));
    expect(out.classMax).toBe(Math.max(...out.histogram.y));
    // Fractions are counts over 200 samples.
    for (const y of out.histogram.y) expect(Math.abs(y * 200 - Math.round(y * 200))).toBeLessThan(1e-9);
    noise.dispose();
  });

  it('names the port when the samples are not images the classifier takes', async () => {
    const wrong = tf.zeros([10, 784]);
    await expect(runNode(digits, { samples: wrong, classifier: net, reference }, { referenceN: 400 })).rejects.toThrow(/samples: .*14×14/);
    wrong.dispose();
  });
});

describe('metric/digits clipping', () => {
  it('judges samples clipped to [−1, 1] unless asked not to', async () => {
    // Noise of scale 50: clipped it is a ±1 salt-and-pepper pattern; unclipped it is 50× larger.
    const loud = tf.mul(tf.randomNormal([100, 196], 0, 1, 'float32', 4), 50);
    const clipped = tf.clipByValue(loud, -1, 1);
    const a = (await runNode(digits, { samples: loud, classifier: net, reference }, { referenceN: 400 })) as unknown as Out;
    const b = (await runNode(digits, { samples: clipped, classifier: net, reference }, { referenceN: 400 })) as unknown as Out;
    const c = (await runNode(digits, { samples: loud, classifier: net, reference }, { referenceN: 400, clip: false })) as unknown as Out;
    expect(a.fd).toBe(b.fd);
    expect(c.fd).toBeGreaterThan(10 * a.fd);
    tf.dispose([loud, clipped]);
  });
});
