import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { restoreModel } from '../../nodes/lib/nn/kinds';
import { unetConfig } from '../../nodes/lib/nn/unet';
import { unetParamCount, unetSlots } from '../../nodes/lib/nn/unet-layout';
import type { TrainingState } from '../../nodes/lib/nn/train-checkpoints';
import type { ScoreNetwork } from '../../src/engine/values';
import { withClassTable } from './checkpoint-classes';

const config = unetConfig({ height: 8, width: 8, channels: 1, levels: [8, 16], blocks: 1, attention: false, classes: 0, embedding: 'sinusoidal', output: 'eps' }, 0);
const n = unetParamCount(config);
const wave = (k: number) => Float32Array.from({ length: n }, (_, i) => 0.2 * Math.sin(k * i + 1));
const state: TrainingState = { config, theta: wave(1), adam: { m: wave(2), v: wave(3).map(Math.abs), avg: wave(4), t: 12 }, loop: { step: 12, sums: [3], counts: [12] }, recipe: JSON.stringify({ params: { ema: 0.99, previewEvery: 0, steps: 40 }, seed: 5 }) };

function predict(s: TrainingState, labels?: Int32Array): Float32Array {
  return tf.tidy(() => {
    const net = restoreModel(s.config, { theta: s.theta }) as unknown as ScoreNetwork & { dispose(): void };
    const x = tf.tensor4d(Float32Array.from({ length: 3 * 64 }, (_, i) => Math.cos(0.37 * i)), [3, 8, 8, 1]);
    const out = net.apply(x, 0.8, labels).dataSync() as Float32Array;
    net.dispose();
    return out;
  });
}

describe('withClassTable (an unconditional U-Net checkpoint made class-conditional)', () => {
  it('inserts a zero class table at its slot in θ, m, v and the average, so the network computes the same for every label', () => {
    const conditional = withClassTable(state);
    const slot = unetSlots(conditional.config as typeof config).find((s) => s.name === 'emb.class')!;
    expect(slot.shape).toEqual([11, 4 * 8]);
    for (const [a, b] of [[conditional.theta, state.theta], [conditional.adam.m, state.adam.m], [conditional.adam.avg!, state.adam.avg!]] as const) {
      expect(a.length).toBe(n + slot.size);
      expect(Array.from(a.subarray(0, slot.offset))).toEqual(Array.from(b.subarray(0, slot.offset)));
      expect(Array.from(a.subarray(slot.offset, slot.offset + slot.size)).every((v) => v === 0)).toBe(true);
      expect(Array.from(a.subarray(slot.offset + slot.size))).toEqual(Array.from(b.subarray(slot.offset)));
    }
    const before = predict(state);
    for (const labels of [Int32Array.of(3, 10, 0), Int32Array.of(10, 10, 10)]) {
      const after = predict(conditional, labels);
      for (let i = 0; i < before.length; i++) expect(after[i]).toBeCloseTo(before[i], 6);
    }
    // The test can fail: a non-zero row for digit 3 changes what the network predicts for label 3.
    const theta = conditional.theta.slice();
    theta.fill(0.5, slot.offset + 3 * slot.shape[1], slot.offset + 4 * slot.shape[1]);
    const moved = predict({ ...conditional, theta }, Int32Array.of(3, 10, 0));
    const change = (lo: number) => moved.slice(lo, lo + 64).reduce((sum, v, i) => sum + Math.abs(v - before[lo + i]), 0);
    expect(change(0)).toBeGreaterThan(1e-3);
    expect(change(64)).toBeLessThan(1e-5);
  });

  it('records the recipe as a conditional run does (pUncond, no previewEvery) and keeps step, curve and Adam t', () => {
    const c = withClassTable(state);
    expect(JSON.parse(c.recipe)).toEqual({ params: { pUncond: 0.1, ema: 0.99, steps: 40 }, seed: 5 });
    expect([c.loop, c.adam.t, (c.config as typeof config).classes]).toEqual([state.loop, 12, 10]);
    expect(() => withClassTable(c)).toThrow(/expected an unconditional U-Net checkpoint/);
  });
});
