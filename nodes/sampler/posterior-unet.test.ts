import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeValues } from '../../src/engine/dispose';
import type { AnyNodeDef } from '../../src/engine/node';
import { runNode } from '../../src/engine/testing';
import type { Operator } from '../../src/engine/values';
import { scoreNetPredictor } from '../lib/nn/score-predictor';
import { buildUNet, unetConfig, unetInit } from '../lib/nn/unet';
import { unetParamCount } from '../lib/nn/unet-layout';
import { imageMask, maskOperator } from '../lib/operators/mask';
import type { Predictor } from '../lib/predictor';
import { normal } from '../lib/random';
import { gradientRows } from '../lib/sampling/posterior-steps';
import { linearSchedule } from '../lib/schedules';
import dps from './dps';
import pigdm from './pigdm';

/**
 * The gradient-guided samplers (DPS, ΠGDM) through a U-Net: tf.grad runs through the network's
 * convolutions, norms and up-sampling (outside interruptibleStep, whose stored slices carry no
 * gradient: posterior-steps.ts slices the batch itself). A tiny U-Net (14×14, levels [8, 16]) with
 * random weights, 4 images whose lower half is hidden (σ_y = 0.05); the truth is smooth stripes in
 * [−1, 1]. Asserted: the samples are finite and bounded, and the guidance brings A x̂ toward y:
 * the RMS of A x̂ − y over the observed pixels falls well below the unguided sampler's (same noise).
 */
const [N, H] = [4, 14];
let net: ReturnType<typeof buildUNet>;
let predictor: Predictor;
let op: Operator;
let y: tf.Tensor;
let xT: tf.Tensor;

beforeAll(() => {
  const config = unetConfig({ height: H, width: H, channels: 1, levels: [8, 16], blocks: 1, attention: false, classes: 0, embedding: 'sinusoidal', output: 'eps' }, 0);
  const theta = tf.tidy(() => tf.add(unetInit(config, 1), tf.mul(normal<tf.Rank.R1>([unetParamCount(config)], 2), 0.05)));
  net = buildUNet(config, theta);
  predictor = scoreNetPredictor(net);
  op = maskOperator(imageMask(H, H, { kind: 'lower-half' }), [H, H, 1], 0.05, 'lower half hidden');
  y = tf.tidy(() => {
    const rows = tf.reshape(tf.range(0, H), [1, H, 1, 1]);
    const truth = tf.sin(tf.add(tf.mul(rows, 0.6), tf.reshape(tf.range(0, N), [N, 1, 1, 1])));
    return tf.add(op.apply(tf.tile(truth, [1, 1, H, 1])), tf.mul(op.apply(normal([N, H, H, 1], 7)), 0.05));
  });
  xT = normal([N, H, H, 1], 3);
});
afterAll(() => {
  tf.dispose([y, xT]);
  net.dispose();
});

/** RMS of A x − y over the observed pixels, and max |x|. */
async function judge(x: tf.Tensor): Promise<{ rms: number; maxAbs: number; finite: boolean }> {
  const stats = tf.tidy(() => tf.stack([tf.sum(op.apply(tf.onesLike(x))), tf.sum(tf.square(tf.sub(op.apply(x), y))), tf.max(tf.abs(x))]));
  const [observed, sq, maxAbs] = await stats.data();
  stats.dispose();
  const values = await x.data();
  return { rms: Math.sqrt(sq / observed), maxAbs, finite: values.every(Number.isFinite) };
}

async function run(def: AnyNodeDef, params: Record<string, unknown>, guided: boolean) {
  const before = tf.memory().numTensors;
  const out = await runNode(def, { predictor, schedule: linearSchedule({ T: 20 }), xT, ...(guided ? { operator: op, y } : {}) }, params, { seed: 5 });
  const result = await judge(out.x0 as tf.Tensor);
  disposeValues(out);
  return { ...result, leaked: tf.memory().numTensors - before };
}

describe('DPS and ΠGDM through a tiny U-Net', () => {
  it('gradient slices: points whole, 200 MNIST digits (images or rows of 784) by 16, 14×14 images by 64', () => {
    const cases: [number[], number][] = [[[2000, 2], 2000], [[200, 28, 28, 1], 16], [[200, 784], 16], [[8, 14, 14, 1], 64]];
    for (const [shape, rows] of cases) {
      const x = tf.zeros(shape);
      expect(gradientRows(x), shape.join('×')).toBe(rows);
      x.dispose();
    }
  });

  // Measured RMS of A x̂ − y: unguided 1.27 (DPS's DDPM) and 1.24 (DDIM); guided DPS 0.055, ΠGDM
  // paper 0.033, Tweedie 0.031 (σ_y = 0.05); max |x̂| 3.5–3.6 guided and unguided alike.
  it.each([
    ['DPS, ζ′ = 0.5, 20 levels: finite, bounded, RMS of A x̂ − y below 0.1', dps, { zeta: 0.5 }, 0.1],
    ['ΠGDM, paper weighting, 10 steps: finite, bounded, RMS below 0.07', pigdm, { steps: 10 }, 0.07],
    ['ΠGDM, Tweedie weighting, 10 steps: finite, bounded, RMS below 0.07', pigdm, { steps: 10, weighting: 'tweedie' }, 0.07],
  ] as [string, AnyNodeDef, Record<string, unknown>, number][])('%s', { timeout: 120_000 }, async (_name, def, params, bound) => {
    const free = await run(def, params, false);
    const guided = await run(def, params, true);
    expect(guided.finite).toBe(true);
    expect(guided.maxAbs).toBeLessThan(2 * free.maxAbs);
    expect(free.rms).toBeGreaterThan(0.8);
    expect(guided.rms).toBeLessThan(bound);
    // The unguided run came first and filled the net's weight cache; the guided one leaves nothing.
    expect(guided.leaked).toBe(0);
  });
});
