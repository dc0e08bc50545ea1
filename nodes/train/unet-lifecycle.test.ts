import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '..';
import type { RunEvent } from '../../src/engine/events';
import { Executor } from '../../src/engine/executor';
import { GraphFileSchema } from '../../src/engine/format';
import { MemoryWeightStore } from '../../src/engine/persist';
import { SLICE_PIXELS } from '../lib/nn/score-predictor';

/**
 * No leaks across training, cancel and reload with a U-Net (issue 15), through the engine as the
 * worker runs it: train/denoising cancelled mid-training (its stopped state kept), a full run (the trained net goes to the
 * weight store), sampling cancelled mid-run in a new session that restores the net from the store
 * (no retraining), and a full run from the store that gives the first session's samples bit for
 * bit. After each session is cleared, tf.memory() holds exactly the tensors it held before.
 */

const n = (id: string, type: string, params = {}) => ({ id, type, typeVersion: 1, params });
const e = (source: string, sourcePort: string, target: string, targetPort: string) => ({ id: `${source}.${sourcePort}-${target}.${targetPort}`, source, sourcePort, target, targetPort });

/** 40 digits of 14×14: two slices of a U-Net call (32 + 8 rows), so a sampler step has a checkpoint inside it. */
const SAMPLES = 40;
const graph = (steps: number) =>
  GraphFileSchema.parse({
    format: 'diffusion-graph-lab/graph', version: 1, name: 'U-Net lifecycle', seed: 0,
    nodes: [
      n('digits', 'data/mnist', { n: 200, size: 14 }), n('schedule', 'schedule/linear', { T: 100 }),
      n('net', 'model/unet', { height: 14, width: 14, levels: [8, 16], seed: 1 }),
      n('train', 'train/denoising', { steps, batch: 8, lr: 3e-3, warmup: 2, seed: 2 }),
      n('xT', 'noise/normal', { n: SAMPLES, shape: [14, 14, 1], seed: 3 }), n('sampler', 'sampler/ddim', { steps: 8 }),
    ],
    edges: [
      e('net', 'model', 'train', 'model'), e('digits', 'dist', 'train', 'data'), e('schedule', 'schedule', 'train', 'schedule'),
      e('train', 'predictor', 'sampler', 'predictor'), e('schedule', 'schedule', 'sampler', 'schedule'), e('xT', 'x', 'sampler', 'xT'),
    ],
  });

/** Run the graph in a new session on `store`, cancelling once `node` reports progress ≥ `at`. */
async function session(store: MemoryWeightStore, steps: number, cancel?: { node: string; at: number }) {
  const ex = new Executor(createRegistry(), store);
  const controller = new AbortController();
  const events: RunEvent[] = [];
  const reply = await ex.run(graph(steps), {
    signal: controller.signal,
    progressIntervalMs: 1,
    onEvent: (ev) => {
      events.push(ev);
      if (cancel && ev.type === 'running' && ev.node === cancel.node && ev.progress >= cancel.at) controller.abort();
    },
  });
  const x0 = reply.status === 'done' ? Array.from(await (ex.outputsOf('sampler')!.x0 as tf.Tensor).data()) : undefined;
  ex.clear();
  return { reply, events, x0 };
}

describe('a U-Net through training, cancel and reload', () => {
  it('leaves tf.memory() where it was after each session, and restores the trained net from the store', { timeout: 600_000 }, async () => {
    expect(SLICE_PIXELS / 196).toBeLessThan(SAMPLES);
    const store = new MemoryWeightStore();
    const before = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;

    // 1. Cancelled mid-training: only the stopped state is stored (stop-continue.test.ts), no tensor is left.
    const cancelledTraining = await session(store, 30, { node: 'train', at: 0.2 });
    expect(cancelledTraining.reply.status).toBe('cancelled');
    expect(cancelledTraining.reply.nodes.train.status).toBe('cancelled');
    expect([...store.entries.keys()].every((k) => k.endsWith('#resume'))).toBe(true);
    expect(tf.memory().numTensors).toBe(before);

    // 2. A full run (another step count: another node): the trained net is stored.
    const full = await session(store, 6);
    expect(full.reply.status).toBe('done');
    expect([...store.entries.keys()].filter((k) => !k.endsWith('#resume'))).toHaveLength(1);
    expect(full.x0).toHaveLength(SAMPLES * 196);
    expect(tf.memory().numTensors).toBe(before);

    // 3. A new session (a reload): the net comes from the store, and sampling is cancelled mid-run.
    const cancelledSampling = await session(store, 6, { node: 'sampler', at: 0.3 });
    expect(cancelledSampling.events).toContainEqual({ type: 'cached', node: 'train', from: 'storage' });
    expect(cancelledSampling.reply.status).toBe('cancelled');
    expect(cancelledSampling.reply.nodes.sampler.status).toBe('cancelled');
    expect(tf.memory().numTensors).toBe(before);

    // 4. Another reload runs to the end: the first session's samples, bit for bit.
    const restored = await session(store, 6);
    expect(restored.events).toContainEqual({ type: 'cached', node: 'train', from: 'storage' });
    expect(restored.reply.nodes.train.status).toBe('cached');
    expect(restored.x0).toEqual(full.x0);
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.memory().numBytes).toBe(bytes);
  });
});
