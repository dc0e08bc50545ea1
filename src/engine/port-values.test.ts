import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NodeRunError } from './context';
import { guardInputs } from './input-guard';
import { defineNode } from './node';
import { images, PORT_GUARDS, points, portValueProblem } from './port-values';
import { PORT_TYPES } from './ports';

const fakeModel = (methods: string[]) => ({ kind: 'k', getWeights: async () => ({}), variables: {}, ...Object.fromEntries(methods.map((m) => [m, () => 0])) });

describe('port guards', () => {
  it('has a guard for every port type, and each refuses undefined', () => {
    for (const t of PORT_TYPES) expect(PORT_GUARDS[t](undefined), t).toMatch(/got nothing$/);
  });

  it('tells the model roles apart: a VAE is no score network and the reverse', () => {
    const vae = fakeModel(['encode', 'decode']);
    const net = fakeModel(['apply']);
    expect(PORT_GUARDS['score-net'](net)).toBeUndefined();
    expect(PORT_GUARDS['score-net'](vae)).toBe('expected a score network (model/score-mlp, model/unet), got a k model');
    expect(PORT_GUARDS.vae(vae)).toBeUndefined();
    expect(PORT_GUARDS.vae(net)).toMatch(/^expected a VAE/);
    expect(PORT_GUARDS.classifier(fakeModel(['logits']))).toBeUndefined();
  });

  it('checks series and trajectory lengths, images rank', () => {
    expect(PORT_GUARDS.series({ x: [1, 2], y: [1] })).toBe('a series with 2 x values but 1 y values');
    const frames = tf.zeros([3, 2, 2]);
    expect(PORT_GUARDS.trajectory({ frames, times: [0, 1] })).toBe('a trajectory with 3 frames but 2 times');
    expect(PORT_GUARDS.trajectory({ frames, times: [0, 1, 2] })).toBeUndefined();
    expect(PORT_GUARDS.images(frames)).toBe('expected images [N, H, W, C], got a tensor of shape [3, 2, 2]');
    frames.dispose();
  });

  it('accepts a value that fits any accepted type', () => {
    const x = tf.zeros([2, 3]);
    expect(portValueProblem(x, ['images', 'tensor'])).toBeUndefined();
    expect(portValueProblem(x, ['images'])).toMatch(/shape \[2, 3\]/);
    x.dispose();
  });
});

describe('points and images', () => {
  it('name the port and the shape', () => {
    const x = tf.zeros([2, 4, 4, 1]);
    expect(() => points(x, 'xT')).toThrow('xT: expected points of shape [N, D], got shape [2, 4, 4, 1]');
    expect(images(x, 'x', 1)).toBe(x);
    expect(() => images(x, 'x', 3)).toThrow('x: expected images with 3 channels [N, H, W, 3], got shape [2, 4, 4, 1]');
    const y = tf.zeros([1, 2]);
    expect(() => points(y, 'a', 2)).toThrow('a: needs at least 2 points, got 1');
    tf.dispose([x, y]);
  });
});

describe('guardInputs', () => {
  const def = defineNode({
    type: 'test/guarded',
    version: 1,
    title: 't',
    category: 'metric',
    inputs: { x: 'tensor', n: { type: 'number', optional: true } },
    outputs: {},
    params: z.object({}),
    docs: { summary: 's' },
    // Typed from the ports: x is a tf.Tensor, n is number | undefined (no casts).
    run: (inputs) => ({ rank: inputs.x.rank + (inputs.n ?? 0) }),
  });

  it('passes values of the right kinds and leaves optional ports empty', () => {
    const x = tf.zeros([1]);
    expect(() => guardInputs(def, { x })).not.toThrow();
    x.dispose();
  });

  it('refuses a wrong value with a structured error on the port', () => {
    let error: unknown;
    try {
      guardInputs(def, { x: 3 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NodeRunError);
    expect(error).toMatchObject({ port: 'x', code: 'wrong-value', message: 'x: expected a tensor, got number' });
    expect(() => guardInputs(def, {})).toThrow('x: expected a tensor, got nothing');
  });
});
