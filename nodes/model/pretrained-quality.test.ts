import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { disposeValues } from '../../src/engine/dispose';
import { runNode } from '../../src/engine/testing';
import type { Distribution } from '../../src/engine/values';
import { normal } from '../lib/random';
import { linearSchedule } from '../lib/schedules';
import mnist from '../data/mnist';
import digits from '../metric/digits';
import ddim from '../sampler/ddim';
import pretrained from './pretrained';
import pretrainedClassifier from './pretrained-classifier';
import scoreModel from '../score/model';

/**
 * The shipped U-Net (public/models/mnist-unet.safetensors) judged by the shipped digit classifier
 * at small n, so a broken, truncated or swapped model file fails CI: 64 digits by DDIM in 10
 * steps (η = 0, seeded x_T) against 500 held-out real digits (skip 8000: never trained on).
 *
 * Bounds. At step 1000 of the recipe's 40 000 this n gave FD 80 = 2.36× the floor (34: 64 real
 * digits are far from 500 others at this n), largest class 20%, 20% confident; an untrained U-Net
 * (clipped noise) scores 72.9× the floor, 58% in one class and, tellingly, 25% confident: the
 * confident fraction tells nothing at low quality, the FD ratio and the class spread do. The shipped
 * checkpoint (step 11 880) gives 1.04× the floor, largest class 15.6%, 47% confident unconditionally;
 * the bounds (ratio < 3, largest class < 30%) leave room for a draw of 64. Issue 15's targets (DDIM 50 steps, 1000 samples): ≥ 85% confident, every
 * class within 5–15%, FD within 3× the data-to-data floor at the same n.
 */
describe('the shipped MNIST U-Net passes the digit classifier’s checks at small n', () => {
  /** 64 DDIM-10 samples of the shipped net read with score/model's `class` (undefined: the model's own unconditional predictor), judged against 500 held-out digits. */
  async function judge64(cls?: string): Promise<Record<string, number>> {
    const before = tf.memory().numTensors;
    const unet = await runNode(pretrained, {}, { name: 'mnist-unet' });
    const judge = await runNode(pretrainedClassifier, {}, { name: 'mnist-classifier' });
    const { dist } = (await runNode(mnist, {}, { skip: 8000, n: 500, size: 28 })) as { dist: Distribution };
    const xT = normal<tf.Rank.R4>([64, 28, 28, 1], 11);
    const predictor = cls === undefined ? unet.predictor : (await runNode(scoreModel, { model: unet.model }, { class: cls })).predictor;
    const sampled = await runNode(ddim, { predictor, schedule: linearSchedule(), xT }, { steps: 10, eta: 0 }, { seed: 1 });
    const judged = await runNode(digits, { samples: sampled.x0, classifier: judge.model, reference: dist }, { referenceN: 500 }, { seed: 1 });
    const numbers = Object.fromEntries(Object.entries(judged).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
    disposeValues(judged);
    disposeValues(sampled);
    xT.dispose();
    dist.dispose?.();
    disposeValues(judge);
    disposeValues(unet);
    expect(tf.memory().numTensors).toBe(before);
    return numbers;
  }

  it('64 DDIM samples: classifier FD within 3× the floor, no class over 30%', { timeout: 300_000 }, async () => {
    const { ratio, floor, confidentReal, classMax } = await judge64();
    // The judge itself: the floor is a distance, and it is sure of most real digits (80% measured at n = 64).
    expect(floor).toBeGreaterThan(0);
    expect(confidentReal).toBeGreaterThan(0.7);
    expect(ratio).toBeLessThan(3);
    expect(classMax).toBeLessThan(0.3);
  });

  it('64 DDIM samples asked for digit i mod 10: near the data, mostly sure, every digit as asked', { timeout: 300_000 }, async () => {
    // Step 11 880: FD 0.36× the floor (a balanced batch sits closer to the reference than 64 real digits of random
    // classes do), 78% confident (real digits: 80%), classes 9.4–12.5% (6.4 samples a class: a share moves by ±4%).
    const { ratio, confident, classMin, classMax } = await judge64('each');
    expect(ratio).toBeLessThan(1);
    expect(confident).toBeGreaterThan(0.6);
    expect(classMin).toBeGreaterThan(0.03);
    expect(classMax).toBeLessThan(0.2);
  });
});
