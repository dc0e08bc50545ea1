import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../../nodes/lib/safetensors';
import { unetConfig } from '../../nodes/lib/nn/unet';
import { unetParamCount } from '../../nodes/lib/nn/unet-layout';
import type { TrainingState } from '../../nodes/lib/nn/train-checkpoints';
import { parseArgs, UsageError } from './args';
import { checkpointModel, decodeCheckpoint, encodeCheckpoint } from './checkpoints';

const config = unetConfig({ height: 14, width: 14, channels: 1, levels: [8, 16], blocks: 1, attention: false, classes: 0, embedding: 'sinusoidal', output: 'eps' }, 0);
const n = unetParamCount(config);
const state = (ema: number): TrainingState => ({
  config,
  theta: Float32Array.from({ length: n }, (_, i) => Math.sin(i)),
  adam: { m: Float32Array.from({ length: n }, (_, i) => i * 1e-6), v: new Float32Array(n).fill(2e-6), avg: Float32Array.from({ length: n }, (_, i) => 0.5 * Math.cos(i)), t: 7 },
  loop: { step: 7, sums: [1.5, 0.25], counts: [5, 2] },
  recipe: JSON.stringify({ params: { ema, steps: 9 }, seed: 0 }),
});

describe('CLI weights and checkpoints', () => {
  it('parses --save-weights, --weights-dtype, --checkpoint and --checkpoint-every, refusing bad values by name', () => {
    const a = parseArgs(['g.json', '--out', 'o', '--save-weights', 'train=w.safetensors', '--weights-dtype', 'f16', '--checkpoint', 'train=c.safetensors', '--checkpoint-every', '25']);
    expect([a.saveWeights, a.weightsDtype, a.checkpoints, a.checkpointEvery]).toEqual([{ train: 'w.safetensors' }, 'F16', { train: 'c.safetensors' }, 25]);
    expect(() => parseArgs(['g.json', '--out', 'o', '--save-weights', 'w.safetensors'])).toThrow(/--save-weights needs <node>=<file>/);
    expect(() => parseArgs(['g.json', '--out', 'o', '--weights-dtype', 'f64'])).toThrow(/--weights-dtype must be f32 or f16, not 'f64'/);
    expect(() => parseArgs(['g.json', '--out', 'o', '--checkpoint-every', '0'])).toThrow(UsageError);
  });

  it('round-trips a training state through a checkpoint file exactly', () => {
    const s = state(0.9);
    const back = decodeCheckpoint(encodeCheckpoint(s), 'c');
    expect(back.loop).toEqual(s.loop);
    expect(back.recipe).toBe(s.recipe);
    expect(back.config).toEqual(s.config);
    expect(back.adam.t).toBe(7);
    for (const [a, b] of [[back.theta, s.theta], [back.adam.m, s.adam.m], [back.adam.v, s.adam.v], [back.adam.avg!, s.adam.avg!]]) expect(Array.from(a)).toEqual(Array.from(b));
    expect(() => decodeCheckpoint(encodeCheckpoint({ ...s, adam: { ...s.adam, t: -1 } }), 'c.safetensors')).toThrow(/c.safetensors: __metadata__\['adam.t'\] is "-1"/);
  });

  it('makes the bias-corrected EMA network of a checkpoint, θ̄/(1 − δᵗ), or θ without an EMA', async () => {
    const before = tf.memory().numTensors;
    for (const ema of [0.9, 0]) {
      const s = state(ema);
      const { model, step } = checkpointModel(decodeSafetensors(encodeCheckpoint(s)), 'c');
      const got = (await model.getWeights()).theta;
      const want = ema ? Float32Array.from(s.adam.avg!, (v) => v / (1 - 0.9 ** 7)) : s.theta;
      expect(step).toBe(7);
      expect(Array.from(got)).toEqual(Array.from(want));
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
