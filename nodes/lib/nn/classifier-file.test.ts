import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode } from '../../../src/engine/testing';
import mnist from '../../data/mnist';
import accuracy from '../../metric/accuracy';
import type { Distribution } from '../distribution';
import { decodeSafetensors, encodeSafetensors } from '../safetensors';
import { buildClassifier, classifierConfig } from './classifier-net';
import { classifierFromFile, classifierTensors } from './classifier-file';

const SHIPPED = new URL('../../../public/models/mnist-classifier.safetensors', import.meta.url);

let heldOut: Distribution;
beforeAll(async () => {
  heldOut = (await runNode(mnist, {}, { skip: 8000, n: 2000, size: 28 })).dist as Distribution;
});
afterAll(() => heldOut.dispose?.());

describe('classifier files', () => {
  it('round-trip a classifier through safetensors with the same logits', async () => {
    const config = classifierConfig({ size: 14, channels: [2, 3], hidden: 8 });
    const net = buildClassifier(config, 4);
    const bytes = encodeSafetensors(await classifierTensors(net), { config: JSON.stringify(config) });
    const back = classifierFromFile(decodeSafetensors(bytes), 'test');
    const x = tf.randomUniform([3, 196], -1, 1, 'float32', 2);
    const [a, b] = [net.logits(x), back.logits(x)];
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    net.dispose();
    back.dispose();
  });

  it('name what is wrong with a file', () => {
    const config = classifierConfig({ size: 14, channels: [2, 3], hidden: 8 });
    const file = decodeSafetensors(encodeSafetensors({ conv1: { shape: [3, 3, 1, 2], data: new Float32Array(18) } }, { config: JSON.stringify(config) }));
    expect(() => classifierFromFile(file, 'f.safetensors')).toThrow(/f.safetensors: layer 'bias1' is missing/);
    expect(() => classifierFromFile({ ...file, metadata: {} }, 'f.safetensors')).toThrow(/not a digit classifier/);
  });

  it('the shipped judge (public/models) is the recipe’s: 95.6% right on the 2000 held-out digits', async () => {
    const before = tf.memory().numTensors;
    const file = decodeSafetensors(new Uint8Array(readFileSync(SHIPPED)), 'mnist-classifier.safetensors');
    expect(file.metadata.recipe).toBe('graphs/recipes/mnist-classifier.json');
    const net = classifierFromFile(file, 'mnist-classifier.safetensors');
    const { accuracy: acc, confident } = (await runNode(accuracy, { classifier: net, data: heldOut }, { n: 2000 })) as { accuracy: number; confident: number };
    expect(acc).toBeCloseTo(Number(file.metadata.heldOutAccuracy), 3);
    expect(acc).toBeGreaterThan(0.95);
    // Real held-out digits: the confident fraction a generator should approach (NOTES: 89–94% for a small CNN).
    expect(confident).toBeGreaterThan(0.85);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
