import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode } from '../src/engine/node';
import { summarizeOutputs } from './summary';

const def = defineNode({
  type: 't/s', version: 1, title: 't', category: 'data', inputs: {},
  outputs: { pts: 'tensor', col: 'tensor', value: 'number', schedule: 'schedule', loss: 'series' },
  params: z.object({}), docs: { summary: '' }, run: () => ({}),
});

describe('summarizeOutputs', () => {
  it('gives shapes, values, one-line texts and inline previews, leaking nothing', async () => {
    const pts = tf.tensor2d([[0, 1], [2, 3], [4, 5]]);
    const col = tf.tensor2d([[1], [2], [2], [3]]);
    const before = tf.memory().numTensors;
    const s = await summarizeOutputs(def, {
      pts, col, value: 0.25,
      schedule: { name: 'linear', family: 'vp', N: 1000 },
      loss: { name: 'loss', xLabel: 'step', yLabel: 'loss', x: [0, 1, 2], y: [3, 2, 1] },
    });
    expect(tf.memory().numTensors).toBe(before);
    const by = Object.fromEntries(s.map((o) => [o.port, o]));
    expect(by.pts).toMatchObject({ type: 'tensor', shape: [3, 2], preview: { kind: 'scatter' } });
    expect(Array.from((by.pts.preview as { points: Float32Array }).points)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(by.col.preview).toMatchObject({ kind: 'histogram' });
    expect(by.value).toEqual({ port: 'value', type: 'number', value: 0.25 });
    expect(by.schedule.text).toBe('linear, VP, N = 1000');
    expect(by.loss.preview).toMatchObject({ kind: 'lines', xLabel: 'step' });
    tf.dispose([pts, col]);
  });
});
