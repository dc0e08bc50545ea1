import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '..';
import type { RunEvent } from '../../src/engine/events';
import { Executor } from '../../src/engine/executor';
import { GraphFileSchema } from '../../src/engine/format';
import { MemoryWeightStore } from '../../src/engine/persist';

const n = (id: string, type: string, params = {}) => ({ id, type, typeVersion: 1, params });
const e = (source: string, sourcePort: string, target: string, targetPort: string) => ({ id: `${source}-${target}.${targetPort}`, source, sourcePort, target, targetPort });

// Train briefly, then read the trained predictor at a few points.
const graph = GraphFileSchema.parse({
  format: 'diffusion-graph-lab/graph', version: 1, name: 'persist',
  nodes: [
    n('data', 'data/toy2d', { name: '8gaussians' }), n('schedule', 'schedule/vp'), n('net', 'model/score-mlp', { hidden: 32, layers: 2, seed: 1 }),
    n('train', 'train/denoising', { steps: 30, batch: 64, seed: 2 }), n('x', 'data/tensor', { values: [[0.5, -1], [2, 2]] }),
    n('read', 'score/evaluate', { t: 0.3, as: 'eps' }),
  ],
  edges: [e('net', 'model', 'train', 'model'), e('data', 'dist', 'train', 'data'), e('schedule', 'schedule', 'train', 'schedule'), e('train', 'predictor', 'read', 'predictor'), e('schedule', 'schedule', 'read', 'schedule'), e('x', 'x', 'read', 'x')],
});

describe('a trained score network in the weight store', () => {
  it('is restored by a new session with the same predictions and loss curve, without retraining', async () => {
    const store = new MemoryWeightStore();
    const before = tf.memory().numTensors;
    const first = new Executor(createRegistry(), store);
    expect((await first.run(graph)).status).toBe('done');
    const trained = Array.from(await (first.outputsOf('read')!.y as tf.Tensor).data());
    const loss = first.outputsOf('train')!.loss;
    first.clear();
    expect(store.entries.size).toBe(1);

    const events: RunEvent[] = [];
    const second = new Executor(createRegistry(), store);
    expect((await second.run(graph, { onEvent: (ev) => events.push(ev) })).status).toBe('done');
    expect(events).toContainEqual({ type: 'cached', node: 'train', from: 'storage' });
    expect(Array.from(await (second.outputsOf('read')!.y as tf.Tensor).data())).toEqual(trained);
    expect(second.outputsOf('train')!.loss).toEqual(loss);
    second.clear();
    expect(tf.memory().numTensors).toBe(before);
  });
});
