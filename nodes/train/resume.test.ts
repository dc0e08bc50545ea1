import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { runNode } from '../../src/engine/testing';
import type { Series } from '../../src/engine/values';
import type { Model } from '../lib/nn/model';
import { setTrainingCheckpoints, type TrainingState } from '../lib/nn/train-checkpoints';
import { loadMnist } from '../lib/mnist-source';
import { mnistDistribution } from '../lib/mnist-distribution';
import { vpSchedule } from '../lib/schedules';
import { toy2d } from '../lib/toy2d';
import scoreMlp from '../model/score-mlp';
import unet from '../model/unet';
import denoising from './denoising';

/** Hooks in memory that keep every checkpoint (a deep copy), and hand back `resumeAt`'s when asked. */
function memoryHooks(nodeId: string, resumeFrom?: TrainingState) {
  const saved: TrainingState[] = [];
  setTrainingCheckpoints({
    every: 3,
    nodes: [nodeId],
    load: async () => resumeFrom,
    save: async (_id, s) => void saved.push(structuredClone(s)),
  });
  return saved;
}

/** runNode's context names the node 'test'. */
const NODE = 'test';

afterEach(() => setTrainingCheckpoints(undefined));

describe('train/denoising: stop and continue', () => {
  it.each([
    ['an MLP on points', 'mlp'],
    ['a U-Net on 14×14 digits', 'unet'],
  ] as const)('%s: continued from a checkpoint, the loss curve and the weights are those of an uninterrupted run', async (_name, kind) => {
    const before = tf.memory().numTensors;
    const data = kind === 'mlp' ? toy2d('8gaussians') : mnistDistribution(await loadMnist(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 200, 14);
    const source = (kind === 'mlp'
      ? (await runNode(scoreMlp, {}, { hidden: 16, layers: 2 }, { seed: 1 })).model
      : (await runNode(unet, {}, { height: 14, width: 14, levels: [8, 16] }, { seed: 1 })).model) as Model;
    const params = { steps: 7, batch: 8, lr: 3e-3, ema: 0.9, warmup: 2 };
    const run = async () => (await runNode(denoising, { model: source, data, schedule: vpSchedule() }, params, { seed: 2 })) as { model: Model; loss: Series };

    const saved = memoryHooks(NODE);
    const whole = await run();
    expect(saved.map((s) => s.loop.step)).toEqual([3, 6, 7]);

    // "Killed" after step 3: a new run continues from that checkpoint.
    memoryHooks(NODE, saved[0]);
    const continued = await run();
    expect(continued.loss.y).toEqual(whole.loss.y);
    expect(Array.from((await continued.model.getWeights()).theta)).toEqual(Array.from((await whole.model.getWeights()).theta));

    // A checkpoint of another recipe is refused, naming the difference.
    memoryHooks(NODE, { ...saved[0], recipe: saved[0].recipe.replace('"lr":0.003', '"lr":0.001') });
    await expect(run()).rejects.toThrow(/another recipe \(lr = 0.001, this run 0.003\)/);

    [whole.model, continued.model, source].forEach((m) => m.dispose());
    (data as { dispose?: () => void }).dispose?.();
    expect(tf.memory().numTensors).toBe(before);
  });
});
