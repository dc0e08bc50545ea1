import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { disposeValues } from '../../src/engine/dispose';
import { runNode } from '../../src/engine/testing';
import type { Predictor, ScoreNetwork } from '../../src/engine/values';
import { loadMnist } from '../lib/mnist-source';
import { mnistDistribution } from '../lib/mnist-distribution';
import { NULL_CLASS, type UNet } from '../lib/nn/unet';
import { embWidth, unetParamCount } from '../lib/nn/unet-layout';
import { normal } from '../lib/random';
import { linearSchedule } from '../lib/schedules';
import unet from '../model/unet';
import scoreModel from '../score/model';
import denoising, { droppedLabels } from './denoising';

const SHAPE = { height: 14, width: 14, levels: [8, 16] };

/** A class-conditional U-Net (classes 10) and its unconditional twin from the same seed. */
async function nets(): Promise<{ conditional: UNet; plain: UNet }> {
  const conditional = (await runNode(unet, {}, { ...SHAPE, classes: 10 }, { seed: 1 })).model as UNet;
  const plain = (await runNode(unet, {}, SHAPE, { seed: 1 })).model as UNet;
  return { conditional, plain };
}

async function values(t: tf.Tensor): Promise<number[]> {
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}

describe('class-conditional U-Net', () => {
  it('adds one learnt row per class and the null class (11 × 4c₀ weights); outputs keep the image shape', async () => {
    const before = tf.memory().numTensors;
    const { conditional, plain } = await nets();
    expect(unetParamCount(conditional.config) - unetParamCount(plain.config)).toBe(11 * embWidth(conditional.config));
    expect(conditional.config.classes).toBe(10);
    const x = normal<tf.Rank.R4>([3, 14, 14, 1], 2);
    const y = conditional.apply(x, 0.5, Int32Array.from([0, 7, NULL_CLASS]));
    expect(y.shape).toEqual([3, 14, 14, 1]);
    expect(() => conditional.apply(x, 0.5, Int32Array.from([0, 11, 1]))).toThrow(/0…9 or 10/);
    expect(() => conditional.apply(x, 0.5, Int32Array.from([0]))).toThrow(/1 labels for 3 images/);
    tf.dispose([x, y]);
    conditional.dispose();
    plain.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the null class is the unlabelled prediction; score/model’s class picks a digit or each row its own; an unconditional net refuses one', async () => {
    const before = tf.memory().numTensors;
    const { conditional, plain } = await nets();
    // Random class rows (N(0, 1)) and a non-zero output conv, so classes give different outputs.
    const perturbed = tf.tidy(() => tf.add(conditional.variables.theta, tf.mul(normal<tf.Rank.R1>([conditional.variables.theta.size], 3), 0.05)));
    conditional.variables.theta.assign(perturbed);
    perturbed.dispose();
    const x = normal<tf.Rank.R4>([4, 14, 14, 1], 2);
    const read = async (cls: string, images = x) => {
      const { predictor } = (await runNode(scoreModel, { model: conditional }, { class: cls })) as { predictor: Predictor };
      return values(predictor.evaluate(images, 0.8, 0.6));
    };
    const direct = (labels?: Int32Array, images = x) => values(tf.tidy(() => conditional.apply(tf.mul(images, 1 / 0.8) as tf.Tensor4D, 0.75, labels)));
    const unlabelled = await direct();
    expect(await read('none')).toEqual(unlabelled);
    const three = await read('3');
    expect(three).toEqual(await direct(new Int32Array(4).fill(3)));
    const change = Math.max(...three.map((v, i) => Math.abs(v - unlabelled[i])));
    expect(change).toBeGreaterThan(1e-3);
    // each: row i is conditioned on i mod 10, also across the slices a big batch is evaluated in (8 digits of 28×28 = 32 of 14×14).
    const many = normal<tf.Rank.R4>([45, 14, 14, 1], 4);
    expect(await read('each', many)).toEqual(await direct(Int32Array.from({ length: 45 }, (_, i) => i % 10), many));
    await expect(runNode(scoreModel, { model: plain as unknown as ScoreNetwork }, { class: '3' })).rejects.toThrow(/class: this network is unconditional/);
    tf.dispose([x, many]);
    conditional.dispose();
    plain.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('score/model saved by version 1 (class a number, 10 for none) reads the same classes', () => {
    expect(scoreModel.migrate?.({ class: 3 }, 1)).toEqual({ class: '3' });
    expect(scoreModel.migrate?.({ class: NULL_CLASS }, 1)).toEqual({ class: 'none' });
    expect(scoreModel.migrate?.({}, 1)).toEqual({});
    expect(scoreModel.params.parse(scoreModel.migrate?.({ class: 0 }, 1)).class).toBe('0');
  });

  it('label dropout replaces each label by the null class with probability p, the same for a seed', () => {
    const labels = Int32Array.from({ length: 20_000 }, (_, i) => i % 10);
    const dropped = droppedLabels(labels, 0.1, 7);
    const nulls = dropped.filter((l) => l === NULL_CLASS).length;
    // Binomial(20 000, 0.1): mean 2000, sd 42; 5 sd either side.
    expect(Math.abs(nulls - 2000)).toBeLessThan(5 * 42);
    expect(dropped.every((l, i) => l === NULL_CLASS || l === labels[i])).toBe(true);
    expect(Array.from(droppedLabels(labels, 0.1, 7))).toEqual(Array.from(dropped));
    expect(Array.from(droppedLabels(labels, 0, 7))).toEqual(Array.from(labels));
  });

  it('trained on labelled 0s and 1s, the right class denoises held-out digits better than the null class, and the null class better than the wrong one', { timeout: 300_000 }, async () => {
    const before = tf.memory().numTensors;
    const mnist = await loadMnist();
    const train = mnistDistribution(mnist, [0, 1], 1000, 14);
    const source = (await runNode(unet, {}, { ...SHAPE, classes: 10 }, { seed: 1 })).model as UNet;
    const out = await runNode(denoising, { model: source, data: train, schedule: linearSchedule() }, { steps: 60, batch: 32, lr: 3e-3, ema: 0.9, warmup: 5, pUncond: 0.2 }, { seed: 2 });
    const net = out.model as UNet;
    // 400 held-out 0s and 1s (never trained on), noised at σ = 1.5 (t ≈ 0.35 of the linear schedule), where the class matters:
    // the ε-loss mean |ε̂(x₀ + σε, σ, c) − ε|² with each digit's own class, none, and the other class.
    const heldOut = mnistDistribution(mnist, [0, 1], 400, 14, 1000);
    const held = heldOut.sampleWithLabels!(400, 5);
    const eps = normal<tf.Rank.R2>([400, 196], 6);
    const xTilde = tf.tidy(() => tf.reshape(tf.add(held.x, tf.mul(eps, 1.5)), [400, 14, 14, 1]) as tf.Tensor4D);
    const lossWith = async (labels: Int32Array) => (await values(tf.tidy(() => tf.mean(tf.squaredDifference(tf.reshape(net.apply(xTilde, 1.5, labels), [400, 196]), eps)))))[0];
    const right = await lossWith(held.labels);
    const none = await lossWith(new Int32Array(400).fill(NULL_CLASS));
    const wrong = await lossWith(held.labels.map((l) => 1 - l));
    // Measured (60 steps, wasm): 0.1258, 0.1288, 0.1342: this early the label is worth a few percent of the
    // noise-prediction error, a margin far above float rounding (the run is deterministic for its seeds).
    expect(right).toBeLessThan(none);
    expect(none).toBeLessThan(wrong);
    tf.dispose([held.x, eps, xTilde]);
    heldOut.dispose?.();
    disposeValues(out);
    source.dispose();
    train.dispose?.();
    expect(tf.memory().numTensors).toBe(before);
  });
});
