import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { testRegistry, trainer } from './__fixtures__/test-nodes';
import type { RunEvent } from './events';
import { Executor } from './executor';
import { GraphFileSchema } from './format';
import { MemoryWeightStore } from './persist';

const graph = (steps: number) =>
  GraphFileSchema.parse({
    format: 'diffusion-graph-lab/graph', version: 1, name: 'p',
    nodes: [{ id: 'c', type: 'test/constant', typeVersion: 2, params: { value: 2 } }, { id: 't', type: 'test/train', typeVersion: 1, params: { steps } }],
    edges: [{ id: 'e', source: 'c', sourcePort: 'x', target: 't', targetPort: 'x' }],
  });

describe('trained results in the weight store', () => {
  it('are saved after training and restored, not retrained, by a new session', async () => {
    const store = new MemoryWeightStore();
    const before = tf.memory().numTensors;
    trainer.runs = 0;
    const first = new Executor(testRegistry(), store);
    await first.run(graph(3));
    expect(trainer.runs).toBe(1);
    expect(store.entries.size).toBe(1);
    first.clear();

    const second = new Executor(testRegistry(), store);
    const events: RunEvent[] = [];
    const r = await second.run(graph(3), { onEvent: (e) => events.push(e) });
    expect(r.nodes.t.status).toBe('cached');
    expect(events).toContainEqual({ type: 'cached', node: 't', from: 'storage' });
    expect(trainer.runs).toBe(1);
    expect(Array.from(await (second.outputsOf('t')!.w as tf.Tensor).data())).toEqual([6, 6, 6]);

    // Other params are another key: trained afresh.
    await second.run(graph(4));
    expect(trainer.runs).toBe(2);
    second.clear();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains again when the stored weights cannot be used', async () => {
    const store = new MemoryWeightStore();
    trainer.runs = 0;
    const ex = new Executor(testRegistry(), store);
    await ex.run(graph(3));
    ex.clear();
    for (const w of store.entries.values()) w.config.kind = 'other';
    const before = tf.memory().numTensors;
    const r = await new Executor(testRegistry(), store).run(graph(3));
    expect(r.nodes.t.status).toBe('done');
    expect(trainer.runs).toBe(2);
    expect(tf.memory().numTensors).toBe(before + 2);
  });

  it('never fails a run because the store fails', async () => {
    const failing = { get: async () => Promise.reject(new Error('no db')), put: async () => Promise.reject(new Error('quota')) };
    const ex = new Executor(testRegistry(), failing);
    expect((await ex.run(graph(3))).status).toBe('done');
    ex.clear();
  });
});
