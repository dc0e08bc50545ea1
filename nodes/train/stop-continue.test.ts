import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '..';
import type { RunEvent } from '../../src/engine/events';
import { Executor } from '../../src/engine/executor';
import { GraphFileSchema } from '../../src/engine/format';
import { MemoryWeightStore } from '../../src/engine/persist';
import type { Series } from '../../src/engine/values';
import { fromStored } from '../lib/nn/train-resume';
import type { Model } from '../lib/nn/model';

/**
 * Stop and continue in the editor (issue 15): the executor hands a training node its slot in the
 * weight store (RunContext.resumeStore, under the node's cache key); Stop saves θ, Adam's state,
 * the EMA, the step and the curve; the next run of the same node, in this session or after a
 * reload (a new executor on the same store), continues from there and ends with the weights and
 * loss curve of a run that was never stopped. The saved state is cleared once training finishes.
 */

const n = (id: string, type: string, params = {}) => ({ id, type, typeVersion: 1, params });
const e = (source: string, sourcePort: string, target: string, targetPort: string) => ({ id: `${source}.${sourcePort}-${target}.${targetPort}`, source, sourcePort, target, targetPort });
const STEPS = 10;
const graph = GraphFileSchema.parse({
  format: 'diffusion-graph-lab/graph', version: 1, name: 'stop and continue', seed: 0,
  nodes: [
    n('digits', 'data/mnist', { n: 100, size: 14 }), n('schedule', 'schedule/linear', { T: 100 }),
    n('net', 'model/unet', { height: 14, width: 14, levels: [8, 16], seed: 1 }),
    n('train', 'train/denoising', { steps: STEPS, batch: 8, lr: 3e-3, ema: 0.9, warmup: 2, seed: 2 }),
  ],
  edges: [e('net', 'model', 'train', 'model'), e('digits', 'dist', 'train', 'data'), e('schedule', 'schedule', 'train', 'schedule')],
});

/**
 * One run of the graph; with `stopAfter`, Stop is pressed during the training's step `stopAfter`
 * (counted by the cancel checkpoints it passes, one before each step), whatever the machine's speed:
 * progress events are paced by time (one per 250 ms) and a fast machine trains 10 steps before the first.
 */
async function session(store: MemoryWeightStore, stopAfter?: number) {
  const ex = new Executor(createRegistry(), store);
  const controller = new AbortController();
  const progress: number[] = [];
  let training = false;
  let checkpoints = 0;
  const reply = await ex.run(graph, {
    signal: controller.signal,
    progressIntervalMs: 0,
    pace: () => {
      if (training && stopAfter !== undefined && ++checkpoints === stopAfter) controller.abort();
      return undefined;
    },
    onEvent: (ev: RunEvent) => {
      if (ev.type !== 'running' || ev.node !== 'train') return;
      training = true;
      progress.push(ev.progress);
    },
  });
  const out = ex.outputsOf('train');
  const result = out && { theta: Array.from(await (out.model as Model).variables.theta.data()), loss: (out.loss as Series).y };
  ex.clear();
  return { reply, progress, result };
}

const resumeEntry = (store: MemoryWeightStore) => [...store.entries.entries()].find(([k]) => k.endsWith('#resume'))?.[1];

describe('train/denoising in the editor: stop and continue', () => {
  it('a stopped U-Net training continues from the stored state and ends as an uninterrupted run', { timeout: 300_000 }, async () => {
    const before = tf.memory().numTensors;
    const whole = await session(new MemoryWeightStore());
    expect(whole.reply.status).toBe('done');

    const store = new MemoryWeightStore();
    const stopped = await session(store, 4);
    expect(stopped.reply.nodes.train.status).toBe('cancelled');
    const saved = fromStored(resumeEntry(store));
    expect(saved).toBeDefined();
    const at = saved!.loop.step;
    expect(at).toBeGreaterThanOrEqual(3);
    expect(at).toBeLessThan(STEPS);
    expect(saved!.theta.length).toBe(whole.result!.theta.length);
    expect(tf.memory().numTensors).toBe(before);

    // A reload: a new executor on the same store continues at step `at`, not from 0.
    const continued = await session(store);
    expect(continued.reply.nodes.train.status).toBe('done');
    expect(Math.min(...continued.progress.filter((p) => p > 0))).toBeGreaterThanOrEqual((at + 1) / STEPS);
    expect(continued.result!.loss).toEqual(whole.result!.loss);
    expect(continued.result!.theta).toEqual(whole.result!.theta);
    // Finished: the state is cleared (the trained net itself is stored under the node's key).
    expect(resumeEntry(store)).toBeDefined();
    expect(fromStored(resumeEntry(store))).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  });
});
